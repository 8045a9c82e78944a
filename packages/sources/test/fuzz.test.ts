// Property tests (fast-check): random and mutated inputs never make an adapter, the syslog
// framer or the syslog parsers throw or hang, and every output is a valid native event (per
// protocol's validateEvent) or a quarantine with a code and a reason. FUZZ_RUNS overrides 10,000.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createDecoder } from '../src/create-decoder.ts';
import { SOURCE_KINDS } from '../src/core/record-types.ts';
import { SyslogFramer } from '../src/syslog/syslog-framer.ts';
import { parseRfc3164 } from '../src/syslog/rfc3164-parser.ts';
import { parseRfc5424 } from '../src/syslog/rfc5424-parser.ts';
import { OPTIONS, problems } from './helpers.ts';
import { linesArb } from './fuzz-inputs.ts';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 10_000);

for (const kind of SOURCE_KINDS) {
  test(`fuzz: ${kind} adapter (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(linesArb(kind), (lines) => {
        const d = createDecoder(kind, { ...OPTIONS, vaultMaxPending: 2 });
        const out = [
          ...lines.flatMap((l) => l.split('\n')).flatMap((l) => d.push(l)),
          ...d.flush(),
        ];
        assert.deepEqual(problems(out), []);
      }),
      { numRuns: RUNS },
    );
  });
}

test(`fuzz: syslog parsers never throw and always give a reason (${RUNS} cases)`, () => {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 120 }),
    fc.string({ unit: 'binary', maxLength: 80 }).map((s) => `<13>1 ${s}`),
    fc.string({ maxLength: 80 }).map((s) => `<34>Oct 11 22:14:15 ${s}`),
  );
  fc.assert(
    fc.property(text, (t) => {
      for (const r of [parseRfc5424(t), parseRfc3164(t)])
        assert.ok(r.ok ? typeof r.message.msg === 'string' : r.reason.length > 0);
    }),
    { numRuns: RUNS },
  );
});

test(`fuzz: framer reassembles octet-counted messages however the stream is cut (${RUNS} cases)`, () => {
  const msgs = fc.array(fc.string({ minLength: 1, maxLength: 60 }), { minLength: 1, maxLength: 6 });
  fc.assert(
    fc.property(msgs, fc.array(fc.nat(), { maxLength: 8 }), (ms, cuts) => {
      const stream = Buffer.concat(ms.map((m) => Buffer.from(`${Buffer.byteLength(m)} ${m}`)));
      const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
      const f = new SyslogFramer(1024);
      const frames = [];
      let prev = 0;
      for (const p of [...points, stream.length]) {
        frames.push(...f.push(stream.subarray(prev, p)));
        prev = p;
      }
      frames.push(...f.end());
      assert.deepEqual(
        frames.map((x) => (x.ok ? x.text : `ERR ${x.error.message}`)),
        ms,
      );
    }),
    { numRuns: RUNS },
  );
});

test(`fuzz: framer on random bytes never throws (${RUNS} cases)`, () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 5 }), (chunks) => {
      const f = new SyslogFramer(32);
      const frames = [...chunks.flatMap((c) => f.push(Buffer.from(c))), ...f.end()];
      for (const x of frames)
        assert.ok(x.ok ? typeof x.text === 'string' : x.error.code.length > 0);
    }),
    { numRuns: RUNS },
  );
});
