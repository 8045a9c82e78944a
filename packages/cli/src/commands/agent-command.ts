// keywatch agent enroll | run (DESIGN.md): enroll this host's agent with a single-use token, then
// run it — spool, shipper, signed policy, modules, heartbeats — until SIGTERM or SIGINT.
import type { Command } from 'commander';
import { enrollAgent, runAgentUntilSignal } from '@keywatch/agent';

const DEFAULT_STATE_DIR = './agent-state';

export function registerAgent(program: Command): void {
  const agent = program.command('agent').description('the keywatch agent on a monitored host');
  agent
    .command('enroll')
    .description("create this agent's key pair and register it with a single-use enrollment token")
    .requiredOption('--server <url>', 'the keywatch server, e.g. https://keywatch.example:8400')
    .requiredOption('--token <token>', 'an enrollment token (POST /v1/agents/enrollment-tokens)')
    .option(
      '--state-dir <dir>',
      'where the agent keeps its key, identity and spool',
      DEFAULT_STATE_DIR,
    )
    .option('--name <name>', "the agent's name (unless the token sets one)")
    .option('--group <group>', "the agent's policy group (unless the token sets one)")
    .action(
      async (f: {
        server: string;
        token: string;
        stateDir: string;
        name?: string;
        group?: string;
      }) => {
        const id = await enrollAgent({
          server: f.server,
          token: f.token,
          stateDir: f.stateDir,
          ...(f.name !== undefined && { name: f.name }),
          ...(f.group !== undefined && { group: f.group }),
        });
        process.stdout.write(`${id.agentId}\n`);
        process.stderr.write(
          `enrolled as ${id.name} (${id.agentId}) with ${id.server}; state in ${f.stateDir}\n`,
        );
      },
    );
  agent
    .command('run')
    .description('run the enrolled agent until SIGTERM or SIGINT')
    .option('--state-dir <dir>', 'the state directory given to enroll', DEFAULT_STATE_DIR)
    .option('--config <file>', 'local YAML: spool bound, intervals, and the fallback policy')
    .option('--verbose', 'log debug lines too')
    .action(async (f: { stateDir: string; config?: string; verbose?: boolean }) => {
      // The same run as the bundled agent (keywatch-agent.mjs run).
      await runAgentUntilSignal(f);
    });
}
