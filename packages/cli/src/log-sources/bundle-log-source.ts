// Reads an export bundle (docs/formats.md): a directory with log.vkey, checkpoint, events.jsonl,
// checkpoints.jsonl and consistency.jsonl. Works on copied files, offline.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ConsistencyProofJson } from '@keywatch/protocol';
import { CliError } from '../cli-error.ts';
import type { CheckpointEntry, LogSource } from './log-source.ts';

export const BUNDLE_FILES = {
  key: 'log.vkey',
  checkpoint: 'checkpoint',
  events: 'events.jsonl',
  checkpoints: 'checkpoints.jsonl',
  consistency: 'consistency.jsonl',
} as const;

async function* lines(path: string): AsyncIterable<string> {
  if (!existsSync(path)) return;
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of rl) if (line !== '') yield line;
}

function parseJsonLine<T>(line: string, file: string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new CliError('INPUT_INVALID', `${file} holds a line that is not JSON`);
  }
}

export class BundleLogSource implements LogSource {
  readonly describe: string;
  constructor(private readonly dir: string) {
    this.describe = `bundle ${dir}`;
    if (!existsSync(join(dir, BUNDLE_FILES.checkpoint))) {
      throw new CliError(
        'USAGE',
        `${dir} is not a keywatch export bundle (no ${BUNDLE_FILES.checkpoint} file)`,
      );
    }
  }
  async verifierKey(): Promise<string> {
    return readFileSync(join(this.dir, BUNDLE_FILES.key), 'utf8').trim();
  }
  async checkpoint(): Promise<string> {
    return readFileSync(join(this.dir, BUNDLE_FILES.checkpoint), 'utf8');
  }
  async *leaves(start: number, end: number): AsyncIterable<Uint8Array> {
    let i = 0;
    for await (const line of lines(join(this.dir, BUNDLE_FILES.events))) {
      if (i >= end) return;
      if (i++ >= start) yield Buffer.from(line, 'utf8');
    }
  }
  async *checkpoints(): AsyncIterable<CheckpointEntry> {
    for await (const line of lines(join(this.dir, BUNDLE_FILES.checkpoints))) {
      yield parseJsonLine<CheckpointEntry>(line, BUNDLE_FILES.checkpoints);
    }
  }
  async *consistencyProofs(): AsyncIterable<ConsistencyProofJson> {
    for await (const line of lines(join(this.dir, BUNDLE_FILES.consistency))) {
      yield parseJsonLine<ConsistencyProofJson>(line, BUNDLE_FILES.consistency);
    }
  }
  async close(): Promise<void> {}
}
