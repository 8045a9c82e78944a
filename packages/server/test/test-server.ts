// Opens a real server on a fresh SQLite data directory (or PostgreSQL database) for a test, with
// an admin token and helpers to mint tokens of other roles.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiRole } from '@keywatch/protocol';
import { openServer, type KeywatchServer, type OpenServerOptions } from '@keywatch/server';

/** What tests read of an injected response. */
export interface InjectedResponse {
  statusCode: number;
  body: string;
  json<T = unknown>(): T;
}

export interface TestServer {
  server: KeywatchServer;
  dataDir: string;
  adminToken: string;
  token(role: ApiRole, name?: string): Promise<string>;
  /** app.inject with a bearer token and an optional JSON body. */
  request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    token: string,
    body?: unknown,
  ): Promise<InjectedResponse>;
  close(): Promise<void>;
}

export async function startTestServer(opts: Partial<OpenServerOptions> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kw-server-'));
  const server = await openServer({ dataDir, logger: false, origin: 'test.keywatch/log', ...opts });
  const adminToken = readFileSync(join(dataDir, 'initial-admin-token'), 'utf8').trim();
  return {
    server,
    dataDir,
    adminToken,
    token: async (role, name) =>
      (await server.context.tokens.create({ role, name: name ?? `${role}-user` })).token,
    request: (method, url, token, body) =>
      server.app.inject({
        method,
        url,
        headers: auth(token),
        ...(body !== undefined && { payload: body as object }),
      }),
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function event(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `ev-${i}`,
    time: new Date(Date.UTC(2026, 10, 28, 12, 0, 0) + i * 1000).toISOString(),
    type: i % 3 === 0 ? 'key.create' : i % 3 === 1 ? 'crypto.decrypt' : 'key.destroy_scheduled',
    outcome: i % 5 === 0 ? 'failure' : 'success',
    actor: { id: `user-${i % 4}`, roles: [i % 2 ? 'crypto_user' : 'key_admin'], ip: '10.0.0.5' },
    target: { type: 'key', id: `key-${i % 7}` },
    source: { kind: 'native', host: `kms-${i % 2}` },
    ...extra,
  };
}

export const auth = (token: string): { authorization: string } => ({
  authorization: `Bearer ${token}`,
});
