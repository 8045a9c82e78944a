// Helpers for tests that run real agents beside a real server: JSON calls with a token, an
// enrollment through the CLI, `keywatch agent run` as a child process, and polling the log.
import { spawn, type ChildProcess } from 'node:child_process';
import type { StoredEvent } from '@keywatch/protocol';
import { keywatch } from './cli-process.ts';

const bin = new URL('../bin/keywatch.mjs', import.meta.url).pathname;

export async function call(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
}

export async function enrollViaCli(
  url: string,
  token: string,
  stateDir: string,
  extra: string[] = [],
): Promise<string> {
  const t = await call(url, token, 'POST', '/v1/agents/enrollment-tokens', {});
  const { token: enrollment } = t.json as { token: string };
  const r = keywatch([
    'agent',
    'enroll',
    '--server',
    url,
    '--token',
    enrollment,
    '--state-dir',
    stateDir,
    ...extra,
  ]);
  if (r.status !== 0) throw new Error(`agent enroll failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** Starts `keywatch agent run`; resolves once it says it is running. */
export function startAgent(stateDir: string, config?: string): Promise<ChildProcess> {
  const args = [
    bin,
    'agent',
    'run',
    '--state-dir',
    stateDir,
    ...(config ? ['--config', config] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`agent did not start: ${err}`)), 60_000);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (/agent \S+ running/.test(err)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`agent exited with ${code}: ${err}`));
    });
  });
}

/** Every event of the given types, all pages. */
export async function eventsOfType(
  url: string,
  token: string,
  type: string,
): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  let cursor: string | null = null;
  do {
    const q: string = `/v1/events?type=${type}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`;
    const r = await call(url, token, 'GET', q);
    const page = r.json as { events: StoredEvent[]; next: string | null };
    out.push(...page.events);
    cursor = page.next;
  } while (cursor);
  return out;
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
