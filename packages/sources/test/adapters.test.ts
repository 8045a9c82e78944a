// Adapter behaviour the samples do not show: Vault pairing limits and path mapping, CloudTrail
// gzip files and one-event-per-line, incomplete records, unsupported input, option checks.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { SourceError, createDecoder, decodeFile, decodeRecord } from '../src/index.ts';
import { classifyVault } from '../src/vault/vault-classify.ts';
import { OPTIONS, decodeText, events } from './helpers.ts';

const req = (id: string, path: string, operation = 'update', extra: object = {}) =>
  JSON.stringify({
    time: '2026-01-01T00:00:00Z',
    type: 'request',
    auth: { display_name: 'bob', policies: ['default'] },
    request: { id, operation, path },
    ...extra,
  });
const res = (id: string, path: string, operation = 'update', extra: object = {}) =>
  JSON.stringify({
    time: '2026-01-01T00:00:01Z',
    type: 'response',
    auth: { display_name: 'bob', policies: ['default'] },
    request: { id, operation, path },
    response: {},
    ...extra,
  });

test('vault: response joins its request; unpaired requests go out alone at flush or past maxPending', () => {
  const d = createDecoder('vault', { ...OPTIONS, vaultMaxPending: 2 });
  assert.deepEqual(d.push(req('a', 'transit/keys/k1')), []);
  assert.deepEqual(d.push(req('b', 'transit/keys/k2/rotate')), []);
  const overflow = events(d.push(req('c', 'sys/audit/file', 'delete')));
  assert.deepEqual(
    overflow.map((e) => [e.id, e.type, e.outcome]),
    [['vault:a:request', 'key.create', 'unknown']],
  );
  const joined = events(d.push(res('b', 'transit/keys/k2/rotate')));
  assert.deepEqual(
    joined.map((e) => [e.id, e.type, e.outcome, e.detail?.['request_time']]),
    [['vault:b:response', 'key.rotate', 'success', '2026-01-01T00:00:00Z']],
  );
  const rest = events(d.flush());
  assert.deepEqual(
    rest.map((e) => [e.id, e.type, e.severity]),
    [['vault:c:request', 'audit.disabled', 'high']],
  );
});

test('vault: path → type table', () => {
  const cases: [string, string, string, string?][] = [
    ['transit/keys/pay', 'delete', 'key.destroy', 'transit/keys/pay'],
    ['transit/keys/pay/config', 'update', 'key.policy_change'],
    ['transit/export/encryption-key/pay/2', 'read', 'key.export', 'transit/keys/pay'],
    ['transit/backup/pay', 'read', 'key.backup'],
    ['transit/restore/pay', 'update', 'key.restore'],
    ['transit/encrypt/pay', 'update', 'crypto.encrypt'],
    ['transit/datakey/wrapped/pay', 'update', 'crypto.generate_data_key'],
    ['transit/hmac/pay/sha2-256', 'update', 'crypto.mac'],
    ['secret/data/app/db', 'create', 'secret.write', 'secret/data/app/db'],
    ['secret/destroy/app/db', 'update', 'secret.delete'],
    ['pki/revoke', 'update', 'cert.revoke'],
    ['pki/root/generate/internal', 'update', 'key.create', 'pki/ca'],
    ['sys/policies/acl/admins', 'update', 'policy.change', 'sys/policies/acl/admins'],
    ['sys/audit/file', 'update', 'audit.enabled'],
    ['sys/audit/file', 'delete', 'audit.disabled'],
    ['sys/config/auditing/request-headers/x-forwarded-for', 'update', 'audit.config_change'],
    ['sys/seal', 'update', 'system.seal'],
    ['sys/generate-root/attempt', 'update', 'auth.privilege_use'],
    ['auth/userpass/login/alice', 'update', 'auth.login', 'auth/userpass'],
    ['auth/token/create', 'update', 'auth.token_create'],
    ['auth/userpass/users/carol', 'create', 'user.create'],
    ['database/creds/readonly', 'read', 'secret.read'],
    ['transit/keys/pay', 'help', 'other.unmapped'],
  ];
  for (const [path, op, type, id] of cases) {
    const c = classifyVault(path, op);
    assert.equal(c.type, type, `${op} ${path}`);
    if (id) assert.equal(c.target?.id, id, `${op} ${path} target`);
  }
});

test('cloudtrail: gzip files and one event per line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-ct-'));
  try {
    const ev = {
      eventVersion: '1.08',
      eventSource: 'kms.amazonaws.com',
      eventName: 'DisableKey',
      eventTime: '2026-01-01T00:00:00Z',
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/ops/x' },
      requestParameters: { keyId: 'arn:aws:kms:eu-west-1:1:key/k' },
      eventID: 'e1',
    };
    writeFileSync(
      join(dir, 'a.json.gz'),
      gzipSync(JSON.stringify({ Records: [ev, { ...ev, eventID: 'e2', eventName: 'EnableKey' }] })),
    );
    const recs = events(await decodeFile('cloudtrail', join(dir, 'a.json.gz'), OPTIONS));
    assert.deepEqual(
      recs.map((e) => [e.id, e.type, e.target?.id, e.actor.roles]),
      [
        ['cloudtrail:e1', 'key.disable', 'arn:aws:kms:eu-west-1:1:key/k', ['crypto_user']],
        ['cloudtrail:e2', 'key.enable', 'arn:aws:kms:eu-west-1:1:key/k', ['crypto_user']],
      ],
    );
    const lines = decodeText(
      'cloudtrail',
      [JSON.stringify(ev), JSON.stringify({ digestStartTime: 'x' })].join('\n'),
    );
    assert.equal(lines[0]?.kind, 'event');
    assert.ok(
      lines[1]?.kind === 'quarantine' &&
        lines[1].code === 'not_from_source' &&
        /digest/.test(lines[1].reason),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('missing mandatory fields are flagged incomplete, not dropped (PCI DSS 10.2.2)', () => {
  const [r] = decodeRecord(
    'cloudtrail',
    {
      eventVersion: '1.08',
      eventSource: 'kms.amazonaws.com',
      eventName: 'ScheduleKeyDeletion',
      userIdentity: {},
    },
    OPTIONS,
  );
  assert.ok(r?.kind === 'event');
  assert.deepEqual(r.incomplete, ['time', 'actor', 'target.id']);
  assert.deepEqual(r.event.detail?.['incomplete'], ['time', 'actor', 'target.id']);
  assert.equal(r.event.time, '2026-01-01T00:00:00.000Z');
  assert.equal(r.event.detail?.['time_source'], 'received');
});

test('records from elsewhere are quarantined with a precise reason', () => {
  const gcp = decodeRecord(
    'gcp-kms',
    { protoPayload: { serviceName: 'storage.googleapis.com', methodName: 'x' } },
    OPTIONS,
  );
  assert.ok(
    gcp[0]?.kind === 'quarantine' &&
      gcp[0].reason === 'not a Cloud KMS entry: serviceName is storage.googleapis.com',
  );
  const az = decodeRecord(
    'azure-keyvault',
    {
      operationName: 'Microsoft.Compute/virtualMachines/write',
      resourceId: '/subscriptions/1/providers/Microsoft.Compute/x',
    },
    OPTIONS,
  );
  assert.ok(az[0]?.kind === 'quarantine' && az[0].code === 'not_from_source');
  const nat = decodeRecord(
    'native',
    { time: 'yesterday', type: 'key.create', outcome: 'success', actor: { id: 'a' } },
    OPTIONS,
  );
  assert.ok(nat[0]?.kind === 'quarantine' && nat[0].field === 'time');
  const hsm = decodeText('cloudhsm', 'stray line');
  assert.ok(hsm[0]?.kind === 'quarantine' && hsm[0].code === 'invalid_syntax');
});

test('options are checked once, with coded errors', () => {
  assert.throws(
    () => createDecoder('vault', { hmacKey: 'short' }),
    (e) => e instanceof SourceError && e.code === 'INVALID_OPTIONS',
  );
  assert.throws(
    () => createDecoder('nope' as 'vault', OPTIONS),
    (e) => e instanceof SourceError && e.code === 'UNKNOWN_SOURCE',
  );
});
