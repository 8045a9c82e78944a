// A baseline in a local file (the standalone command; the agent's cache of the server's copy).
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { writeFileAtomic } from './atomic-file.ts';
import { jsonChunks } from './baseline-json.ts';
import { parseBaseline, type FimBaseline } from './fim-baseline.ts';
import { FimError } from './fim-error.ts';
import type { FimState } from './fim-state.ts';

export function readBaselineFile(path: string): FimBaseline | undefined {
  let text: string;
  try {
    text = readText(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new FimError('BASELINE_INVALID', `cannot read baseline ${path}: ${String(e)}`, {
      cause: e,
    });
  }
  try {
    return parseBaseline(JSON.parse(text));
  } catch (e) {
    if (e instanceof FimError) throw new FimError(e.code, `${path}: ${e.message}`);
    throw new FimError(
      'BASELINE_INVALID',
      `${path} is not valid JSON; restore it or remove it to re-create the baseline`,
    );
  }
}

export function writeBaselineFile(path: string, baseline: FimBaseline | FimState): void {
  try {
    writeFileAtomic(path, withNewline(jsonChunks(baseline, CHUNK)));
  } catch (e) {
    throw new FimError('BASELINE_WRITE_FAILED', `cannot write baseline ${path}: ${String(e)}`, {
      cause: e,
    });
  }
}

/** Read and written in pieces, never in one buffer as big as the file (fim/baseline-json.ts). */
const CHUNK = 1024 * 1024;

function readText(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    const decoder = new StringDecoder('utf8');
    const parts: string[] = [];
    for (let n; (n = readSync(fd, buf, 0, CHUNK, null)) > 0;)
      parts.push(decoder.write(buf.subarray(0, n)));
    parts.push(decoder.end());
    return parts.join('');
  } finally {
    closeSync(fd);
  }
}

function* withNewline(chunks: Iterable<Buffer>): Generator<Buffer> {
  yield* chunks;
  yield Buffer.from('\n');
}
