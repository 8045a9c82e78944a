// The baseline: a plain serialisable object (JSON-safe, paths sorted) so that the agent runtime
// can upload it to the server and download it again; the standalone command keeps it in a file.
import type { FileRecord } from './file-record.ts';
import { FimError } from './fim-error.ts';

export const BASELINE_FORMAT = 'keywatch-fim-baseline/1';

export interface FimBaseline {
  format: typeof BASELINE_FORMAT;
  createdAt: string;
  /** When every file was last hashed whatever the quick check said (the slow re-hash cycle). */
  fullHashAt: string;
  entries: Record<string, FileRecord>;
}

export function makeBaseline(
  entries: Map<string, FileRecord>,
  fullHashAt: string,
  createdAt = new Date().toISOString(),
): FimBaseline {
  const sorted: Record<string, FileRecord> = {};
  for (const p of [...entries.keys()].sort()) sorted[p] = entries.get(p)!;
  return { format: BASELINE_FORMAT, createdAt, fullHashAt, entries: sorted };
}

/** Checks the shape of a baseline that came from a file or the server. */
export function parseBaseline(value: unknown): FimBaseline {
  const o = value as Partial<FimBaseline> | null;
  if (o === null || typeof o !== 'object' || o.format !== BASELINE_FORMAT)
    throw new FimError('BASELINE_INVALID', `not a ${BASELINE_FORMAT} baseline`);
  if (typeof o.entries !== 'object' || o.entries === null || typeof o.fullHashAt !== 'string')
    throw new FimError('BASELINE_INVALID', 'baseline has no entries or fullHashAt');
  for (const [path, r] of Object.entries(o.entries)) {
    if (
      typeof r?.type !== 'string' ||
      typeof r.mtimeNs !== 'string' ||
      typeof r.hashState !== 'string'
    )
      throw new FimError('BASELINE_INVALID', `baseline entry ${path} is malformed`);
  }
  return o as FimBaseline;
}
