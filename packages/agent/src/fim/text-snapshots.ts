// Redacted copies of allow-listed small text files under the agent's state dir, so that the next
// change can carry a diff. Only the redacted text is ever stored: no secret lands in the state dir.
import { mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.ts';
import type { FileRecord } from './file-record.ts';
import { GlobSet } from './glob-pattern.ts';
import { redactSecrets } from './secret-redactor.ts';
import { lineDiff } from './text-diff.ts';

export class TextSnapshots {
  readonly #dir: string;
  readonly #allow: GlobSet;
  readonly #maxBytes: number;
  #key: Buffer | undefined;

  constructor(dir: string, allow: readonly string[], maxBytes: number) {
    this.#dir = dir;
    this.#allow = new GlobSet(allow);
    this.#maxBytes = maxBytes;
  }

  #file(path: string): string {
    return join(this.#dir, createHash('sha256').update(path).digest('hex').slice(0, 32));
  }

  #current(path: string, record: FileRecord | undefined): string | undefined {
    if (this.#allow.empty || !this.#allow.matches(path)) return undefined;
    if (record?.type !== 'file' || record.size > this.#maxBytes) return undefined;
    try {
      const bytes = readFileSync(path);
      if (bytes.includes(0)) return undefined; // binary after all
      return redactSecrets(bytes.toString('utf8'), this.#redactionKey());
    } catch {
      return undefined;
    }
  }

  /** A random per-host key for the redaction tags, created once (mode 0600). */
  #redactionKey(): Buffer {
    if (this.#key) return this.#key;
    const file = join(this.#dir, 'redaction.key');
    try {
      this.#key = readFileSync(file);
    } catch {
      mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
      writeFileAtomic(file, randomBytes(32));
      this.#key = readFileSync(file);
    }
    return this.#key;
  }

  /** Records the current redacted text of an allow-listed file (at baseline time). */
  remember(path: string, record: FileRecord | undefined): void {
    const text = this.#current(path, record);
    if (text === undefined) return;
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(this.#file(path), text);
  }

  /** The redacted diff from the remembered text to the current one, and remembers the new text. */
  diff(path: string, record: FileRecord | undefined): string | undefined {
    const text = this.#current(path, record);
    if (text === undefined) return undefined;
    let before = '';
    try {
      before = readFileSync(this.#file(path), 'utf8');
    } catch {
      // first sight of the file: everything is added
    }
    this.remember(path, record);
    return lineDiff(before, text);
  }
}
