// The agent's `fim` module with its server side (docs/fim.md, "Baselines on the server"): wraps
// FimModule (the scanner) and adds what needs the server. At start it downloads the approved
// baseline and adopts it when this host has none (a wiped host is still compared with it);
// after the first scan it uploads the baseline (in chunks: it may exceed one request) with the designated files' known-good content;
// it polls for commands (re-baseline, restore) and, with `autoRestore`, restores a designated file
// as soon as a scan reports it changed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NativeEvent } from '@keywatch/protocol';
import type { AgentContext, AgentModule } from '../agent-module.ts';
import type { FileRecord } from '../fim/file-record.ts';
import type { FimBaseline } from '../fim/fim-baseline.ts';
import { FimModule } from '../fim/fim-module.ts';
import { FimState } from '../fim/fim-state.ts';
import { uploadBaseline } from './baseline-upload.ts';
import { runCommand, type FimCommand } from './fim-command-runner.ts';
import { uploadKnownGood } from './known-good-upload.ts';
import { restoreFromServer, type KnownGood } from './server-restore.ts';
import { parseSyncPolicy, type SyncPolicy } from './sync-policy.ts';

/** Change events that a restore undoes. */
const RESTORABLE = new Set([
  'fim.modified',
  'fim.attributes_changed',
  'fim.removed',
  'fim.type_changed',
]);

interface ServerBaseline {
  baseline: FimBaseline | null;
  version?: number;
  known_good?: Record<string, string>;
}

export class FimSyncModule implements AgentModule {
  readonly name = 'fim';
  #ctx: AgentContext | undefined;
  #policy: SyncPolicy = parseSyncPolicy({});
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> = Promise.resolve();
  /** The server has this agent's baseline (downloaded or uploaded). */
  #synced = false;
  /** Designated files of the approved baseline: their known-good hash and attributes. */
  #approved = new Map<string, KnownGood>();
  #lastError: string | undefined;
  /** Why a restore of a path is running (auto, or which command): added to its events. */
  #causes = new Map<string, Record<string, unknown>>();

  constructor(readonly scanner: FimModule = new FimModule()) {}

  async start(ctx: AgentContext, section: unknown): Promise<void> {
    if (this.#ctx) await this.stop();
    this.#policy = parseSyncPolicy(section);
    const wrapped: AgentContext = { ...ctx, emit: (e) => this.#emit(ctx, e) };
    this.#ctx = wrapped;
    const server = await this.#download(ctx);
    const hasLocal =
      this.scanner.getBaseline() !== undefined ||
      existsSync(join(ctx.stateDir, 'fim', 'baseline.json'));
    if (server?.baseline && !hasLocal) {
      await this.scanner.setBaseline(server.baseline);
      await ctx.emit(adoptedEvent(ctx.agentId, server));
    }
    await this.scanner.start(wrapped, section);
    this.#timer = setInterval(() => this.#poll(), this.#policy.commandPollMs);
    this.#timer.unref();
    this.#poll();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#ctx = undefined;
    await this.#tick;
    await this.scanner.stop();
  }

  health(): Record<string, unknown> {
    return {
      ...this.scanner.health(),
      server: {
        synced: this.#synced,
        knownGood: this.#approved.size,
        ...(this.#lastError !== undefined && { lastError: this.#lastError }),
      },
    };
  }

  /** Resolves when the current poll (sync, commands) is done: tests and shutdown. */
  async settled(): Promise<void> {
    await this.#tick;
  }

  #poll(): void {
    this.#tick = this.#tick.then(async () => {
      const ctx = this.#ctx;
      if (!ctx) return;
      try {
        if (!this.#synced) await this.#syncInitial(ctx);
        const { commands } = (await ctx.request('GET', '/v1/agents/fim/commands')) as {
          commands: FimCommand[];
        };
        for (const c of commands) await runCommand(c, this.#commandHost(ctx));
        this.#lastError = undefined;
      } catch (err) {
        this.#lastError = String(err);
        ctx.log('warn', `server sync: ${String(err)}`);
      }
    });
  }

  async #download(ctx: AgentContext): Promise<ServerBaseline | undefined> {
    try {
      const s = (await ctx.request('GET', '/v1/agents/fim/baseline')) as ServerBaseline;
      if (s.baseline) this.#adopt(s.baseline, s.known_good ?? {});
      this.#synced = s.baseline !== null;
      return s;
    } catch (err) {
      ctx.log('warn', `server baseline not downloaded: ${String(err)}`);
      return undefined;
    }
  }

  /** After the first scan: the server gets this baseline unless it has one already. */
  async #syncInitial(ctx: AgentContext): Promise<void> {
    const server = await this.#download(ctx);
    if (!server || this.#synced) return;
    await this.scanner.whenIdle();
    const b = this.scanner.getBaseline();
    if (!b) return;
    await this.upload(ctx, b);
  }

  /** Known-good content first, then the baseline naming it (with the command for a re-baseline). */
  async upload(ctx: AgentContext, b: FimState, command?: string): Promise<void> {
    const knownGood = await uploadKnownGood(ctx, b, this.#policy);
    await uploadBaseline(ctx, b, {
      known_good: knownGood,
      ...(command !== undefined && { command }),
    });
    this.#adopt(b, knownGood);
    this.#synced = true;
  }

  #adopt(b: FimBaseline | FimState, knownGood: Record<string, string>): void {
    this.#approved = new Map();
    for (const [path, sha256] of Object.entries(knownGood)) {
      const attributes: FileRecord | undefined =
        b instanceof FimState ? b.get(path) : b.entries[path];
      if (attributes) this.#approved.set(path, { sha256, attributes });
    }
  }

  #commandHost(ctx: AgentContext) {
    return {
      ctx,
      scanner: this.scanner,
      upload: (b: FimState, command: string) => this.upload(ctx, b, command),
      restore: (path: string, good: KnownGood, cause: Record<string, unknown>) =>
        this.#restore(ctx, path, good, cause),
    };
  }

  #restore(ctx: AgentContext, path: string, good: KnownGood, cause: Record<string, unknown>) {
    this.#causes.set(path, cause);
    return restoreFromServer(ctx, this.scanner, path, good).finally(() =>
      this.#causes.delete(path),
    );
  }

  async #emit(ctx: AgentContext, e: NativeEvent): Promise<void> {
    const path = e.target?.id;
    const cause = path === undefined ? undefined : this.#causes.get(path);
    if (cause && e.type.startsWith('fim.restore')) e.detail = { ...cause, ...e.detail };
    await ctx.emit(e);
    if (!this.#policy.autoRestore || !RESTORABLE.has(e.type) || path === undefined) return;
    const good = this.#approved.get(path);
    if (!good) return;
    // Not awaited: the scan that emitted this holds the module's queue the restore waits on.
    const wrapped = this.#ctx ?? ctx;
    void this.#restore(wrapped, path, good, { trigger: 'auto', change: e.type }).catch(
      (err: unknown) => ctx.log('error', `auto-restore of ${path}: ${String(err)}`),
    );
  }
}

function adoptedEvent(agentId: string, s: ServerBaseline): NativeEvent {
  return {
    time: new Date().toISOString(),
    type: 'fim.baseline_adopted',
    outcome: 'success',
    severity: 'medium',
    actor: { id: agentId, type: 'agent' },
    source: { kind: 'fim' },
    message: `no local FIM state: adopted the server's baseline version ${s.version ?? '?'}`,
    detail: {
      version: s.version,
      entries: Object.keys(s.baseline?.entries ?? {}).length,
    },
  };
}
