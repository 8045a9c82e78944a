// Baselines bigger than one request (docs/fim.md, "Baselines on the server"): the agent begins an
// upload naming the total size and SHA-256 of the baseline's JSON text, appends it in chunks
// (base64, each inside the body limit), and commits. Chunks are held in this process's memory,
// never in the store, so a half-uploaded baseline is never visible; only the commit hands the
// whole text, checked against its size and hash, to FimBaselineService.upload, which stores the
// version atomically and records the one audit event. An upload lost to a restart is begun again
// (the agent retries from the start at its next poll), so memory is the right place: no cleanup
// of a store after a crash, and the bound below caps what agents can make the server hold.
import { createHash, randomBytes } from 'node:crypto';
import type { AgentRecord } from '@keywatch/store';
import { ApiError } from '../api-error.ts';
import type { BaselineUpload, FimBaselineService } from './fim-baseline-service.ts';

/** One baseline's JSON text at most (about 500,000 entries). */
export const MAX_BASELINE_BYTES = 512 * 1024 * 1024;
/** All uploads in progress together. */
const MAX_STAGED_BYTES = 1024 * 1024 * 1024;
/** An upload untouched for this long is dropped. */
const IDLE_MS = 15 * 60 * 1000;

interface Staged {
  id: string;
  agentId: string;
  bytes: number;
  sha256: string;
  chunks: Buffer[];
  received: number;
  touchedMs: number;
}

export class BaselineUploads {
  /** By agent: one upload in progress each (a new begin replaces the old). */
  private readonly staged = new Map<string, Staged>();

  constructor(
    private readonly baselines: FimBaselineService,
    /** The largest chunk of bytes whose base64 fits a request body. */
    private readonly chunkBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  begin(agent: AgentRecord, body: Record<string, unknown>): Record<string, unknown> {
    const { bytes, sha256 } = body;
    if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 2)
      throw new ApiError('BAD_REQUEST', 'bytes: the size of the baseline text, a whole number');
    if (bytes > MAX_BASELINE_BYTES)
      throw new ApiError('BODY_TOO_LARGE', `a baseline is at most ${MAX_BASELINE_BYTES} bytes`);
    if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256))
      throw new ApiError('BAD_REQUEST', 'sha256: hex SHA-256 of the baseline text');
    this.staged.delete(agent.id);
    this.prune();
    let held = 0;
    for (const s of this.staged.values()) held += s.bytes;
    if (held + bytes > MAX_STAGED_BYTES)
      throw new ApiError('RATE_LIMITED', 'too many baseline uploads in progress; retry later');
    const id = `bu-${randomBytes(12).toString('hex')}`;
    this.staged.set(agent.id, {
      id,
      agentId: agent.id,
      bytes,
      sha256,
      chunks: [],
      received: 0,
      touchedMs: this.now(),
    });
    return { id, chunk_bytes: this.chunkBytes, received: 0 };
  }

  append(agent: AgentRecord, id: string, body: Record<string, unknown>): Record<string, unknown> {
    const s = this.get(agent, id);
    if (body['offset'] !== s.received)
      throw new ApiError('CONFLICT', `upload ${id}: the next chunk starts at byte ${s.received}`);
    if (typeof body['data'] !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(body['data']))
      throw new ApiError('BAD_REQUEST', 'data: the chunk, base64');
    const chunk = Buffer.from(body['data'], 'base64');
    if (chunk.length === 0 || s.received + chunk.length > s.bytes)
      throw new ApiError('BAD_REQUEST', `upload ${id}: the chunk passes the declared size`);
    s.chunks.push(chunk);
    s.received += chunk.length;
    s.touchedMs = this.now();
    return { id, received: s.received };
  }

  async commit(
    agent: AgentRecord,
    id: string,
    body: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const s = this.get(agent, id);
    // Whatever happens now, this upload is over: a refused commit is begun again.
    this.staged.delete(agent.id);
    if (s.received !== s.bytes)
      throw new ApiError('BAD_REQUEST', `upload ${id}: ${s.received} of ${s.bytes} bytes received`);
    const text = Buffer.concat(s.chunks, s.bytes);
    s.chunks = [];
    if (createHash('sha256').update(text).digest('hex') !== s.sha256)
      throw new ApiError('BAD_REQUEST', `upload ${id}: the text does not match its SHA-256`);
    let baseline: unknown;
    try {
      baseline = JSON.parse(text.toString('utf8'));
    } catch (err) {
      throw new ApiError('BAD_JSON', `upload ${id}: ${(err as Error).message}`);
    }
    const upload: BaselineUpload = { baseline };
    if (body['command'] !== undefined) {
      if (typeof body['command'] !== 'string')
        throw new ApiError('BAD_REQUEST', 'command: the re-baseline command id');
      upload.command = body['command'];
    }
    if (body['known_good'] !== undefined)
      upload.known_good = body['known_good'] as Record<string, string>;
    return this.baselines.upload(agent, upload);
  }

  private get(agent: AgentRecord, id: string): Staged {
    const s = this.staged.get(agent.id);
    if (!s || s.id !== id || this.now() - s.touchedMs > IDLE_MS)
      throw new ApiError('NOT_FOUND', `no baseline upload ${id} in progress: begin again`);
    return s;
  }

  private prune(): void {
    const now = this.now();
    for (const [agentId, s] of this.staged)
      if (now - s.touchedMs > IDLE_MS) this.staged.delete(agentId);
  }
}
