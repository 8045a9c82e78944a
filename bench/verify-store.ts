// bench/verify-store: `keywatch verify --data-dir` throughput (verifyLog over a SQLite log of N
// events, filled through the sequencer) with 0, 1 and 2 worker threads for the per-leaf checks,
// beside the SHA-256-only floor over the same leaves in the same run.
//   node --import tsx bench/verify-store.ts [--events 500000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { leafHash } from '@keywatch/auditlog';
import { StoreLogSource, verifyLog } from '@keywatch/cli';
import { openServer } from '@keywatch/server';

const { values } = parseArgs({ options: { events: { type: 'string', default: '500000' } } });
const N = Number(values.events);
const dataDir = mkdtempSync(join(tmpdir(), 'kw-verify-store-'));
try {
  const server = await openServer({ dataDir, logger: false });
  for (let i = server.context.sequencer.size; i < N; i += 2000) {
    await server.context.sequencer.append(
      Array.from({ length: Math.min(2000, N - i) }, (_, j) => ({
        id: `v-${i + j}`,
        time: '2026-11-28T14:03:07.123Z',
        type: 'crypto.decrypt',
        outcome: 'success' as const,
        actor: { id: `svc-${(i + j) % 16}`, roles: ['crypto_user'], ip: '10.0.0.7' },
        target: { type: 'key', id: `arn:aws:kms:eu-west-1:111122223333:key/${(i + j) % 64}` },
      })),
    );
  }
  await server.close();
  const source = await StoreLogSource.open(dataDir);
  let size = 0;
  const t0 = performance.now();
  for await (const leaf of source.leaves(0, Number.MAX_SAFE_INTEGER)) {
    leafHash(leaf);
    size++;
  }
  const floor = size / ((performance.now() - t0) / 1000);
  console.log(
    `floor (read + SHA-256 of each leaf): ${Math.round(floor).toLocaleString('en')} leaves/s over ${size}`,
  );
  for (const threads of [0, 1, 2]) {
    const t = performance.now();
    const v = await verifyLog({ source, threads });
    const rate = v.size / ((performance.now() - t) / 1000);
    console.log(
      `verifyLog, ${threads} worker thread(s): ${Math.round(rate).toLocaleString('en')} events/s (${v.checkpointsChecked} checkpoints) = ${(rate / floor).toFixed(2)} x floor`,
    );
  }
  await source.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
