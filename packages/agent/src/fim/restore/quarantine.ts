// Keeps a tampered file for forensics before a restore replaces it: a copy of its bytes named by
// time and SHA-256, plus a JSON sidecar with its recorded attributes, in a 0700 directory under the
// agent's state dir. A copy, not a move, so the target never disappears before the atomic rename.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { FileRecord } from '../file-record.ts';
import { hashFileSync } from '../hash-worker.ts';

export interface QuarantinedFile {
  path: string;
  sha256: string;
  record: FileRecord;
}

export function quarantineFile(target: string, record: FileRecord, dir: string): QuarantinedFile {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  if (record.type !== 'file') {
    const path = join(dir, `${stamp}-${basename(target)}.json`);
    writeFileSync(path, JSON.stringify({ original: target, record }), { mode: 0o600 });
    return { path, sha256: '', record };
  }
  const { sha256 } = hashFileSync(target);
  const path = join(dir, `${stamp}-${sha256.slice(0, 16)}-${basename(target)}`);
  copyFileSync(target, path);
  writeFileSync(`${path}.json`, JSON.stringify({ original: target, sha256, record }), {
    mode: 0o600,
  });
  return { path, sha256, record };
}
