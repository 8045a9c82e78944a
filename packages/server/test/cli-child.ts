// The real keywatch CLI as a child process, for server tests that enroll and run real agents.
// Asynchronous (not spawnSync): the server under test runs on this test's event loop.
import { spawn } from 'node:child_process';

export const KEYWATCH_BIN = new URL('../../cli/bin/keywatch.mjs', import.meta.url).pathname;

export function runCli(
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [KEYWATCH_BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.once('close', (status) => resolve({ status, stdout, stderr })),
  );
}
