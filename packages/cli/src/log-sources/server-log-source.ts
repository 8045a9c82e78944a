// Reads a log through the HTTP API (GET /v1/log/key, /checkpoint, /entries, /checkpoints).
import type { InclusionProofJson } from '@keywatch/protocol';
import { ApiClient } from '../api-client.ts';
import type { CheckpointEntry, LogSource } from './log-source.ts';

const PAGE = 10_000;

export function splitLines(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, start)) {
    out.push(buf.subarray(start, i));
    start = i + 1;
  }
  if (start < buf.length) out.push(buf.subarray(start));
  return out;
}

export class ServerLogSource implements LogSource {
  readonly describe: string;
  private readonly client: ApiClient;
  constructor(url: string, token: string | undefined) {
    this.describe = `server ${url}`;
    this.client = new ApiClient(url, token);
  }
  async verifierKey(): Promise<string> {
    return (await this.client.text('/v1/log/key')).trim();
  }
  checkpoint(): Promise<string> {
    return this.client.text('/v1/log/checkpoint');
  }
  async *leaves(start: number, end: number): AsyncIterable<Uint8Array> {
    for (let at = start; at < end;) {
      const limit = Math.min(PAGE, end - at);
      const lines = splitLines(
        await this.client.bytes(`/v1/log/entries?start=${at}&limit=${limit}`),
      );
      if (lines.length === 0) return; // fewer leaves than the checkpoint claims: the verifier reports it
      yield* lines;
      at += lines.length;
    }
  }
  async *checkpoints(): AsyncIterable<CheckpointEntry> {
    let after: number | undefined;
    for (;;) {
      const q = after === undefined ? '' : `&after=${after}`;
      const page = await this.client.json<{ checkpoints: CheckpointEntry[] }>(
        `/v1/log/checkpoints?limit=1000${q}`,
      );
      if (page.checkpoints.length === 0) return;
      yield* page.checkpoints;
      after = page.checkpoints[page.checkpoints.length - 1]!.size;
    }
  }
  async inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    const p = await this.client.json<InclusionProofJson>(
      `/v1/log/proof/inclusion?index=${index}&size=${size}`,
    );
    return p.hashes.map((h) => Buffer.from(h, 'base64'));
  }
  async close(): Promise<void> {}
}
