// The `sca` agent module: every interval_seconds it runs the policies its section names (paths
// on the host, e.g. the shipped kms-hardening.yml) and emits one event per check and one per
// scan, and reports the software inventory when it changed since the last report. Command rules
// run only when the host's local configuration (the constructor option, never the signed policy
// pushed by the server) allows them.
import type { AgentContext, AgentModule } from '../agent-module.ts';
import { loadPolicyFile } from './sca-policy-loader.ts';
import { runPolicy } from './sca-policy-runner.ts';
import { HostRoot } from './host-root.ts';
import { readInventory } from './package-inventory.ts';
import { inventoryDigest, inventoryEvent, scaEvents } from './sca-events.ts';
import { ScaError } from './sca-error.ts';

export interface ScaSection {
  policies: string[];
  interval_seconds: number;
  root: string;
  inventory: boolean;
  variables: Record<string, string | string[]>;
}

export function parseScaSection(raw: unknown): ScaSection {
  const o = (raw ?? {}) as Record<string, unknown>;
  const bad = (what: string): never => {
    throw new ScaError('POLICY_INVALID', `sca section: ${what}`);
  };
  const policies = o['policies'] ?? [];
  if (!Array.isArray(policies) || !policies.every((p) => typeof p === 'string'))
    bad('policies is a list of file paths');
  const interval = o['interval_seconds'] ?? 3600;
  if (typeof interval !== 'number' || interval < 1) bad('interval_seconds ≥ 1');
  const variables = o['variables'] ?? {};
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
    bad('variables is a mapping');
  return {
    policies: policies as string[],
    interval_seconds: interval as number,
    root: typeof o['root'] === 'string' ? o['root'] : '/',
    inventory: o['inventory'] !== false,
    variables: variables as Record<string, string | string[]>,
  };
}

export class ScaModule implements AgentModule {
  readonly name = 'sca';
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private lastInventory: string | undefined;
  private scans = 0;
  private readonly lastScores: Record<string, unknown> = {};
  private errors = 0;

  constructor(private readonly local: { allowCommands?: boolean } = {}) {}

  async start(ctx: AgentContext, section: unknown): Promise<void> {
    await this.stop();
    const cfg = parseScaSection(section);
    const tick = (): void => {
      this.round = this.round.then(() => this.runRound(ctx, cfg));
    };
    tick();
    this.timer = setInterval(tick, cfg.interval_seconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
  }

  /** Resolves once the scans started so far have finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.round;
  }

  health(): Record<string, unknown> {
    return { scans: this.scans, errors: this.errors, scores: this.lastScores };
  }

  private async runRound(ctx: AgentContext, cfg: ScaSection): Promise<void> {
    const actor = { id: ctx.agentId, type: 'agent' };
    for (const path of cfg.policies) {
      try {
        const policy = await loadPolicyFile(path, cfg.variables);
        const results = await runPolicy(policy, {
          root: cfg.root,
          allowCommands: this.local.allowCommands ?? false,
        });
        const events = scaEvents(policy, results, actor);
        for (const e of events) await ctx.emit(e);
        this.lastScores[policy.id] = events.at(-1)?.detail?.['score'];
      } catch (err) {
        this.errors++;
        ctx.log('error', `sca: ${path}: ${(err as Error).message}`);
      }
    }
    if (cfg.inventory) {
      try {
        const inv = await readInventory(new HostRoot(cfg.root));
        const digest = inventoryDigest(inv.packages);
        if (inv.sources.length > 0 && digest !== this.lastInventory) {
          await ctx.emit(inventoryEvent(inv.packages, actor));
          this.lastInventory = digest;
        }
      } catch (err) {
        this.errors++;
        ctx.log('error', `sca: inventory: ${(err as Error).message}`);
      }
    }
    this.scans++;
  }
}
