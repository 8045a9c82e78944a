// Prints the table of docs/sources.md: per source, records in /work/shared/data (or the copies
// under test/data), how many were normalized and quarantined, and each quarantine's reason.
//   node --import tsx packages/sources/test/sample-table.ts [DATA_DIR]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDecoder } from '../src/create-decoder.ts';
import type { SourceKind } from '../src/core/record-types.ts';

const data = process.argv[2] ?? new URL('./data/', import.meta.url).pathname;
const SOURCES: [SourceKind, string, string][] = [
  ['vault', 'vault', 'JSON lines; request+response joined'],
  ['cloudtrail', 'cloudtrail-kms', 'one pretty-printed object per file'],
  ['gcp-kms', 'gcp-kms', 'JSON lines'],
  ['azure-keyvault', 'azure-keyvault', 'JSON lines + {"records":[…]}'],
  ['cloudhsm', 'cloudhsm', 'text blocks'],
  ['auditd', 'auditd', 'raw lines; records joined by serial'],
];

console.log(
  '| source | files | input records | events | of which incomplete | quarantined | quarantine reasons |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [kind, dir, how] of SOURCES) {
  const files = readdirSync(join(data, dir))
    .filter((f) => /\.(log|json|jsonl)$/.test(f) && f !== 'expected.jsonl')
    .sort();
  let inputs = 0;
  let events = 0;
  let incomplete = 0;
  const reasons: string[] = [];
  for (const f of files) {
    const d = createDecoder(kind, { hmacKey: 'sample-table-hmac-key-0123' });
    const text = readFileSync(join(data, dir, f), 'utf8');
    inputs += countInputs(kind, f, text);
    for (const r of [...text.split('\n').flatMap((l) => d.push(l)), ...d.flush()]) {
      if (r.kind === 'event') {
        events++;
        if (r.incomplete) incomplete++;
      } else reasons.push(`${f}: ${r.code}: ${r.reason.replaceAll('|', '\\|')}`);
    }
  }
  console.log(
    `| ${kind} | ${files.length} (${how}) | ${inputs} | ${events} | ${incomplete} | ${reasons.length} | ${reasons.join('<br>') || '—'} |`,
  );
}

/** Records as the vendor wrote them: lines, blocks, files, or members of a `records` list. */
function countInputs(kind: SourceKind, file: string, text: string): number {
  if (kind === 'cloudhsm') return text.split('\n').filter((l) => /^\s*Time\s*:/.test(l)).length;
  if (file.endsWith('.json')) {
    try {
      const v = JSON.parse(text) as { records?: unknown[]; Records?: unknown[] };
      return v.records?.length ?? v.Records?.length ?? 1;
    } catch {
      return 1;
    }
  }
  return text.split('\n').filter((l) => l.trim() !== '').length;
}
