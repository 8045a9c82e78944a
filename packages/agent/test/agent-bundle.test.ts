// The bundled agent (scripts/build-agent.ts) runs on plain Node: it loads every module without a
// TypeScript loader (an unenrolled state dir is refused with its code, after all of them loaded),
// without the protocol modules it does not use, and its FIM hash worker hashes through piscina
// from the .mjs beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { buildAgent } from '../scripts/build-agent.ts';

test(
  'the bundled agent starts on plain Node and its hash worker works',
  { timeout: 120_000 },
  async (t) => {
    // Inside the package: the bundle resolves its npm packages from node_modules.
    const out = mkdtempSync(join(new URL('..', import.meta.url).pathname, '.bundle-test-'));
    const state = mkdtempSync(join(tmpdir(), 'kw-bundle-state-'));
    t.after(() => {
      rmSync(out, { recursive: true, force: true });
      rmSync(state, { recursive: true, force: true });
    });
    const bundle = await buildAgent(out);
    const text = readFileSync(bundle, 'utf8');
    assert.doesNotMatch(text, /from ["']tsx["']|crypto-bench-child\.ts/);
    assert.match(text, /crypto-bench-child\.mjs/);
    // The event schema and its validator (typebox), which the agent never uses, are left out.
    assert.doesNotMatch(text, /from ["']typebox/);
    const r = spawnSync(process.execPath, [bundle, 'run', '--state-dir', state], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' }, // no NODE_OPTIONS: no loader of any kind
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /NOT_ENROLLED/);

    const file = join(state, 'data.bin');
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    writeFileSync(file, bytes);
    const pool = new Piscina({ filename: join(out, 'hash-worker.mjs'), maxThreads: 1 });
    try {
      const res = (await pool.run({ path: file })) as {
        ok: boolean;
        sha256: string;
        bytes: number;
      };
      assert.deepEqual(res, {
        ok: true,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
      });
    } finally {
      await pool.destroy();
    }
  },
);

test('the version in heartbeats is the package version', async () => {
  const { AGENT_VERSION } = await import('../src/agent-version.ts');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  assert.equal(AGENT_VERSION, pkg.version);
});
