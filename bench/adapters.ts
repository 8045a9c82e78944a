// bench/adapters: records per second through each source adapter (frame, parse, redact, map,
// validate), beside a JSON.parse-only baseline over the same lines (the text adapters' baseline
// is a split on spaces, the cheapest possible look at each line). Input: the samples under
// packages/sources/test/data, repeated to --n lines per source.
//   node --import tsx bench/adapters.ts [--n 200000]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDecoder, type SourceKind } from '@keywatch/sources';

const { values } = parseArgs({ options: { n: { type: 'string', default: '200000' } } });
const N = Number(values.n);
const SAMPLES = new URL('../packages/sources/test/data/', import.meta.url).pathname;
const key = 'bench-hmac-key-0123456789abcdef';

function lines(dir: string, files?: RegExp): string[] {
  return readdirSync(join(SAMPLES, dir))
    .filter((f) => (files ?? /\.(log|jsonl)$/).test(f) && f !== 'expected.jsonl')
    .flatMap((f) => readFileSync(join(SAMPLES, dir, f), 'utf8').split('\n'))
    .filter((l) => l.trim() !== '' || dir === 'cloudhsm');
}

const compact = (dir: string) =>
  readdirSync(join(SAMPLES, dir))
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      try {
        return [JSON.stringify(JSON.parse(readFileSync(join(SAMPLES, dir, f), 'utf8')))];
      } catch {
        return [];
      }
    });

const vault = lines('vault');
const syslog = [
  ...vault.slice(0, 8).map((l) => `<110>1 2026-02-01T12:00:00Z vault-1 vault - - - ${l}`),
  "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
  '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] An application event',
];
const native = [
  '{"time":"2026-01-01T00:00:00Z","type":"key.create","outcome":"success","actor":{"id":"a","roles":["key_admin"]},"target":{"type":"key","id":"k"},"detail":{"x":1}}',
];
const inputs: [SourceKind, string[], boolean][] = [
  ['vault', vault, true],
  ['cloudtrail', compact('cloudtrail-kms'), true],
  ['gcp-kms', lines('gcp-kms'), true],
  ['azure-keyvault', lines('azure-keyvault'), true],
  ['cloudhsm', lines('cloudhsm', /\.log$/), false],
  ['auditd', lines('auditd'), false],
  ['syslog', syslog, false],
  ['native', native, true],
];

function repeat(base: string[]): string[] {
  const out: string[] = [];
  while (out.length < N) out.push(...base);
  return out.slice(0, N);
}

console.log(`adapter          lines/s   records/s   baseline lines/s   ratio (adapter/baseline)`);
for (const [kind, base, json] of inputs) {
  const input = repeat(base);
  let t = performance.now();
  let sink = 0;
  for (const l of input) {
    if (json) sink += (JSON.parse(l) as object) ? 1 : 0;
    else sink += l.split(' ').length;
  }
  const baseS = (performance.now() - t) / 1000;
  const d = createDecoder(kind, { hmacKey: key });
  t = performance.now();
  let records = 0;
  for (const l of input) records += d.push(l).length;
  records += d.flush().length;
  const s = (performance.now() - t) / 1000;
  const lps = N / s;
  const bps = N / baseS;
  console.log(
    `${kind.padEnd(15)} ${lps.toFixed(0).padStart(8)} ${(records / s).toFixed(0).padStart(11)} ${bps.toFixed(0).padStart(18)}   ${(lps / bps).toFixed(3)}${sink < 0 ? '!' : ''}`,
  );
}
