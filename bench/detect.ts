// bench/detect: DetectionEngine throughput with the whole KMS rule pack (and, second, the pack
// plus the nine SigmaHQ vendor rules reading CloudTrail/Azure/auditd records from `raw`), over
// the realistic mix of the scenario test (services, HSM, auditd, admins, attacks) repeated with
// shifted times, tick() every simulated minute. Printed beside two floors measured in the same
// run: a loop that only reads event.type, and JSON.parse of the same events' JSON text.
//   node --import tsx bench/detect.ts [--copies 6]
import { parseArgs } from 'node:util';
import type { StoredEvent } from '@keywatch/protocol';
import { DetectionEngine, loadRules, readRuleDir, RULE_PACK_DIR } from '@keywatch/detect';
import { generateDays } from '../packages/detect/test/support/day-generator.ts';

const { values } = parseArgs({ options: { copies: { type: 'string', default: '6' } } });
const copies = Number(values.copies);
const TWO_DAYS = 2 * 86_400_000;
const day = generateDays();
const shift = (iso: string, k: number) => new Date(Date.parse(iso) + k * TWO_DAYS).toISOString();
const events: StoredEvent[] = [];
for (let k = 0; k < copies; k++)
  for (const e of day) {
    // Each copy is a new set of keys, so that state (e.g. a key pending deletion) does not carry over.
    const c: StoredEvent = {
      ...e,
      index: events.length + 1,
      time: shift(e.time, k),
      received: shift(e.received, k),
    };
    if (e.target?.id && k > 0) c.target = { ...e.target, id: `${e.target.id}#${k}` };
    if (e.source?.kind === 'cloudtrail' && !e.raw)
      c.raw = JSON.stringify({
        eventVersion: '1.08',
        eventTime: c.time,
        eventSource: 'kms.amazonaws.com',
        eventName: 'Decrypt',
        awsRegion: 'eu-west-1',
        sourceIPAddress: '10.1.2.3',
        userAgent: 'aws-sdk-java/2.20',
        userIdentity: {
          type: 'AssumedRole',
          arn: `arn:aws:sts::111122223333:assumed-role/${e.actor.id ?? ''}/i-0abc`,
          accountId: '111122223333',
        },
        requestParameters: { keyId: e.target?.id, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
        responseElements: null,
        requestID: `r-${c.index}`,
        eventID: `e-${c.index}`,
        readOnly: true,
        eventType: 'AwsApiCall',
        recipientAccountId: '111122223333',
      });
    events.push(c);
  }
const texts = events.map((e) => JSON.stringify(e));
const receivedMs = events.map((e) => Date.parse(e.received));

function rate(label: string, run: () => number): number {
  run(); // warm-up pass (JIT); state is discarded below by using fresh engines
  const t0 = process.hrtime.bigint();
  const out = run();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const r = events.length / s;
  console.log(
    `${label.padEnd(44)} ${Math.round(r).toLocaleString('en-US').padStart(12)} events/s  (${s.toFixed(2)} s, ${out} out)`,
  );
  return r;
}

function replay(rules: ReturnType<typeof loadRules>): number {
  const engine = new DetectionEngine(rules);
  let n = 0;
  let nextTick = receivedMs[0]! + 60_000;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const r = receivedMs[i]!;
    for (; r >= nextTick; nextTick += 60_000) n += engine.tick(nextTick).length;
    n += engine.process(e).length;
  }
  return n;
}

console.log(
  `${events.length.toLocaleString('en-US')} events (${copies} x ${day.length} from the scenario generator), Node ${process.version}`,
);
const pack = loadRules(RULE_PACK_DIR);
const withSigma = loadRules([
  ...readRuleDir(RULE_PACK_DIR),
  ...readRuleDir(new URL('../packages/detect/test/data/sigma', import.meta.url).pathname),
]);
const typeLoop = rate('floor: read event.type', () => {
  let n = 0;
  for (const e of events) if (e.type === 'key.purge') n++;
  return n;
});
const parse = rate('floor: JSON.parse of each event', () => {
  let n = 0;
  for (const t of texts) if ((JSON.parse(t) as StoredEvent).type === 'key.purge') n++;
  return n;
});
const engine = rate(`engine, pack (${pack.rules.length} rules)`, () => replay(pack));
const both = rate(`engine, pack + SigmaHQ (${withSigma.rules.length} rules)`, () =>
  replay(withSigma),
);
console.log(
  `engine / JSON.parse: ${(engine / parse).toFixed(2)}   pack+SigmaHQ / JSON.parse: ${(both / parse).toFixed(2)}   engine / type loop: ${(engine / typeLoop).toFixed(4)}`,
);
console.log(`target >= 50,000 events/s: ${engine >= 50_000 ? 'met' : 'NOT met'}`);
