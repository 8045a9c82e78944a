// Entry point of the bundled agent (scripts/build-agent.ts): `node keywatch-agent.mjs run …`.
import { runAgent } from './agent-main.ts';

runAgent(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`keywatch-agent: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
