// Self-monitoring: the server's FIM over its own code, configuration file and data directory
// records changes straight into its log — exactly the changes made, none for the live database,
// its WAL and lock files or the scanner's own state, however much the log is written meanwhile.
// Then `keywatch serve --watch-self` as a process: its baseline event covers the installation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '@keywatch/protocol';
import { openServer } from '@keywatch/server';
import { startSelfWatch } from '../src/commands/self-watch.ts';
import { call, waitFor } from './agent-process.ts';
import { killHard, startServe } from './cli-process.ts';

test(
  'watch-self: code, config and data dir changes are events; the live database is not',
  { timeout: 60_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-self-'));
    const data = join(dir, 'data');
    const code = join(dir, 'code');
    mkdirSync(data);
    mkdirSync(join(code, 'server', 'src'), { recursive: true });
    writeFileSync(join(code, 'server', 'src', 'build-app.ts'), 'export {};\n');
    const config = join(dir, 'keywatch.yml');
    writeFileSync(config, 'server:\n  bodyLimit: 1048576\n');
    const server = await openServer({ dataDir: data, logger: false, origin: 'test.keywatch/self' });
    const admin = readFileSync(join(data, 'initial-admin-token'), 'utf8').trim();
    const fim = await startSelfWatch({
      sequencer: server.context.sequencer,
      dataDir: data,
      configFile: config,
      codeDirs: [code],
      policy: { realtime: false, scanIntervalSec: 0.3 },
    });
    const events = async (): Promise<StoredEvent[]> => {
      const r = await server.app.inject({
        method: 'GET',
        url: '/v1/events?type_prefix=fim.&limit=1000',
        headers: { authorization: `Bearer ${admin}` },
      });
      return r.json<{ events: StoredEvent[] }>().events.reverse();
    };
    try {
      const [created] = await waitFor('the self baseline', async () => {
        const e = await events();
        return e.length > 0 ? e : undefined;
      });
      assert.equal(created?.type, 'fim.baseline_created');
      assert.equal(created?.source?.host, hostname());
      assert.equal(created?.actor.id, 'keywatch');
      appendFileSync(join(code, 'server', 'src', 'build-app.ts'), 'export const x = 1;\n');
      appendFileSync(config, '# changed\n');
      chmodSync(join(data, 'log-signing.key'), 0o644);
      // Meanwhile the log is written: the database and WAL change, and must not be reported.
      for (let i = 0; i < 20; i++)
        await server.context.sequencer.record({
          time: new Date().toISOString(),
          type: 'audit.config_change',
          outcome: 'success',
          actor: { id: 'test' },
        });
      const want = [
        `fim.attributes_changed ${join(data, 'log-signing.key')}`,
        `fim.modified ${config}`,
        `fim.modified ${join(code, 'server', 'src', 'build-app.ts')}`,
      ];
      const summary = (e: StoredEvent[]) =>
        e
          .filter((x) => x.type !== 'fim.baseline_created')
          .map((x) => `${x.type} ${x.target?.id ?? ''}`)
          .sort();
      await waitFor('three changes', async () => ((await events()).length >= 4 ? true : undefined));
      await fim.whenIdle();
      await new Promise((r) => setTimeout(r, 1000)); // three more scans: nothing else may come
      const final = await events();
      assert.deepEqual(summary(final), want.sort());
      assert.ok(final.every((e) => e.detail?.['self'] === true && e.source?.kind === 'fim'));
    } finally {
      await fim.stop();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'keywatch serve --watch-self records a baseline of its installation',
  { timeout: 60_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-self-cli-'));
    const { child, url } = await startServe(['--data-dir', join(dir, 'data'), '--watch-self']);
    try {
      const admin = readFileSync(join(dir, 'data', 'initial-admin-token'), 'utf8').trim();
      const created = await waitFor('fim.baseline_created', async () => {
        const r = await call(url, admin, 'GET', '/v1/events?type=fim.baseline_created');
        return (r.json as { events: StoredEvent[] }).events[0];
      });
      assert.equal(created.detail?.['self'], true);
      assert.ok(Number(created.detail?.['entries']) > 100, 'the code of every package');
    } finally {
      await killHard(child);
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
