// The verifier's memory between runs: per log origin, the verifier key it trusts and the last
// checkpoint it verified. The next run must find a log consistent with it (no truncation, no fork).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { CliError } from '../cli-error.ts';

export interface VerifiedLog {
  verifierKey: string;
  size: number;
  root: string; // base64
  verifiedAt: string;
}
export type VerifyState = Record<string, VerifiedLog>;

export function defaultStatePath(): string {
  return join(
    process.env['XDG_STATE_HOME'] ?? join(homedir(), '.local', 'state'),
    'keywatch',
    'verify-state.json',
  );
}

export function loadState(path: string): VerifyState {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as VerifyState;
  } catch (err) {
    throw new CliError(
      'STATE_INVALID',
      `the verify state file ${path} is not valid JSON: fix or remove it`,
      { cause: err },
    );
  }
}

/** Written to a temporary file and renamed, so a crash never leaves half a state file. */
export function saveState(path: string, state: VerifyState): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}
