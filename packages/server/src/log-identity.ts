// The log's identity: its origin (C2SP checkpoint origin line and note key name) and its Ed25519
// signing key, kept in the data directory with mode 0600 (never in the database, never logged).
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import {
  generateSignerKey,
  parseSignerKey,
  verifierKeyFromSignerKey,
  type NoteSigner,
} from '@keywatch/auditlog';

export interface LogIdentity {
  origin: string;
  signer: NoteSigner;
  verifierKey: string;
}

export const SIGNING_KEY_FILE = 'log-signing.key';

/** Origin: no spaces and no '+', so it can also be the note key name (c2sp.org/tlog-checkpoint). */
export function checkOrigin(origin: string): void {
  if (!/^[\x21-\x7e]+$/.test(origin) || origin.includes('+')) {
    throw new Error(
      `log origin ${JSON.stringify(origin)} must be printable ASCII without spaces or '+'`,
    );
  }
}

/** A default origin unique to this installation: the host name plus a random suffix. */
function defaultOrigin(): string {
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, '-') || 'localhost';
  return `${host}/keywatch/${randomBytes(4).toString('hex')}`;
}

/** Loads the key from DATA_DIR, or creates one on first start. An existing key fixes the origin. */
export function loadOrCreateLogIdentity(dataDir: string, origin?: string): LogIdentity {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, SIGNING_KEY_FILE);
  if (!existsSync(path)) {
    const name = origin ?? defaultOrigin();
    checkOrigin(name);
    writeFileSync(path, generateSignerKey(name) + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(path, 0o600);
  const text = readFileSync(path, 'utf8').trim();
  const signer = parseSignerKey(text);
  if (origin !== undefined && signer.name !== origin) {
    throw new Error(
      `the signing key in ${path} is for log "${signer.name}", not "${origin}": start with --origin ${signer.name}`,
    );
  }
  return { origin: signer.name, signer, verifierKey: verifierKeyFromSignerKey(text) };
}
