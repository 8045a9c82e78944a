// The kill test of issue 5: KEYWATCH_KILL_EVENTS (default 20,000; 100,000 is the figure)
// selftest events go through a real agent process (spool, shipper) to a real server process, both
// `node --import tsx packages/cli/src/main.ts …`; each is SIGKILLed several times at random moments
// and restarted. At the end the log holds every event exactly once: none lost, none duplicated,
// no sequence gap, and the whole log verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@keywatch/store';
import { killHard, keywatch } from './cli-process.ts';
import { call, enrollViaCli, waitFor } from './agent-process.ts';

const EVENTS = Number(process.env['KEYWATCH_KILL_EVENTS'] ?? 20_000);
const KILLS = Number(process.env['KEYWATCH_KILL_ROUNDS'] ?? 3);
const main = new URL('../src/main.ts', import.meta.url).pathname;

function run(args: string[], ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start: ${err}`)), 60_000);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (ready.test(err)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code}: ${err}`));
    });
  });
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test(
  `${EVENTS} agent events survive SIGKILLs of agent and server: none lost, none twice`,
  { timeout: 600_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-agent-kill-'));
    const dataDir = join(dir, 'data');
    const stateDir = join(dir, 'agent');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const serve = (): Promise<ChildProcess> =>
      run(
        ['serve', '--data-dir', dataDir, '--port', String(port), '--host', '127.0.0.1'],
        /listening on/,
      );
    const agentConfig = join(dir, 'agent.yml');
    writeFileSync(
      agentConfig,
      'heartbeat_seconds: 0.5\nbatch_records: 2000\nretry_max_seconds: 0.5\n',
    );
    const runAgent = (): Promise<ChildProcess> =>
      run(['agent', 'run', '--state-dir', stateDir, '--config', agentConfig], /agent \S+ running/);

    let server = await serve();
    let agent: ChildProcess | undefined;
    const started = Date.now();
    const kills: string[] = [];
    try {
      const admin = readFileSync(join(dataDir, 'initial-admin-token'), 'utf8').trim();
      const policy = { selftest: { count: EVENTS, chunk: 1000 } };
      assert.equal(
        (await call(url, admin, 'PUT', '/v1/agent-groups/kill/policy', policy)).status,
        200,
      );
      const agentId = await enrollViaCli(url, admin, stateDir, ['--group', 'kill']);
      agent = await runAgent();
      // Progress as the latest heartbeat says; only heartbeats sent since the last restart count.
      let restartedMs = 0;
      const progress = async (): Promise<{ emitted: number; pending: number } | undefined> => {
        const r = await call(url, admin, 'GET', '/v1/agents').catch(() => undefined);
        type Health = {
          modules?: { selftest?: { emitted?: number } };
          spool?: { pending?: number };
        };
        type Row = { id: string; health: Health | null; last_heartbeat: string | null };
        const list = r?.json as { agents?: Row[] } | undefined;
        const row = list?.agents?.find((a) => a.id === agentId);
        const h = row?.health;
        return h && Date.parse(row.last_heartbeat ?? '') > restartedMs
          ? { emitted: h.modules?.selftest?.emitted ?? 0, pending: h.spool?.pending ?? -1 }
          : undefined;
      };
      // Kill k happens at a random point of the k-th stretch of the shipping (shipped = emitted -
      // pending, from the heartbeats), so every kill lands while events are being produced or sent.
      for (let k = 0; k < 2 * KILLS; k++) {
        const target = ((k + Math.random()) / (2 * KILLS)) * 0.9 * EVENTS;
        const p = await waitFor(
          'shipping progress',
          async () => {
            const now = await progress();
            return now && now.pending >= 0 && now.emitted - now.pending >= target ? now : undefined;
          },
          300_000,
        );
        await pause(Math.random() * 200);
        const at = `${Date.now() - started}ms/${p.emitted - p.pending}shipped/${p.pending}pending`;
        if (k % 2 === 0) {
          await killHard(agent);
          kills.push(`agent@${at}`);
          agent = await runAgent();
        } else {
          await killHard(server);
          kills.push(`server@${at}`);
          server = await serve();
        }
        restartedMs = Date.now();
      }
      await waitFor(
        'every event shipped',
        async () => {
          const p = await progress();
          return p && p.emitted === EVENTS && p.pending === 0 ? p : undefined;
        },
        540_000,
      );
      await killHard(agent);
      await killHard(server);
    } finally {
      if (agent) await killHard(agent);
      await killHard(server);
    }
    const seconds = (Date.now() - started) / 1000;
    const store = await openStore({ dataDir });
    const seen = new Map<number, number>();
    let gaps = 0;
    try {
      const size = await store.logSize();
      for (let at = 0; at < size; at += 10_000) {
        for (const row of await store.readLeaves(at, Math.min(size, at + 10_000))) {
          const e = JSON.parse(Buffer.from(row.leaf).toString('utf8')) as {
            type: string;
            detail?: { n?: number };
          };
          if (e.type === 'agent.sequence_gap') gaps++;
          if (e.type !== 'agent.selftest') continue;
          const n = e.detail!.n!;
          seen.set(n, (seen.get(n) ?? 0) + 1);
        }
      }
    } finally {
      await store.close();
    }
    const twice = [...seen].filter(([, c]) => c > 1).length;
    const lost = EVENTS - seen.size;
    process.stderr.write(
      `kill test: ${EVENTS} events, kills ${kills.join(' ')}, ${seconds.toFixed(1)} s, lost ${lost}, duplicated ${twice}\n`,
    );
    assert.equal(lost, 0, 'no event lost');
    assert.equal(twice, 0, 'no event twice');
    assert.equal(gaps, 0, 'no sequence gap');
    assert.equal(kills.length, 2 * KILLS);
    const v = keywatch([
      'verify',
      '--data-dir',
      dataDir,
      '--state',
      join(dir, 'verify-state.json'),
    ]);
    assert.equal(v.status, 0, v.stderr + v.stdout);
  },
);
