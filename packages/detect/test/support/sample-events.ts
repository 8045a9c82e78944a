// Minimal local conversion of the third-party samples into keywatch events: each original record
// becomes the `raw` of an event with the source.kind its folder stands for (the real adapters
// live in packages/sources; this test must not depend on them). Ids name file and record.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEvent } from '@keywatch/protocol';

const DIR = new URL('../data/samples/', import.meta.url).pathname;

export interface Sample {
  /** folder/file:line (line or block number, 1-based) */
  id: string;
  event: StoredEvent;
}

let index = 1;

function event(kind: string, raw: string, id: string): Sample {
  return {
    id,
    event: {
      id,
      index: index++,
      time: '2026-01-01T00:00:00.000Z',
      received: '2026-01-01T00:00:00.000Z',
      type: 'other.unmapped',
      outcome: 'unknown',
      actor: { id: 'sample' },
      source: { kind },
      raw,
    },
  };
}

const lines = (folder: string, file: string) =>
  readFileSync(join(DIR, folder, file), 'utf8')
    .split('\n')
    .map((l, i) => [l, i + 1] as const)
    .filter(([l]) => l.trim() !== '');

export function loadSamples(): Sample[] {
  const out: Sample[] = [];
  for (const f of readdirSync(join(DIR, 'cloudtrail-kms'))
    .filter((n) => n.endsWith('.json'))
    .sort())
    out.push(
      event(
        'cloudtrail',
        readFileSync(join(DIR, 'cloudtrail-kms', f), 'utf8'),
        `cloudtrail-kms/${f}`,
      ),
    );
  for (const [folder, kind, files] of [
    ['azure-keyvault', 'azure-keyvault', ['events.jsonl', 'msdocs-auditevent.jsonl']],
    ['gcp-kms', 'gcp-kms', ['events.jsonl']],
    ['vault', 'vault', ['audit.log']],
    ['auditd', 'auditd', ['test-auditd-raw.log', 'test-auditd-useradd.log']],
  ] as const)
    for (const file of files)
      for (const [l, n] of lines(folder, file)) out.push(event(kind, l, `${folder}/${file}:${n}`));
  const blocks = readFileSync(join(DIR, 'cloudhsm', 'audit.log'), 'utf8')
    .split(/\n\s*\n/)
    .filter((b) => b.trim());
  blocks.forEach((b, i) => out.push(event('cloudhsm', b, `cloudhsm/audit.log#${i + 1}`)));
  return out;
}
