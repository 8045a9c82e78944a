// Entry point of the bundled agent (scripts/build-agent.ts): `node keywatch-agent.mjs run …`.
// An error is printed with its code (docs/errors.md) and the exit status is 1.
import { runAgent } from './agent-main.ts';

runAgent(process.argv.slice(2)).catch((err: unknown) => {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(
    `keywatch-agent: ${typeof code === 'string' ? `${code}: ` : ''}${message}\n`,
  );
  process.exitCode = 1;
});
