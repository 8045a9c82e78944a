import { readFileSync, readdirSync } from 'node:fs';
import { createDecoder } from '../src/create-decoder.ts';
const kind = process.argv[2] as any;
const files = process.argv.slice(3);
const d = createDecoder(kind, { hmacKey: 'k'.repeat(32), now: () => new Date('2026-01-01T00:00:00Z') });
const out: any[] = [];
for (const f of files) { for (const l of readFileSync(f, 'utf8').split('\n')) out.push(...d.push(l)); out.push(...d.flush()); }
for (const r of out) {
  if (r.kind === 'quarantine') console.log('Q', r.code, r.reason, r.raw.slice(0, 80));
  else console.log('E', r.event.type, r.event.outcome, r.event.time, JSON.stringify(r.event.actor), JSON.stringify(r.event.target), r.event.detail?.operation, r.incomplete ?? '');
}
