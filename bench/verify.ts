// bench/verify: LogVerifier throughput (parse, RFC 8785 check, leaf hash, frontier, checkpoint) over
// N realistic ~400-byte leaves held in memory, beside the floor measured in the same run: SHA-256
// of the same leaves alone (the least any verifier must do). Storage reads are in bench/ingest.
//   node --import tsx bench/verify.ts [--events 500000]
import { parseArgs } from 'node:util';
import {
  canonicalLeaf,
  generateSignerKey,
  genesisEvent,
  leafHash,
  LogVerifier,
  MerkleFrontier,
  parseSignerKey,
  signCheckpoint,
  verifierKeyFromSignerKey,
} from '@keywatch/auditlog';

const { values } = parseArgs({ options: { events: { type: 'string', default: '500000' } } });
const N = Number(values.events);
const origin = 'bench.example/keywatch/verify';
const signerKey = generateSignerKey(origin);
const verifierKey = verifierKeyFromSignerKey(signerKey);
const time = '2026-11-28T14:03:07.123Z';
const leaves: Buffer[] = [canonicalLeaf(genesisEvent({ origin, verifierKey, time }))];
for (let i = 1; i < N; i++) {
  leaves.push(
    canonicalLeaf({
      index: i,
      id: `bench-${i}`,
      time,
      received: '2026-11-28T14:03:07.126Z',
      type: 'crypto.decrypt',
      outcome: 'success',
      actor: { id: `svc-${i % 16}`, roles: ['crypto_user'], ip: `10.0.0.${i % 250}` },
      target: { type: 'key', id: `arn:aws:kms:eu-west-1:111122223333:key/${i % 64}` },
      source: { kind: 'native', host: `kms-${i % 4}` },
      detail: { request_id: `r-${i}`, bytes: 4096 },
    }),
  );
}
const frontier = MerkleFrontier.empty();
for (const l of leaves) frontier.append(leafHash(l));
const note = signCheckpoint({ origin, size: N, root: frontier.root() }, parseSignerKey(signerKey));

function floor(): number {
  const t0 = performance.now();
  for (const l of leaves) leafHash(l);
  return performance.now() - t0;
}
function verify(): number {
  const t0 = performance.now();
  const v = new LogVerifier({ verifierKey });
  for (const l of leaves) v.addLeaf(l);
  v.finish(note);
  return performance.now() - t0;
}
verify(); // warm-up
const f = (floor() + floor()) / 2;
const v = Math.min(verify(), verify());
const avgBytes = leaves.reduce((s, l) => s + l.length, 0) / N;
console.log(
  `floor (SHA-256 of each leaf only): ${Math.round(N / (f / 1000)).toLocaleString('en')} leaves/s`,
);
console.log(
  `LogVerifier: ${Math.round(N / (v / 1000)).toLocaleString('en')} events/s (${N} leaves of ~${Math.round(avgBytes)} bytes) = ${(f / v).toFixed(2)} x floor`,
);
