// A baseline in a local file (the standalone command; the agent's cache of the server's copy).
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.ts';
import { parseBaseline, type FimBaseline } from './fim-baseline.ts';
import { FimError } from './fim-error.ts';

export function readBaselineFile(path: string): FimBaseline | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
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

export function writeBaselineFile(path: string, baseline: FimBaseline): void {
  try {
    writeFileAtomic(path, JSON.stringify(baseline) + '\n');
  } catch (e) {
    throw new FimError('BASELINE_WRITE_FAILED', `cannot write baseline ${path}: ${String(e)}`, {
      cause: e,
    });
  }
}
