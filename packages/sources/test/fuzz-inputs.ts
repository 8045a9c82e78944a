// Arbitraries for the property tests: random text, mutated sample lines, and sample JSON records
// with random values written at random paths (structure-aware mutation).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { SourceKind } from '../src/core/record-types.ts';
import { sampleFiles } from './helpers.ts';

function sampleLines(kind: SourceKind): string[] {
  return sampleFiles(kind).flatMap((f) => readFileSync(f, 'utf8').split('\n'));
}

const SYSLOG_SEED = [
  '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] \uFEFFmessage',
  "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
  '<13>1 - - - - - -',
  'Feb  5 17:32:18 kms-host audispd: type=USER_LOGIN msg=audit(1700000100.000:77): pid=1 uid=0 auid=1001 msg=\'op=login acct="alice" res=failed\'',
];
const NATIVE_SEED = [
  '{"time":"2026-01-01T00:00:00Z","type":"key.create","outcome":"success","actor":{"id":"a","roles":["key_admin"]},"target":{"type":"key","id":"k"},"detail":{"x":1}}',
];

export function seeds(kind: SourceKind): string[] {
  if (kind === 'syslog')
    return [
      ...SYSLOG_SEED,
      ...sampleLines('vault')
        .slice(0, 2)
        .map((l) => `<110>1 2026-02-01T12:00:00Z h vault - - - ${l}`),
    ];
  if (kind === 'native') return NATIVE_SEED;
  const lines = sampleLines(kind).filter((l) => l.trim() !== '');
  return lines.length > 0 ? lines : [''];
}

const mutation = fc.oneof(
  fc.record({
    op: fc.constant('delete' as const),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 12 }),
  }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.string({ unit: 'binary', maxLength: 8 }),
  }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      '{',
      '}',
      '"',
      '\\',
      ':',
      '[',
      ']',
      '\n',
      '\u0000',
      "'",
      '=',
      ' ',
      'msg=audit(',
      'Time: ',
      '-----BEGIN PRIVATE KEY-----',
      '"kty":"oct","k":"AAAA"',
    ),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(line: string, m: Mutation): string {
  const at = line.length === 0 ? 0 : m.at % (line.length + 1);
  if (m.op === 'delete') return line.slice(0, at) + line.slice(at + m.len);
  if (m.op === 'insert') return line.slice(0, at) + m.text + line.slice(at);
  return line.slice(0, at);
}

/** A few lines: mutated seeds, random text, or seeds whose JSON got random values. */
export function linesArb(kind: SourceKind): fc.Arbitrary<string[]> {
  const s = seeds(kind);
  const mutated = fc
    .tuple(fc.constantFrom(...s), fc.array(mutation, { maxLength: 4 }))
    .map(([l, ms]) => ms.reduce(apply, l));
  const random = fc.string({ unit: 'binary', maxLength: 200 });
  const jsonSeeds = s.flatMap((l) => {
    try {
      const v: unknown = JSON.parse(l);
      return typeof v === 'object' && v !== null ? [v] : [];
    } catch {
      return [];
    }
  });
  const arbs: fc.Arbitrary<string>[] = [mutated, mutated, random];
  if (jsonSeeds.length > 0) {
    arbs.push(
      fc
        .tuple(
          fc.constantFrom(...jsonSeeds),
          fc.array(fc.tuple(fc.nat(), fc.option(fc.jsonValue({ maxDepth: 2 }))), { maxLength: 3 }),
        )
        .map(([o, edits]) => JSON.stringify(edit(o, edits))),
    );
  }
  return fc.array(fc.oneof(...arbs), { minLength: 1, maxLength: 4 });
}

function paths(v: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push([...prefix, k]);
      paths(x, [...prefix, k], out);
    }
  }
  return out;
}

function edit(o: object, edits: [number, unknown][]): unknown {
  const copy = structuredClone(o) as Record<string, unknown>;
  const all = paths(copy);
  for (const [i, value] of edits) {
    const p = all[i % Math.max(all.length, 1)];
    if (!p) continue;
    let cur: Record<string, unknown> = copy;
    for (const k of p.slice(0, -1)) cur = (cur?.[k] ?? {}) as Record<string, unknown>;
    if (cur && typeof cur === 'object') {
      if (value === null) delete cur[p[p.length - 1]!];
      else cur[p[p.length - 1]!] = value;
    }
  }
  return copy;
}
