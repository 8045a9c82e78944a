import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { auth, startTestServer, type TestServer } from './test-server.ts';

const data = new URL('../../sources/test/data/', import.meta.url).pathname;
const read = (p: string): string => readFileSync(join(data, p), 'utf8');

interface Answer {
  accepted: number;
  duplicates: number;
  quarantined: number;
  incomplete: number;
  quarantine_codes: Record<string, number>;
  results: { status: string; reason?: string; code?: string }[];
}

describe('POST /v1/sources/{kind}/records', () => {
  let t: TestServer;
  let ingest: string;
  let auditor: string;
  before(async () => {
    t = await startTestServer();
    ingest = await t.token('ingest', 'collector-1');
    auditor = await t.token('auditor', 'eve');
  });
  after(() => t.close());

  const post = (kind: string, payload: string | Buffer, headers: Record<string, string> = {}) =>
    t.server.app.inject({
      method: 'POST',
      url: `/v1/sources/${kind}/records`,
      headers: { ...auth(ingest), 'content-type': 'text/plain', ...headers },
      payload,
    });

  // Records per sample (docs/sources.md, "Samples"): events (accepted + duplicates) and quarantined.
  const samples: [string, string[], number, number][] = [
    ['vault', ['vault/audit.log'], 8, 0],
    ['gcp-kms', ['gcp-kms/events.jsonl'], 10, 0],
    [
      'azure-keyvault',
      [
        'azure-keyvault/events.jsonl',
        'azure-keyvault/msdocs-auditevent.json',
        'azure-keyvault/msdocs-auditevent.jsonl',
      ],
      23,
      0,
    ],
    ['cloudhsm', ['cloudhsm/audit.log'], 32, 0],
    ['auditd', ['auditd/test-auditd-raw.log', 'auditd/test-auditd-useradd.log'], 66, 1],
    [
      'cloudtrail',
      readdirSync(join(data, 'cloudtrail-kms'))
        .filter((f) => f.endsWith('.json'))
        .map((f) => `cloudtrail-kms/${f}`),
      31,
      3,
    ],
  ];
  for (const [kind, files, events, quarantined] of samples) {
    test(`${kind}: every sample record is accepted or quarantined with its reason`, async () => {
      let got = 0;
      let q = 0;
      for (const f of files) {
        const res = await post(kind, read(f));
        assert.equal(res.statusCode, 200, res.body);
        const a = res.json<Answer>();
        got += a.accepted + a.duplicates;
        q += a.quarantined;
        for (const r of a.results.filter((r) => r.status === 'quarantined')) {
          assert.ok(r.code && r.reason, 'a quarantined record names its code and reason');
        }
      }
      assert.equal(got, events);
      assert.equal(q, quarantined);
      if (quarantined > 0) {
        const rows = await t.server.context.store.listQuarantine({ limit: 100, source: kind });
        assert.equal(rows.length, quarantined);
        for (const r of rows)
          assert.match(r.reason, /^(invalid_json|invalid_syntax|not_from_source): /);
      }
      const again = await post(kind, read(files[0]!));
      assert.equal(again.json<Answer>().accepted, 0, 're-posting adds nothing');
    });
  }

  test('one ingest.quarantined event per request', async () => {
    const before = await t.server.context.store.queryEvents({ types: ['ingest.quarantined'] }, 100);
    const res = await post('vault', 'not json\nnot json either\n');
    const a = res.json<Answer>();
    assert.equal(a.quarantined, 2);
    assert.deepEqual(a.quarantine_codes, { invalid_json: 2 });
    const now = await t.server.context.store.queryEvents({ types: ['ingest.quarantined'] }, 100);
    assert.equal(now.length, before.length + 1);
  });

  test('gzip bodies, by content-encoding or by magic bytes', async () => {
    const gz = gzipSync(read('gcp-kms/events.jsonl'));
    const a = await post('gcp-kms', gz, { 'content-encoding': 'gzip' });
    assert.equal(a.statusCode, 200, a.body);
    assert.equal(a.json<Answer>().duplicates, 10);
    const b = await post('gcp-kms', gz, { 'content-type': 'application/gzip' });
    assert.equal(b.json<Answer>().duplicates, 10);
    const bad = await post('gcp-kms', Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    assert.equal(bad.statusCode, 400);
  });

  test('secrets are hashed in stored leaves, and a reader can hash a value to find them', async () => {
    const secret = 'hvs.CAESIPlaintextTokenNeverStored0123';
    const line = read('vault/audit.log')
      .split('\n')
      .slice(0, 2)
      .map((l) =>
        l
          .replace(/"client_token":"hmac-sha256:[0-9a-f]+"/g, `"client_token":"${secret}"`)
          .replace(/"id":"[0-9a-f-]{36}"/, '"id":"11111111-2222-3333-4444-555555555555"')
          .replace(/"id":"[0-9a-f-]{36}"/, '"id":"11111111-2222-3333-4444-555555555555"'),
      )
      .join('\n');
    assert.ok(line.includes(secret));
    const res = await post('vault', line);
    assert.equal(res.json<Answer>().accepted, 1, res.body);
    const size = t.server.context.sequencer.size;
    const leaves = await t.server.context.store.readLeaves(0, size);
    const text = leaves.map((l) => Buffer.from(l.leaf).toString('utf8')).join('\n');
    assert.ok(!text.includes(secret), 'no plaintext token in any leaf');
    const h = await t.server.app.inject({
      method: 'POST',
      url: '/v1/sources/hash',
      headers: auth(auditor),
      payload: { value: secret },
    });
    assert.equal(h.statusCode, 200, h.body);
    const { hash } = h.json<{ hash: string }>();
    assert.match(hash, /^hmac-sha256:[0-9a-f]{64}$/);
    assert.ok(text.includes(hash), 'the hash finds the stored token');
    assert.ok(!text.includes(secret), 'the hash request does not record the value');
    const key = join(t.dataDir, 'secrets-hmac.key');
    assert.ok(existsSync(key));
    assert.equal(statSync(key).mode & 0o777, 0o600);
  });

  test('roles: an auditor cannot post records, an ingest token cannot hash', async () => {
    const a = await post('vault', read('vault/audit.log'), auth(auditor));
    assert.equal(a.statusCode, 403);
    const h = await t.server.app.inject({
      method: 'POST',
      url: '/v1/sources/hash',
      headers: auth(ingest),
      payload: { value: 'x' },
    });
    assert.equal(h.statusCode, 403);
  });

  test('unknown kinds and oversized bodies are refused', async () => {
    assert.equal((await post('nope', 'x')).statusCode, 404);
    const big = Buffer.alloc(t.server.context.config.bodyLimit + 10, 0x41);
    assert.equal((await post('syslog', big)).statusCode, 413);
  });
});
