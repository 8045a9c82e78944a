// Makes a scan resumable: finished records are appended (JSON lines, fsync every few seconds) to
// a checkpoint file; after a restart the next scan reuses every checkpointed record whose quick
// check still matches instead of hashing the file again. Removed when a scan completes.
import { appendFileSync, closeSync, fsyncSync, openSync, readFileSync, rmSync } from 'node:fs';
import type { FileRecord } from './file-record.ts';

export class ScanCheckpoint {
  readonly path: string;
  #fd: number | undefined;
  #pending: string[] = [];
  #lastSync = Date.now();

  constructor(path: string) {
    this.path = path;
  }

  /** Records of an interrupted scan; a torn last line (crash mid-write) is ignored. */
  load(): Map<string, FileRecord> {
    const m = new Map<string, FileRecord>();
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return m;
    }
    for (const line of text.split('\n')) {
      try {
        const [path, record] = JSON.parse(line) as [string, FileRecord];
        if (typeof path === 'string' && typeof record?.mtimeNs === 'string') m.set(path, record);
      } catch {
        // torn or empty line
      }
    }
    return m;
  }

  add(path: string, record: FileRecord): void {
    this.#pending.push(JSON.stringify([path, record]));
    if (this.#pending.length >= 4096 || Date.now() - this.#lastSync > 2000) this.flush();
  }

  flush(): void {
    if (this.#pending.length === 0) return;
    this.#fd ??= openSync(this.path, 'a', 0o600);
    appendFileSync(this.#fd, this.#pending.join('\n') + '\n');
    fsyncSync(this.#fd);
    this.#pending = [];
    this.#lastSync = Date.now();
  }

  /** The scan finished: its result is the baseline now, the checkpoint is no longer needed. */
  complete(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    this.#pending = [];
    rmSync(this.path, { force: true });
  }

  /** Stop without completing (abort): what was done stays for the next run. */
  close(): void {
    this.flush();
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
