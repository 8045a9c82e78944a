// The `keys` agent module: every interval it reads the configured locations (key files, key
// directories, PKCS#11 tokens), runs the checks on the host, and emits one key.observed event with
// a report per key — fingerprints, KCVs, public moduli, verdicts and findings. Private and secret
// bytes never leave the host: the reports are built from public halves and token-computed values
// (test/keys/keys-module.test.ts asserts no private material is in any emitted event). The server
// compares the reports with the inventory and raises key.deployment_mismatch.
import { readdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { AgentContext, AgentModule } from '../agent-module.ts';
import { checkDeployedKeys } from './check-deployed-keys.ts';
import { parseKeysPolicy, type KeysPolicy } from './keys-policy.ts';

const KEY_FILE = /\.(pem|crt|cer|der|key|pub|p12|pfx|jwk)$/i;

function expand(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    try {
      if (!statSync(p).isDirectory()) return [p];
      return readdirSync(p)
        .filter((n) => KEY_FILE.test(n))
        .sort()
        .map((n) => join(p, n))
        .filter((f) => statSync(f).isFile());
    } catch {
      return [p]; // reported as unreadable by the reader
    }
  });
}

export class KeysModule implements AgentModule {
  readonly name = 'keys';
  private timer: NodeJS.Timeout | undefined;
  private run: Promise<void> = Promise.resolve();
  private runs = 0;
  private lastKeys = 0;
  private lastFailing = 0;
  private lastAt: string | undefined;

  async start(ctx: AgentContext, section: unknown): Promise<void> {
    await this.stop();
    const policy = parseKeysPolicy(section);
    const tick = (): void => {
      this.run = this.run
        .then(() => this.scan(ctx, policy))
        .catch((err: unknown) => ctx.log('warn', `keys: ${(err as Error).message}`));
    };
    tick();
    this.timer = setInterval(tick, policy.intervalSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.run;
  }

  health(): Record<string, unknown> {
    return {
      runs: this.runs,
      keys: this.lastKeys,
      failing: this.lastFailing,
      last_run: this.lastAt ?? null,
    };
  }

  /** One scan: resolves once the key.observed event is durable in the spool. */
  async scan(ctx: AgentContext, policy: KeysPolicy): Promise<void> {
    const host = hostname();
    const p12 = policy.pkcs12PasswordEnv ? process.env[policy.pkcs12PasswordEnv] : undefined;
    const reports = await checkDeployedKeys(
      {
        files: expand(policy.paths),
        pkcs11: policy.pkcs11,
        ...(p12 !== undefined && { pkcs12Password: p12 }),
      },
      { host },
    );
    const failing = reports.filter((r) => r.verdict === 'fail').length;
    await ctx.emit({
      time: new Date().toISOString(),
      type: 'key.observed',
      outcome: 'success',
      severity: failing > 0 ? 'high' : 'info',
      actor: { id: ctx.agentId, type: 'agent' },
      target: { type: 'host', id: host },
      message: `${reports.length} keys checked on ${host}, ${failing} failing`,
      detail: { host, reports },
    });
    this.runs++;
    this.lastKeys = reports.length;
    this.lastFailing = failing;
    this.lastAt = new Date().toISOString();
  }
}
