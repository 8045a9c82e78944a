// A FIM baseline larger than one request (fim/baseline-uploads.ts), on a server whose body limit
// is lowered to 64 KiB: the one-request upload is refused, the chunked one (begin, chunks,
// commit) stores it — from a real agent process too, whose local baseline the server's then
// equals; until the commit nothing is visible, a chunk out of place or a text that does
// not match its SHA-256 is refused, and the audit log gets one fim.baseline_stored, at the commit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createPrivateKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '@keywatch/protocol';
import { openServer } from '@keywatch/server';
import { newAgentKey, signedHeaders, type TestAgentKey } from './agent-signer.ts';
import { auth, startTestServer, type TestServer } from './test-server.ts';
import { KEYWATCH_BIN, runCli } from './cli-child.ts';

const LIMIT = 64 * 1024;

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

function bigBaseline(files: number): Record<string, unknown> {
  const entries: Record<string, unknown> = {};
  for (let i = 0; i < files; i++)
    entries[`/etc/kms/d${Math.floor(i / 100)}/f${i}.conf`] = {
      type: 'file',
      size: 100 + i,
      mode: 0o640,
      uid: 0,
      gid: 0,
      mtimeNs: `${1_700_000_000_000_000_000n + BigInt(i)}`,
      ctimeNs: `${1_700_000_000_000_000_000n + BigInt(i)}`,
      ino: String(1000 + i),
      dev: '2049',
      nlink: 1,
      hashState: 'hashed',
      sha256: sha(`content ${i}`),
    };
  return {
    format: 'keywatch-fim-baseline/1',
    createdAt: '2026-11-29T06:00:00.000Z',
    fullHashAt: '2026-11-29T06:00:00.000Z',
    entries,
  };
}

describe('FIM baseline upload in chunks', () => {
  let t: TestServer;
  let key: TestAgentKey;
  let agentId: string;
  const signed = (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    return t.server.app.inject({
      method,
      url,
      headers: signedHeaders(key, agentId, method, url, text),
      ...(text !== '' && { payload: text }),
    });
  };
  const code = (r: { json: <T>() => T }) => r.json<{ error: { code: string } }>().error.code;
  const logged = async (type: string): Promise<StoredEvent[]> =>
    (
      await t.server.app.inject({
        method: 'GET',
        url: `/v1/events?type=${type}`,
        headers: auth(t.adminToken),
      })
    ).json<{ events: StoredEvent[] }>().events;
  const BASE = '/v1/agents/fim/baseline-uploads';

  before(async () => {
    t = await startTestServer({ config: { bodyLimit: LIMIT } });
    const officer = await t.token('security_officer', 'sam');
    const tok = await t.server.app.inject({
      method: 'POST',
      url: '/v1/agents/enrollment-tokens',
      headers: auth(officer),
      payload: {},
    });
    key = newAgentKey();
    const r = await t.server.app.inject({
      method: 'POST',
      url: '/v1/agents/enroll',
      payload: {
        token: tok.json<{ token: string }>().token,
        public_key: key.publicKeyBase64,
        name: 'kms-big',
        host: 'kms-big',
      },
    });
    agentId = r.json<{ agent_id: string }>().agent_id;
  });
  after(() => t.close());

  test('a baseline above the body limit arrives in chunks, visible only at the commit', async () => {
    const baseline = bigBaseline(2000);
    const text = Buffer.from(JSON.stringify(baseline));
    assert.ok(text.length > 4 * LIMIT, `${text.length} bytes`);
    const whole = await signed('POST', '/v1/agents/fim/baseline', { baseline, known_good: {} });
    assert.equal(whole.statusCode, 413, 'one request is too large');

    // An upload left half-way is never visible.
    const first = await signed('POST', BASE, { bytes: text.length, sha256: sha(text) });
    assert.equal(first.statusCode, 200, first.body);
    const { id: abandoned, chunk_bytes } = first.json<{ id: string; chunk_bytes: number }>();
    assert.ok(chunk_bytes > 1024 && (chunk_bytes * 4) / 3 < LIMIT);
    const part = text.subarray(0, chunk_bytes).toString('base64');
    assert.equal(
      (await signed('POST', `${BASE}/${abandoned}/chunks`, { offset: 0, data: part })).statusCode,
      200,
    );
    assert.deepEqual((await signed('GET', '/v1/agents/fim/baseline')).json(), { baseline: null });
    const early = await signed('POST', `${BASE}/${abandoned}/commit`, { known_good: {} });
    assert.equal(early.statusCode, 400, 'a commit before the last byte is refused');
    assert.equal(
      code(
        await signed('POST', `${BASE}/${abandoned}/chunks`, { offset: chunk_bytes, data: part }),
      ),
      'NOT_FOUND',
      'a refused commit ends the upload',
    );

    // A text that does not match its declared hash is refused at the commit.
    const liar = await signed('POST', BASE, { bytes: text.length, sha256: sha('other') });
    const liarId = liar.json<{ id: string }>().id;
    for (let off = 0; off < text.length; off += chunk_bytes)
      await signed('POST', `${BASE}/${liarId}/chunks`, {
        offset: off,
        data: text.subarray(off, off + chunk_bytes).toString('base64'),
      });
    assert.equal((await signed('POST', `${BASE}/${liarId}/commit`, {})).statusCode, 400);
    assert.deepEqual(await logged('fim.baseline_stored'), []);

    // The real thing; a chunk out of place is refused and changes nothing.
    const id = (await signed('POST', BASE, { bytes: text.length, sha256: sha(text) })).json<{
      id: string;
    }>().id;
    let chunks = 0;
    for (let off = 0; off < text.length; off += chunk_bytes) {
      const data = text.subarray(off, off + chunk_bytes).toString('base64');
      if (off > 0) {
        const gap = await signed('POST', `${BASE}/${id}/chunks`, { offset: off + 1, data });
        assert.equal(code(gap), 'CONFLICT');
      }
      const r = await signed('POST', `${BASE}/${id}/chunks`, { offset: off, data });
      assert.equal(r.statusCode, 200, r.body);
      chunks++;
    }
    assert.ok(chunks >= 5, `${chunks} chunks`);
    assert.deepEqual((await signed('GET', '/v1/agents/fim/baseline')).json(), { baseline: null });
    const done = await signed('POST', `${BASE}/${id}/commit`, { known_good: {} });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json<{ sha256: string }>().sha256, sha(text));
    assert.equal(done.json<{ entries: number }>().entries, 2000);

    const down = (await signed('GET', '/v1/agents/fim/baseline')).json<{ baseline: unknown }>();
    assert.deepEqual(down.baseline, baseline, "the server's baseline is the agent's");
    const stored = await logged('fim.baseline_stored');
    assert.equal(stored.length, 1, 'one audit event, at the commit');
    assert.equal(stored[0]!.detail?.['sha256'], sha(text));
    // The commit used the upload up; a second one, or a new upload without a command, is refused.
    assert.equal(code(await signed('POST', `${BASE}/${id}/commit`, {})), 'NOT_FOUND');
    const small = Buffer.from(JSON.stringify(bigBaseline(1)));
    const again = (await signed('POST', BASE, { bytes: small.length, sha256: sha(small) })).json<{
      id: string;
    }>().id;
    await signed('POST', `${BASE}/${again}/chunks`, { offset: 0, data: small.toString('base64') });
    assert.equal(code(await signed('POST', `${BASE}/${again}/commit`, {})), 'FIM_BASELINE_EXISTS');
    assert.equal((await logged('fim.baseline_stored')).length, 1);
  });

  test('bad begin requests are refused with a code', async () => {
    for (const body of [{}, { bytes: -1, sha256: sha('x') }, { bytes: 10, sha256: 'nothex' }])
      assert.equal(code(await signed('POST', BASE, body)), 'BAD_REQUEST');
    assert.equal(
      code(await signed('POST', BASE, { bytes: 2 ** 40, sha256: sha('x') })),
      'BODY_TOO_LARGE',
    );
    assert.equal(
      code(await signed('POST', `${BASE}/bu-unknown/chunks`, { offset: 0, data: 'AA==' })),
      'NOT_FOUND',
    );
  });
});

test(
  "a real agent's baseline above the body limit reaches the server whole",
  { timeout: 180_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-fim-big-'));
    const tree = join(dir, 'tree');
    for (let i = 0; i < 1200; i++) {
      const sub = join(tree, `d${Math.floor(i / 100)}`);
      if (i % 100 === 0) mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, `f${i}.conf`), `setting_${i} = ${'x'.repeat(i % 300)}\n`);
    }
    const dataDir = join(dir, 'data');
    const stateDir = join(dir, 'agent');
    const server = await openServer({
      dataDir,
      logger: false,
      origin: 'test.keywatch/log',
      config: { bodyLimit: LIMIT },
    });
    let agent: ChildProcess | undefined;
    try {
      const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
      const admin = readFileSync(join(dataDir, 'initial-admin-token'), 'utf8').trim();
      const officerCall = (method: string, path: string, body?: unknown) =>
        fetch(url + path, {
          method,
          headers: {
            authorization: `Bearer ${admin}`,
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        }).then((r) => r.json() as Promise<Record<string, unknown>>);
      await officerCall('PUT', '/v1/agent-groups/big/policy', {
        fim: { paths: [tree], realtime: false, restore: [`${tree}/d0/f1.conf`] },
      });
      const tok = await officerCall('POST', '/v1/agents/enrollment-tokens', { group: 'big' });
      const enrolled = await runCli([
        'agent',
        'enroll',
        '--server',
        url,
        '--token',
        String(tok['token']),
        '--state-dir',
        stateDir,
      ]);
      assert.equal(enrolled.status, 0, enrolled.stderr);
      const agentId = enrolled.stdout.trim();
      agent = spawn(process.execPath, [KEYWATCH_BIN, 'agent', 'run', '--state-dir', stateDir], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let agentLog = '';
      agent.stderr!.on('data', (d: Buffer) => (agentLog += d.toString()));
      const deadline = Date.now() + 120_000;
      let stored: { events: StoredEvent[] } = { events: [] };
      while (stored.events.length === 0) {
        if (Date.now() > deadline) throw new Error(`no baseline stored; agent said: ${agentLog}`);
        await new Promise((r) => setTimeout(r, 300));
        stored = (await officerCall('GET', '/v1/events?type=fim.baseline_stored')) as {
          events: StoredEvent[];
        };
      }
      assert.equal(stored.events.length, 1);
      const local = readFileSync(join(stateDir, 'fim', 'fim', 'baseline.json'), 'utf8');
      const localBaseline = JSON.parse(local) as { entries: Record<string, unknown> };
      assert.ok(Buffer.byteLength(local) > 4 * LIMIT, `${Buffer.byteLength(local)} bytes`);
      assert.equal(Object.keys(localBaseline.entries).length, 1200 + 13, '1200 files, 13 dirs');
      // What the server keeps, read as the agent reads it (signed with the agent's own key).
      const pem = readFileSync(join(stateDir, 'agent.key'), 'utf8');
      const agentKey: TestAgentKey = { privateKey: createPrivateKey(pem), publicKeyBase64: '' };
      const path = '/v1/agents/fim/baseline';
      const down = (await (
        await fetch(url + path, { headers: signedHeaders(agentKey, agentId, 'GET', path) })
      ).json()) as { baseline: unknown; known_good: Record<string, string>; sha256: string };
      assert.deepEqual(down.baseline, localBaseline, "the server's baseline is the agent's");
      assert.equal(down.sha256, sha(JSON.stringify(localBaseline)));
      assert.deepEqual(Object.keys(down.known_good), [`${tree}/d0/f1.conf`]);
    } finally {
      agent?.kill('SIGKILL');
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
