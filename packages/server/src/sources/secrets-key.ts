// The per-log secrets key: HMAC-SHA256 key under which adapters replace secrets by
// `hmac-sha256:<hex>` (docs/sources.md, "Secrets and key material"). Every process writing or
// searching one log must use the same key, or equal secrets stop hashing equally: with SQLite it
// lives next to the signing key in DATA_DIR (mode 0600, never in the database the log is exported
// from); with PostgreSQL, where several processes share the log but not a directory, in the meta
// table.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogStore } from '@keywatch/store';
import type { ServerContext } from '../server-context.ts';

export const SECRETS_KEY_FILE = 'secrets-hmac.key';
const META_KEY = 'secrets_hmac_key';

function parseKey(text: string, where: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw new Error(`the secrets key in ${where} is not 64 hex digits`);
  return Buffer.from(hex, 'hex');
}

export async function loadOrCreateSecretsKey(
  store: LogStore,
  dataDir: string | undefined,
): Promise<Buffer> {
  if (store.dialect === 'sqlite' && dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const path = join(dataDir, SECRETS_KEY_FILE);
    if (!existsSync(path)) {
      try {
        writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
      } catch (err) {
        // Another process created it first: use theirs.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    chmodSync(path, 0o600);
    return parseKey(readFileSync(path, 'utf8'), path);
  }
  const stored = await store.getMeta(META_KEY);
  if (stored !== undefined) return parseKey(stored, 'the meta table');
  await store.setMeta(META_KEY, randomBytes(32).toString('hex'));
  // Read back: if two processes raced, the last write wins and both use it from here on.
  return parseKey((await store.getMeta(META_KEY)) ?? '', 'the meta table');
}

const keys = new WeakMap<ServerContext, Promise<Buffer>>();

/** The key of this context's log, loaded once. */
export function secretsKeyFor(ctx: ServerContext): Promise<Buffer> {
  let key = keys.get(ctx);
  if (!key) {
    key = loadOrCreateSecretsKey(ctx.store, ctx.config.dataDir);
    keys.set(ctx, key);
  }
  return key;
}
