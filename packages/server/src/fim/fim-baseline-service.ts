// Baselines on the server (docs/fim.md, "Baselines on the server"): an agent uploads its first
// baseline once (trust on first use, recorded); after that only an approved re-baseline command
// lets it replace the baseline, so an agent (or whoever holds its key) cannot re-baseline itself.
// Each version is kept; the latest is what a wiped agent host downloads and is compared with.
import { createHash } from 'node:crypto';
import type { AgentRecord, FimBaselineRecord, LogStore } from '@keywatch/store';
import { ApiError } from '../api-error.ts';
import type { Sequencer } from '../sequencer/sequencer.ts';
import { fimServerEvent } from './fim-events.ts';

export const BASELINE_FORMAT = 'keywatch-fim-baseline/1';

export interface BaselineUpload {
  baseline: unknown;
  /** The re-baseline command this upload answers; absent for the first baseline. */
  command?: string;
  /** Designated files whose known-good content the agent uploaded first, path → SHA-256. */
  known_good?: Record<string, string>;
}

interface BaselineShape {
  format: string;
  entries: Record<string, { sha256?: unknown } | undefined>;
}

function checkShape(b: unknown): BaselineShape {
  const o = b as Partial<BaselineShape> | null;
  if (o === null || typeof o !== 'object' || o.format !== BASELINE_FORMAT)
    throw new ApiError('BAD_REQUEST', `baseline is not a ${BASELINE_FORMAT} object`);
  if (o.entries === null || typeof o.entries !== 'object' || Array.isArray(o.entries))
    throw new ApiError('BAD_REQUEST', 'baseline has no entries object');
  return o as BaselineShape;
}

export function baselineSummary(b: FimBaselineRecord): Record<string, unknown> {
  return {
    version: b.version,
    sha256: b.sha256,
    entries: b.entries,
    created: new Date(b.createdMs).toISOString(),
    command: b.commandId,
    known_good: b.knownGood,
  };
}

export class FimBaselineService {
  constructor(
    private readonly store: LogStore,
    private readonly sequencer: Sequencer,
    private readonly now: () => number = Date.now,
  ) {}

  /** What the agent downloads at start: the latest approved baseline, or null. */
  async download(agent: AgentRecord): Promise<Record<string, unknown>> {
    const b = await this.store.fim().latestBaseline(agent.id);
    if (!b) return { baseline: null };
    return { ...baselineSummary(b), baseline: JSON.parse(b.baseline) as unknown };
  }

  async upload(agent: AgentRecord, body: BaselineUpload): Promise<Record<string, unknown>> {
    const shape = checkShape(body.baseline);
    const fim = this.store.fim();
    const latest = await fim.latestBaseline(agent.id);
    const command = body.command === undefined ? undefined : await fim.getCommand(body.command);
    if (body.command !== undefined) {
      if (
        command?.agentId !== agent.id ||
        command.kind !== 'rebaseline' ||
        command.status !== 'pending'
      )
        throw new ApiError('FIM_BASELINE_EXISTS', `no pending re-baseline command ${body.command}`);
    } else if (latest) {
      throw new ApiError(
        'FIM_BASELINE_EXISTS',
        `agent ${agent.id} has baseline version ${latest.version}; only an approved re-baseline replaces it`,
      );
    }
    const knownGood = await this.checkKnownGood(shape, body.known_good ?? {});
    const text = JSON.stringify(body.baseline);
    const record: FimBaselineRecord = {
      agentId: agent.id,
      version: (latest?.version ?? 0) + 1,
      baseline: text,
      sha256: createHash('sha256').update(text).digest('hex'),
      entries: Object.keys(shape.entries).length,
      knownGood,
      createdMs: this.now(),
      commandId: command?.id ?? null,
    };
    if (!(await fim.insertBaseline(record)))
      throw new ApiError('CONFLICT', `baseline version ${record.version} was stored concurrently`);
    if (command)
      await fim.completeCommand(
        command.id,
        'done',
        this.now(),
        JSON.stringify({ version: record.version }),
      );
    const detail = {
      version: record.version,
      sha256: record.sha256,
      entries: record.entries,
      known_good: Object.keys(knownGood),
      ...(command && { command: command.id, requested_by: command.requestedBy }),
    };
    await this.sequencer.record(
      command
        ? fimServerEvent(
            'fim.rebaselined',
            agent,
            { name: command.requestedBy },
            {
              severity: 'medium',
              message: `FIM re-baseline of ${agent.name}: version ${record.version}, ${record.entries} entries`,
              detail,
            },
          )
        : fimServerEvent(
            'fim.baseline_stored',
            agent,
            { agent },
            {
              message: `FIM baseline of ${agent.name} stored: ${record.entries} entries`,
              detail,
            },
          ),
    );
    return baselineSummary(record);
  }

  /** Each known-good hash must be the baseline entry's own hash and be in the content store. */
  private async checkKnownGood(
    shape: BaselineShape,
    claimed: Record<string, string>,
  ): Promise<Record<string, string>> {
    if (claimed === null || typeof claimed !== 'object')
      throw new ApiError('BAD_REQUEST', 'known_good is an object: path → SHA-256');
    const stored = await this.store.fim().hasContent(Object.values(claimed));
    for (const [path, sha] of Object.entries(claimed)) {
      if (shape.entries[path]?.sha256 !== sha)
        throw new ApiError('FIM_CONTENT_INVALID', `known-good ${path}: not the baseline's SHA-256`);
      if (!stored.has(sha))
        throw new ApiError(
          'FIM_CONTENT_INVALID',
          `known-good ${path}: content ${sha} not uploaded`,
        );
    }
    return Object.fromEntries(Object.entries(claimed).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}
