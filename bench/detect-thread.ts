// bench/detect-thread: the server's detection stage as it runs — the DetectionThread with the
// whole rule pack, fed canonical leaves in commit-sized groups (parse, match, detectors, folding,
// transfer back) — over the scenario mix repeated with shifted times. Answers "does detection keep
// up with 50,000 events/s": its throughput, beside JSON.parse of the same leaves in the same run.
//   node --import tsx bench/detect-thread.ts [--copies 6] [--group 2000]
import { parseArgs } from 'node:util';
import { canonicalLeaf } from '@keywatch/auditlog';
import type { StoredEvent } from '@keywatch/protocol';
import { generateDays } from '../packages/detect/test/support/day-generator.ts';
import { DetectionThread } from '../packages/server/src/detection/detection-thread.ts';
import { ruleTexts } from '../packages/server/src/detection/start-alerting.ts';

const { values } = parseArgs({
  options: { copies: { type: 'string', default: '6' }, group: { type: 'string', default: '2000' } },
});
const copies = Number(values.copies);
const group = Number(values.group);
const TWO_DAYS = 2 * 86_400_000;
const shift = (iso: string, k: number) => new Date(Date.parse(iso) + k * TWO_DAYS).toISOString();
const day = generateDays();
const leaves: Uint8Array[] = [];
for (let k = 0; k < copies; k++)
  for (const e of day) {
    const c: StoredEvent = {
      ...e,
      index: leaves.length + 1,
      time: shift(e.time, k),
      received: shift(e.received, k),
    };
    if (e.target?.id && k > 0) c.target = { ...e.target, id: `${e.target.id}#${k}` };
    leaves.push(canonicalLeaf(c));
  }

let t = performance.now();
let sink = 0;
for (const l of leaves) sink += (JSON.parse(Buffer.from(l).toString()) as { index: number }).index;
const parseS = (performance.now() - t) / 1000;

const thread = new DetectionThread(ruleTexts(undefined, []));
await thread.process(leaves.slice(0, 1000)); // warm-up (JIT), then the timed run from scratch
await thread.setRules(ruleTexts(undefined, []));
t = performance.now();
let detections = 0;
const pending: Promise<unknown>[] = [];
for (let i = 0; i < leaves.length; i += group) {
  // Two groups in flight, as the pipeline sends them while the previous one is matched.
  pending.push(thread.process(leaves.slice(i, i + group)).then((d) => (detections += d.length)));
  if (pending.length >= 2) await pending.shift();
}
await Promise.all(pending);
const detectS = (performance.now() - t) / 1000;
await thread.close();

const rate = (s: number) => Math.round(leaves.length / s).toLocaleString('en-US');
console.log(
  `${leaves.length} events (${copies} scenario days), groups of ${group}; checksum ${sink % 7}`,
);
console.log(`JSON.parse of the leaves alone: ${rate(parseS)} events/s`);
console.log(
  `detection thread (whole pack): ${rate(detectS)} events/s, ${detections} folded detections`,
);
console.log(
  `ratio detection / parse floor: ${(parseS / detectS).toFixed(2)}; target 50,000 events/s → ${(leaves.length / detectS / 50_000).toFixed(2)}×`,
);
