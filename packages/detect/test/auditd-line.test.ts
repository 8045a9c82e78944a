// auditd lines and CloudHSM blocks as detection documents: every field stays a field, a
// "__proto__" one too (assigning it to a plain object would set the object's prototype).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAuditdLine, parseCloudHsmBlock } from '../src/fields/auditd-line.ts';

test('an auditd line keeps every field, the msg payload lifted, a "__proto__" field included', () => {
  const doc = parseAuditdLine(
    'type=USER_CMD msg=audit(1700000000.123:42): pid=7 __proto__=x msg=\'cmd=6C73 __proto__=y exe="/usr/bin/sudo"\'',
  )!;
  assert.equal(Object.getPrototypeOf(doc), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(doc, '__proto__')?.value, 'x', 'the outer one wins');
  assert.equal(doc['cmd'], 'ls');
  assert.equal(doc['exe'], '/usr/bin/sudo');
  assert.equal(doc['pid'], '7');
});

test('a CloudHSM block keeps a "__proto__" label as a field', () => {
  const doc = parseCloudHsmBlock('Opcode: CN_LOGIN\n__proto__ : z\nStatus: 0x0')!;
  assert.equal(Object.getOwnPropertyDescriptor(doc, '__proto__')?.value, 'z');
  assert.equal(doc['Opcode'], 'CN_LOGIN');
  assert.equal(Object.getPrototypeOf(doc), Object.prototype);
});
