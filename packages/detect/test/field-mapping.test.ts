// Logsource routing and field mapping: vendor rules see only their source kind and read the
// original record from raw (JSON, auditd lines, CloudHSM blocks), with native fallbacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev } from './support/events.ts';
import { matches } from './support/one-rule.ts';

const ct = JSON.stringify({
  eventSource: 'kms.amazonaws.com',
  eventName: 'DisableKey',
  userIdentity: { type: 'Root', arn: 'arn:aws:iam::1:root' },
  requestParameters: { keyId: 'k-1' },
});
const CT = 'product: aws\n  service: cloudtrail';

test('a vendor rule sees only events of its source kind', () => {
  assert.ok(
    matches(
      's:\n  eventName: disablekey\ncondition: s',
      ev({ type: 'key.disable', source: { kind: 'cloudtrail' }, raw: ct }),
      CT,
    ),
  );
  assert.ok(
    !matches(
      's:\n  eventName: disablekey\ncondition: s',
      ev({ type: 'key.disable', source: { kind: 'vault' }, raw: ct }),
      CT,
    ),
  );
});

test('nested vendor fields and keywatch rules narrowed by service', () => {
  assert.ok(
    matches(
      's:\n  userIdentity.type: Root\n  requestParameters.keyId: k-1\ncondition: s',
      ev({ type: 'key.disable', source: { kind: 'cloudtrail' }, raw: ct }),
      CT,
    ),
  );
  const e = ev({ type: 'key.disable', source: { kind: 'cloudtrail' } });
  assert.ok(
    matches('s:\n  type: key.disable\ncondition: s', e, 'product: keywatch\n  service: cloudtrail'),
  );
  assert.ok(
    !matches('s:\n  type: key.disable\ncondition: s', e, 'product: keywatch\n  service: vault'),
  );
});

test('without a parsable raw, mapped fields fall back to native ones', () => {
  const e = ev({
    type: 'key.import',
    source: { kind: 'cloudtrail' },
    detail: {
      event_source: 'kms.amazonaws.com',
      operation: 'ImportKeyMaterial',
      request_parameters: { keyId: 'k-9' },
    },
  });
  assert.ok(
    matches(
      's:\n  eventSource: kms.amazonaws.com\n  eventName: ImportKeyMaterial\n  requestParameters.keyId: k-9\ncondition: s',
      e,
      CT,
    ),
  );
  assert.ok(
    !matches(
      's:\n  eventSource: kms.amazonaws.com\ncondition: s',
      { ...e, raw: JSON.stringify({ eventSource: 'iam.amazonaws.com' }) },
      CT,
    ),
  );
});

test('auditd: each record of a multi-record event is matched on its own; hex values decoded', () => {
  const raw = [
    'type=SYSCALL msg=audit(1.0:7): arch=c000003e syscall=59 success=yes exe=2F7573722F7362696E2F75736572616464 key="user-mgmt"',
    'type=PATH msg=audit(1.0:7): item=0 name="/etc/audit/audit.rules" nametype=NORMAL',
  ].join('\n');
  const e = ev({ type: 'file.access', source: { kind: 'auditd' }, raw });
  const AUD = 'product: linux\n  service: auditd';
  assert.ok(matches('s:\n  type: SYSCALL\n  exe|endswith: /useradd\ncondition: s', e, AUD));
  assert.ok(matches("s:\n  type: PATH\n  name: '/etc/audit/*'\ncondition: s", e, AUD));
  assert.ok(!matches("s:\n  type: SYSCALL\n  name: '/etc/audit/*'\ncondition: s", e, AUD));
  const user = ev({
    type: 'user.create',
    source: { kind: 'auditd' },
    raw: 'type=ADD_USER msg=audit(1.0:8): pid=1 uid=0 auid=1000 msg=\'op=adding user id=1004 exe="/usr/sbin/useradd" res=success\'\u001dUID="root" AUID="admin"',
  });
  assert.ok(
    matches('s:\n  exe: /usr/sbin/useradd\n  AUID: admin\n  op: adding\ncondition: s', user, AUD),
  );
});

test('CloudHSM blocks are read by label', () => {
  const raw =
    'Time: 12/19/17 21:01:17.140812, usecs:1513717277140812\nSequence No : 0x1\nOpcode : CN_CREATE_CO (0x12)\nResponse : 0:HSM Return: SUCCESS\nUser Name : officer2';
  const e = ev({ type: 'user.create', source: { kind: 'cloudhsm' }, raw });
  assert.ok(
    matches(
      's:\n  Opcode|startswith: CN_CREATE_CO\n  User Name: officer2\ncondition: s',
      e,
      'product: aws\n  service: cloudhsm',
    ),
  );
});

test('keys containing dots (Azure claim URIs) are reachable', () => {
  const raw = JSON.stringify({
    identity: { claim: { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': 'a@b.c' } },
  });
  const e = ev({ type: 'key.read', source: { kind: 'azure-keyvault' }, raw });
  assert.ok(
    matches(
      's:\n  identity.claim.http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn: a@b.c\ncondition: s',
      e,
      'product: azure\n  service: keyvault',
    ),
  );
});
