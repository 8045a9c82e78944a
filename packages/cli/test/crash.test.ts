// SIGKILL the server in the middle of a stream of ingest: after restart every acknowledged event
// is there and the whole log verifies (durable group commit: no acknowledgement before fsync).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@keywatch/store';
import { keywatch, killHard, startServe } from './cli-process.ts';

// Client 0 sends 300 events a request: commits of a few hundred to a few thousand events.
const sizeOf = (client: number): number => (client === 0 ? 300 : 100);

function batch(round: number, client: number, n: number): { ids: string[]; body: string } {
  const ids: string[] = [];
  const lines: string[] = [];
  for (let i = 0; i < sizeOf(client); i++) {
    const id = `r${round}-c${client}-b${n}-${i}`;
    ids.push(id);
    lines.push(
      JSON.stringify({
        id,
        time: new Date().toISOString(),
        type: 'crypto.sign',
        outcome: 'success',
        actor: { id: `svc-${client}`, roles: ['crypto_user'] },
        target: { type: 'key', id: `k-${i % 10}` },
      }),
    );
  }
  return { ids, body: lines.join('\n') };
}

test(
  'SIGKILL during ingest loses no acknowledged event, three times over',
  { timeout: 240_000 },
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kw-crash-'));
    const acked: string[] = [];
    for (let round = 0; round < 3; round++) {
      const { child, url } = await startServe(['--data-dir', dataDir]);
      const token = readFileSync(join(dataDir, 'initial-admin-token'), 'utf8').trim();
      let stop = false;
      const clients = [0, 1, 2, 3].map(async (c) => {
        for (let n = 0; !stop; n++) {
          const b = batch(round, c, n);
          try {
            const res = await fetch(`${url}/v1/events`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
              body: b.body,
            });
            if (res.status === 200) {
              const body = (await res.json()) as { accepted: number };
              assert.equal(body.accepted, sizeOf(c));
              acked.push(...b.ids);
            }
          } catch {
            return; // the server died mid-request: that batch was not acknowledged
          }
        }
      });
      await new Promise((r) => setTimeout(r, 1200 + round * 300));
      await killHard(child);
      stop = true;
      await Promise.all(clients);
    }
    assert.ok(acked.length >= 1000, `only ${acked.length} events were acknowledged`);
    const store = await openStore({ dataDir });
    try {
      const found = await store.findIndexesByIds(acked);
      assert.equal(found.size, acked.length, 'every acknowledged event is in the log');
    } finally {
      await store.close();
    }
    const state = join(dataDir, 'verify-state.json');
    const v = keywatch(['verify', '--data-dir', dataDir, '--state', state]);
    assert.equal(v.status, 0, v.stderr + v.stdout);
    assert.match(v.stdout, /^OK /);
    // and the server restarts cleanly on the same data after the last kill
    const again = await startServe(['--data-dir', dataDir]);
    await killHard(again.child);
  },
);
