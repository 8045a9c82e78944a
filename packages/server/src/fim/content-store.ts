// The content-addressed known-good store (docs/fim.md, "Known-good store"): bytes keyed by their
// SHA-256, in the database (so every server process serves them and they never sit on the
// monitored host). An agent uploads the designated files' contents at baseline time; it may read
// back only a hash that its own latest baseline names as known-good, to restore its own files.
import { createHash } from 'node:crypto';
import type { AgentRecord, LogStore } from '@keywatch/store';
import { ApiError } from '../api-error.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export class ContentStore {
  constructor(
    private readonly store: LogStore,
    /** Largest known-good file accepted (its base64 must also fit the request body limit). */
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  async put(body: {
    sha256?: unknown;
    content?: unknown;
  }): Promise<{ sha256: string; stored: boolean }> {
    if (
      typeof body.sha256 !== 'string' ||
      !SHA256_HEX.test(body.sha256) ||
      typeof body.content !== 'string'
    )
      throw new ApiError('BAD_REQUEST', 'content upload is {sha256: hex, content: base64}');
    const bytes = Buffer.from(body.content, 'base64');
    if (bytes.length > this.maxBytes)
      throw new ApiError('BODY_TOO_LARGE', `known-good content above ${this.maxBytes} bytes`);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== body.sha256)
      throw new ApiError('FIM_CONTENT_INVALID', `content hashes to ${actual}, not ${body.sha256}`);
    return { sha256: actual, stored: await this.store.fim().putContent(actual, bytes, this.now()) };
  }

  async getForAgent(
    agent: AgentRecord,
    sha256: string,
  ): Promise<{ sha256: string; content: string }> {
    const latest = await this.store.fim().latestBaseline(agent.id);
    if (!SHA256_HEX.test(sha256) || !Object.values(latest?.knownGood ?? {}).includes(sha256))
      throw new ApiError('NOT_FOUND', `no known-good content ${sha256} for agent ${agent.id}`);
    const bytes = await this.store.fim().getContent(sha256);
    if (!bytes) throw new ApiError('NOT_FOUND', `known-good content ${sha256} is missing`);
    return { sha256, content: Buffer.from(bytes).toString('base64') };
  }
}
