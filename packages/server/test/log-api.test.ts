// The checkpoint and proofs served by the API, checked by a second verifier written straight from
// RFC 9162 and the C2SP specs (testkit, sharing no code with auditlog) and by Go's x/mod tlog
// (tools/tlogverify). A flipped byte anywhere makes both fail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  independentOpenCheckpoint,
  independentVerifyConsistency,
  independentVerifyInclusion,
} from '@keywatch/testkit';
import type { ConsistencyProofJson, InclusionProofJson } from '@keywatch/protocol';
import { auth, event, startTestServer, type TestServer } from './test-server.ts';

const repo = new URL('../../../', import.meta.url).pathname;

function tlogverify(): string {
  const env = process.env['KEYWATCH_TLOGVERIFY'];
  if (env && existsSync(env)) return env;
  const out = join(tmpdir(), 'keywatch-tlogverify');
  if (!existsSync(out))
    execFileSync(join(repo, 'tools/tlogverify/build.sh'), [out], { stdio: 'inherit' });
  return out;
}

const flip = (b: Buffer, at: number): Buffer => {
  const c = Buffer.from(b);
  c[at % c.length]! ^= 1;
  return c;
};

describe('log API against independent verifiers', () => {
  let t: TestServer;
  let reader: string;
  const get = async (url: string) => {
    const res = await t.server.app.inject({ url, headers: auth(reader) });
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    return res;
  };
  before(async () => {
    t = await startTestServer();
    reader = await t.token('auditor');
    const ingest = await t.token('ingest');
    for (let b = 0; b < 5; b++) {
      const events = Array.from({ length: 37 }, (_, i) => event(b * 100 + i));
      await t.server.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { ...auth(ingest), 'content-type': 'application/json' },
        payload: JSON.stringify(events),
      });
    }
  });
  after(() => t.close());

  test('checkpoint, inclusion and consistency proofs verify independently; any flipped byte fails', async () => {
    const keyRes = await get('/v1/log/key');
    assert.equal(keyRes.statusCode, 200, keyRes.body);
    const vkey = keyRes.body.trim();
    const note = (await get('/v1/log/checkpoint')).body;
    const cp = independentOpenCheckpoint(note, vkey);
    assert.equal(cp.origin, 'test.keywatch/log');
    const size = Number(cp.size);
    assert.ok(size >= 186);
    for (const index of [0, 1, 2, 57, 100, size - 1]) {
      const leaf = (await get(`/v1/log/entries/${index}`)).rawPayload;
      const p = (
        await get(`/v1/log/proof/inclusion?index=${index}&size=${size}`)
      ).json<InclusionProofJson>();
      const hashes = p.hashes.map((h) => Buffer.from(h, 'base64'));
      independentVerifyInclusion(leaf, BigInt(index), cp.size, hashes, cp.root);
      assert.throws(() =>
        independentVerifyInclusion(flip(leaf, 17), BigInt(index), cp.size, hashes, cp.root),
      );
      if (hashes.length > 0) {
        const bad = hashes.map((h, i) => (i === hashes.length - 1 ? flip(h, 3) : h));
        assert.throws(() => independentVerifyInclusion(leaf, BigInt(index), cp.size, bad, cp.root));
      }
    }
    for (const from of [1, 2, 38, 64, 111, size]) {
      const p = (
        await get(`/v1/log/proof/consistency?from=${from}&size=${size}`)
      ).json<ConsistencyProofJson>();
      const cps = (await get(`/v1/log/checkpoints?limit=1000`)).json<{
        checkpoints: { size: number; note: string }[];
      }>();
      const old = cps.checkpoints.find((c) => c.size === from);
      if (!old) continue;
      const oldCp = independentOpenCheckpoint(old.note, vkey);
      const hashes = p.hashes.map((h) => Buffer.from(h, 'base64'));
      independentVerifyConsistency(BigInt(from), cp.size, hashes, oldCp.root, cp.root);
      if (hashes.length > 0) {
        assert.throws(() =>
          independentVerifyConsistency(
            BigInt(from),
            cp.size,
            [flip(hashes[0]!, 9), ...hashes.slice(1)],
            oldCp.root,
            cp.root,
          ),
        );
      }
    }
    for (let at = 0; at < note.length; at += 7) {
      const bad = flip(Buffer.from(note), at).toString('utf8');
      assert.throws(() => independentOpenCheckpoint(bad, vkey), `flipped byte ${at} of the note`);
    }
  });

  test("Go's x/mod sumdb/note and tlog accept what we serve, and reject a flipped byte", async () => {
    const bin = tlogverify();
    const dir = mkdtempSync(join(tmpdir(), 'kw-tlog-'));
    const file = (name: string, data: string | Buffer) => {
      writeFileSync(join(dir, name), data);
      return join(dir, name);
    };
    const vkey = file('vkey', (await get('/v1/log/key')).body);
    const cps = (await get('/v1/log/checkpoints?limit=1000')).json<{
      checkpoints: { size: number; note: string }[];
    }>();
    const oldCp = cps.checkpoints[1]!;
    const old = file('old', oldCp.note);
    // One read: every read by a person is itself logged, so a second read would see a larger log.
    const ckptNote = (await get('/v1/log/checkpoint')).body;
    const ckpt = file('ckpt', ckptNote);
    const size = Number(ckptNote.split('\n')[1]);
    const run = (...args: string[]) => spawnSync(bin, args, { encoding: 'utf8' });
    assert.equal(run('checkpoint', vkey, ckpt).status, 0);
    const index = 42;
    const leaf = file('leaf', (await get(`/v1/log/entries/${index}`)).rawPayload);
    const proof = file(
      'incl.json',
      (await get(`/v1/log/proof/inclusion?index=${index}&size=${size}`)).body,
    );
    const ok = run('inclusion', vkey, ckpt, leaf, proof);
    assert.equal(ok.status, 0, ok.stderr);
    const cons = file(
      'cons.json',
      (await get(`/v1/log/proof/consistency?from=${oldCp.size}&size=${size}`)).body,
    );
    const c = run('consistency', vkey, old, ckpt, cons);
    assert.equal(c.status, 0, c.stderr);
    const badLeaf = file('leaf-bad', flip((await get(`/v1/log/entries/${index}`)).rawPayload, 30));
    assert.equal(run('inclusion', vkey, ckpt, badLeaf, proof).status, 1);
    const badCkpt = file('ckpt-bad', flip(Buffer.from((await get('/v1/log/checkpoint')).body), 5));
    assert.equal(run('checkpoint', vkey, badCkpt).status, 1);
  });

  test('proof ranges are checked', async () => {
    const res = await t.server.app.inject({
      url: '/v1/log/proof/inclusion?index=999999&size=10',
      headers: auth(reader),
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'PROOF_RANGE_INVALID');
    const big = await t.server.app.inject({
      url: '/v1/log/proof/consistency?from=1&size=99999999',
      headers: auth(reader),
    });
    assert.equal(big.json<{ error: { code: string } }>().error.code, 'PROOF_RANGE_INVALID');
    const missing = await t.server.app.inject({
      url: '/v1/log/entries/99999999',
      headers: auth(reader),
    });
    assert.equal(missing.statusCode, 404);
  });

  test('a monitor token reads checkpoints and proofs, never entries or events; its reads are not recorded one by one', async () => {
    const monitor = await t.token('monitor', 'witness-1');
    const as = (url: string) => t.server.app.inject({ url, headers: auth(monitor) });
    await t.server.context.sequencer.drain();
    const before = t.server.context.sequencer.size;
    for (const url of [
      '/v1/log/checkpoint',
      '/v1/log/key',
      '/v1/log/proof/inclusion?index=3',
      '/v1/log/proof/consistency?from=2',
      '/v1/log/checkpoints',
    ]) {
      assert.equal((await as(url)).statusCode, 200, url);
    }
    await t.server.context.sequencer.drain();
    assert.equal(t.server.context.sequencer.size, before, 'no access record per monitor read');
    for (const url of [
      '/v1/log/entries/3',
      '/v1/log/entries?start=0',
      '/v1/events',
      '/v1/alerts',
    ]) {
      assert.equal((await as(url)).statusCode, 403, url);
    }
    await t.server.context.sequencer.drain();
    assert.equal(t.server.context.sequencer.size, before + 4, 'each refusal is recorded');
  });
});
