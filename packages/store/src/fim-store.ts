// The storage contract of server-side file-integrity monitoring (migration 0006-fim): each agent's
// approved baselines (versioned, never overwritten), the content-addressed store of known-good file
// contents, and the command queue an agent polls (re-baseline, restore). Every dialect implements
// it through fim/kysely-fim-store.ts and passes test/fim-store-tests.ts. Who may do what is the
// server's; the store makes each change atomic.

export interface FimBaselineRecord {
  agentId: string;
  /** 1 for the first baseline, then +1 per approved re-baseline. */
  version: number;
  /** The baseline object as the agent uploaded it (JSON text). */
  baseline: string;
  /** Hex SHA-256 of `baseline`. */
  sha256: string;
  entries: number;
  /** Designated files whose known-good content is in the content store, path → hex SHA-256. */
  knownGood: Record<string, string>;
  createdMs: number;
  /** The re-baseline command this version answers (null for the first baseline). */
  commandId: string | null;
}

export type FimCommandKind = 'rebaseline' | 'restore';
export type FimCommandStatus = 'pending' | 'done' | 'failed';

export interface FimCommandRecord {
  id: string;
  agentId: string;
  kind: FimCommandKind;
  /** The file to restore (restore only). */
  path: string | null;
  /** Who asked for it (principal name). */
  requestedBy: string;
  requestedMs: number;
  status: FimCommandStatus;
  completedMs: number | null;
  /** What the agent reported (JSON text), once completed. */
  result: string | null;
}

export interface FimStore {
  /** False when that version exists already (a concurrent upload won): nothing written. */
  insertBaseline(b: FimBaselineRecord): Promise<boolean>;
  /** The highest version for the agent. */
  latestBaseline(agentId: string): Promise<FimBaselineRecord | undefined>;
  /** Content-addressed: false when the hash was stored already (the bytes are not rewritten). */
  putContent(sha256: string, content: Uint8Array, atMs: number): Promise<boolean>;
  getContent(sha256: string): Promise<Uint8Array | undefined>;
  /** Which of the hashes are stored. */
  hasContent(hashes: readonly string[]): Promise<Set<string>>;
  addCommand(c: FimCommandRecord): Promise<void>;
  getCommand(id: string): Promise<FimCommandRecord | undefined>;
  /** Oldest first; `pendingOnly` for what the agent still has to do. */
  listCommands(
    agentId: string,
    opts: { pendingOnly?: boolean; limit: number },
  ): Promise<FimCommandRecord[]>;
  /** True when this call completed it (false: unknown or not pending any more). */
  completeCommand(
    id: string,
    status: Exclude<FimCommandStatus, 'pending'>,
    atMs: number,
    result: string,
  ): Promise<boolean>;
}
