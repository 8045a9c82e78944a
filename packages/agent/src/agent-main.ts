// The agent alone, without the rest of the keywatch command: `keywatch-agent run [--state-dir D]
// [--config F] [--verbose]`, the same runtime and modules as `keywatch agent run`. It is the
// entry point of the bundled agent (scripts/build-agent.ts), which runs on plain Node: no
// TypeScript loader and none of the server's code in the process, which is what keeps an idle
// agent's memory small (docs/agents.md, "Running the agent on a host").
import { parseArgs } from 'node:util';
import type { AgentModule } from './agent-module.ts';
import { AgentRuntime } from './agent-runtime.ts';
import { FimSyncModule } from './fim-sync/fim-sync-module.ts';
import { KeysModule } from './keys/keys-module.ts';
import { PerfModule } from './perf/perf-module.ts';
import { readLocalConfig } from './policy/agent-config.ts';
import { ProbesModule } from './probes/probes-module.ts';
import { ScaModule } from './sca/sca-module.ts';
import { SelftestModule } from './selftest/selftest-module.ts';

/** The modules a running agent offers; each starts when the policy has its section. */
export function agentModules(): AgentModule[] {
  return [
    new FimSyncModule(),
    new ProbesModule(),
    new SelftestModule(),
    new KeysModule(),
    new PerfModule(),
    new ScaModule(),
  ];
}

export async function runAgent(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'state-dir': { type: 'string', default: './agent-state' },
      config: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (positionals[0] !== 'run')
    throw new Error('usage: keywatch-agent run [--state-dir DIR] [--config FILE] [--verbose]');
  await runAgentUntilSignal({
    stateDir: values['state-dir'],
    config: values.config,
    verbose: values.verbose,
  });
}

export interface AgentRunOptions {
  stateDir: string;
  config?: string | undefined;
  verbose?: boolean | undefined;
}

/** Runs the enrolled agent until SIGTERM or SIGINT: `keywatch agent run` and the bundled agent. */
export async function runAgentUntilSignal(o: AgentRunOptions): Promise<void> {
  const runtime = new AgentRuntime({
    stateDir: o.stateDir,
    config: readLocalConfig(o.config),
    modules: agentModules(),
    log: (level, message) => {
      if (level !== 'debug' || o.verbose) process.stderr.write(`${level}: ${message}\n`);
    },
  });
  await runtime.start();
  process.stderr.write(`agent ${runtime.agentId} running\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await runtime.stop();
}
