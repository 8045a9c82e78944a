// Secrets become hmac-sha256:<hex> under the per-log key; key material anywhere in a record is
// redacted in the event AND in raw, and adds a critical key.material_exposed event that points
// at the same target and the original record.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { hashSecret } from '../src/index.ts';
import type { NormalizedRecord, SourceKind } from '../src/core/record-types.ts';
import { KEY, decodeText, events, problems } from './helpers.ts';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const JWK = privateKey.export({ format: 'jwk' });
const AES = randomBytes(32).toString('base64');

function check(
  kind: SourceKind,
  text: string,
  secrets: string[],
  exposed: boolean,
): NormalizedRecord[] {
  const records = decodeText(kind, text);
  assert.deepEqual(problems(records), []);
  const dump = JSON.stringify(records);
  for (const s of secrets)
    assert.ok(!dump.includes(s), `${kind}: "${s.slice(0, 30)}…" leaked into ${dump.slice(0, 300)}`);
  const ev = events(records);
  const leak = ev.filter((e) => e.type === 'key.material_exposed');
  assert.equal(
    leak.length > 0,
    exposed,
    `${kind}: key.material_exposed ${exposed ? 'missing' : 'unexpected'}`,
  );
  for (const l of leak) {
    const original = ev.find((e) => e.id === l.detail?.['original_id']);
    assert.equal(l.severity, 'critical');
    if (original) assert.deepEqual(l.target, original.target);
  }
  return records;
}

const vaultPair = (path: string, requestData: unknown, responseData: unknown) =>
  [
    {
      time: '2026-01-01T00:00:00Z',
      type: 'request',
      auth: { display_name: 'alice', policies: ['root'] },
      request: { id: 'r1', operation: 'read', path, data: requestData, remote_address: '10.0.0.1' },
    },
    {
      time: '2026-01-01T00:00:01Z',
      type: 'response',
      auth: {
        display_name: 'alice',
        policies: ['root'],
        client_token: 'hvs.CAESIJ7kAAAAAAAAAAAAAAAAAAAAAAAA',
      },
      request: {
        id: 'r1',
        operation: 'read',
        path,
        client_token: 'hvs.CAESIJ7kAAAAAAAAAAAAAAAAAAAAAAAA',
        remote_address: '10.0.0.1',
        headers: { authorization: ['Bearer abcdefghijklmnop'] },
      },
      response: { data: responseData },
    },
  ]
    .map((o) => JSON.stringify(o))
    .join('\n');

test('hashSecret is HMAC-SHA256 hex, prefixed like Vault', () => {
  assert.match(hashSecret(KEY, 'x'), /^hmac-sha256:[0-9a-f]{64}$/);
  assert.equal(hashSecret(KEY, 'x'), hashSecret(KEY, 'x'));
  assert.notEqual(hashSecret(KEY, 'x'), hashSecret('another-key-0123456789', 'x'));
});

test('vault log_raw: transit export keys, tokens and headers are hashed; export is exposed', () => {
  const rec = check(
    'vault',
    vaultPair('transit/export/encryption-key/payments', undefined, {
      name: 'payments',
      keys: { '1': AES },
    }),
    [AES, 'hvs.CAESIJ7k', 'abcdefghijklmnop'],
    true,
  );
  const [ev, leak] = events(rec);
  assert.equal(ev?.type, 'key.export');
  assert.equal(ev?.target?.id, 'transit/keys/payments');
  assert.deepEqual(ev?.actor.roles, ['root']);
  assert.equal(leak?.detail?.['original_id'], ev?.id);
  assert.deepEqual(leak?.detail?.['locations'], ['response.data.keys.1']);
  assert.ok(
    ev?.raw?.includes(hashSecret(KEY, 'hvs.CAESIJ7kAAAAAAAAAAAAAAAAAAAAAAAA')),
    'a token stays searchable by its hash',
  );
});

test('vault: PKI private_key (PEM), datakey plaintext and backups are key material', () => {
  check(
    'vault',
    vaultPair(
      'pki/issue/web',
      { common_name: 'a.example' },
      { certificate: 'MIIB', private_key: PEM },
    ),
    [PEM.split('\n')[1]!],
    true,
  );
  check(
    'vault',
    vaultPair(
      'transit/datakey/plaintext/payments',
      {},
      { plaintext: AES, ciphertext: 'vault:v1:abc' },
    ),
    [AES],
    true,
  );
  check('vault', vaultPair('transit/backup/payments', undefined, { backup: AES }), [AES], true);
  check(
    'vault',
    vaultPair(
      'transit/decrypt/payments',
      { ciphertext: 'vault:v1:xyz123' },
      { plaintext: 'c2VjcmV0LWNhcmQ=' },
    ),
    ['c2VjcmV0LWNhcmQ=', 'vault:v1:xyz123'],
    false,
  );
});

test('native: a JWK with private members anywhere is redacted and reported', () => {
  const e = {
    time: '2026-01-01T00:00:00Z',
    type: 'key.create',
    outcome: 'success',
    actor: { id: 'app' },
    target: { type: 'key', id: 'k1' },
    detail: { jwk: JWK, password: 'hunter2-hunter2' },
  };
  const rec = check('native', JSON.stringify(e), [String(JWK.d), 'hunter2-hunter2'], true);
  assert.equal(events(rec)[1]?.target?.id, 'k1');
});

test('a secret under a "__proto__" member is redacted too', () => {
  // JSON.parse makes "__proto__" an ordinary member. The redacted copy is assigned to it in a
  // spread of its parent, whose own "__proto__" member takes the assignment (on an empty object
  // it would set the prototype and keep the secret: auditlog's RFC 8785 copy had that bug).
  const text = JSON.stringify({
    time: '2026-01-01T00:00:00Z',
    type: 'secret.write',
    outcome: 'success',
    actor: { id: 'app' },
    target: { type: 'secret', id: 's1' },
    detail: { note: 'x' },
  }).replace('"note":"x"', '"__proto__":{"password":"hunter3-hunter3"}');
  check('native', text, ['hunter3-hunter3'], false);
});

test('KMIP KeyMaterial in a Vault KMIP response is redacted', () => {
  const ttlv = {
    tag: 'ResponseMessage',
    value: [
      {
        tag: 'BatchItem',
        value: [
          { tag: 'Operation', type: 'Enumeration', value: '0x0000000a' },
          { tag: 'ResultStatus', type: 'Enumeration', value: '0x00000000' },
          {
            tag: 'ResponsePayload',
            value: [
              { tag: 'UniqueIdentifier', type: 'TextString', value: 'key-42' },
              { tag: 'KeyMaterial', type: 'ByteString', value: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' },
            ],
          },
        ],
      },
    ],
  };
  const line = JSON.stringify({
    time: '2026-01-01T00:00:00Z',
    type: 'kmip-response',
    request: { client_certificate_serial_number: '42', data: { kmip_request: {} } },
    response: { data: { kmip_response: ttlv } },
  });
  const rec = check('vault', line, ['a1b2c3d4e5f60718293a4b5c6d7e8f90'], true);
  assert.equal(events(rec)[0]?.type, 'key.export');
  assert.equal(events(rec)[0]?.target?.id, 'key-42');
});

test('cloudtrail: STS session tokens are hashed', () => {
  const ct = {
    eventVersion: '1.08',
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    eventTime: '2026-01-01T00:00:00Z',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::1:user/a' },
    responseElements: {
      credentials: {
        accessKeyId: 'ASIAEXAMPLE',
        sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
        expiration: 'x',
      },
    },
    eventID: 'e1',
  };
  const [r] = check('cloudtrail', JSON.stringify(ct), ['IQoJb3JpZ2luX2VjEXAMPLETOKEN'], false);
  assert.equal(r?.kind === 'event' && r.event.type, 'auth.privilege_use');
});

test('auditd: TTY keystrokes are hashed in the event and in raw; command-line passwords too', () => {
  const data = Buffer.from('sudo su\rmypassword\r').toString('hex').toUpperCase();
  const tty = `type=TTY msg=audit(1491924063.550:1065565): tty pid=1 uid=1000 auid=1000 ses=7 major=136 minor=0 comm="bash" data=${data}`;
  const cmd = Buffer.from('mysql --password=S3cretPass -e select').toString('hex').toUpperCase();
  const usercmd = `type=USER_CMD msg=audit(1489519256.192:19600329): pid=1 uid=0 auid=700 ses=1 msg='cwd="/" cmd=${cmd} terminal=pts/0 res=success'`;
  check('auditd', `${tty}\n${usercmd}`, [data, 'mypassword', cmd, 'S3cretPass'], false);
});

test('cloudhsm and syslog text: PEM blocks and labelled key bytes are redacted', () => {
  const block = [
    'Time: 12/19/17 21:01:17.140812, usecs:1513717277140812',
    'Sequence No : 0x1',
    'Reboot counter : 0xe8',
    'Opcode : CN_WRAP_KEY (0x1a)',
    'Session Handle : 0x1',
    'Response : 0:HSM Return: SUCCESS',
    'Priv/Secret Key Handle : 7',
    `Key Bytes : ${'ab'.repeat(32)}`,
  ].join('\n');
  check('cloudhsm', block, ['ab'.repeat(32)], true);
  const msg = `<34>1 2026-01-01T00:00:00Z host app - - - leaked ${PEM.replaceAll('\n', ' ')}`;
  check('syslog', msg, [PEM.split('\n')[1]!], true);
});

test('a quarantined record is redacted too and still reports the exposure', () => {
  const broken = `{"oops": "${PEM.replaceAll('\n', '\\n')}", }`;
  const rec = check('cloudtrail', broken, [PEM.split('\n')[1]!], true);
  assert.equal(rec[0]?.kind, 'quarantine');
});
