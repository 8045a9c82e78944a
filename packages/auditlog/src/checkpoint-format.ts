// c2sp.org/tlog-checkpoint body: origin, decimal tree size (no leading zeros), standard base64 of
// the 32-byte root, each ending in LF; optional non-empty extension lines follow, which we accept
// and ignore (we never write any: monitors cannot audit them).
import { AuditLogError } from './audit-log-error.ts';
import { HASH_SIZE } from './merkle-hash.ts';
import { hasControlButLf } from './note-text.ts';
import { decodeBase64Strict } from './strict-base64.ts';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

function malformed(message: string): AuditLogError {
  return new AuditLogError('CHECKPOINT_MALFORMED', message);
}

/** "origin\nsize\nbase64root\n". */
export function formatCheckpoint(c: Checkpoint): string {
  if (
    typeof c.origin !== 'string' ||
    c.origin === '' ||
    c.origin.includes('\n') ||
    hasControlButLf(c.origin)
  ) {
    throw malformed('the origin must be a non-empty line');
  }
  if (!Number.isSafeInteger(c.size) || c.size < 0)
    throw malformed('the size must be a non-negative integer');
  if (!(c.root instanceof Uint8Array) || c.root.length !== HASH_SIZE)
    throw malformed('the root must be 32 bytes');
  return `${c.origin}\n${c.size}\n${Buffer.from(c.root).toString('base64')}\n`;
}

export function parseCheckpoint(text: string): Checkpoint {
  if (typeof text !== 'string' || !text.endsWith('\n'))
    throw malformed('a checkpoint must end with a newline');
  if (hasControlButLf(text)) throw malformed('a checkpoint may hold no control character but LF');
  const [origin = '', sizeText = '', rootText = '', ...extensions] = text.slice(0, -1).split('\n');
  if (origin === '') throw malformed('the origin line is empty');
  if (!DECIMAL.test(sizeText))
    throw malformed('the size line must be a decimal without leading zeros');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw malformed('the size exceeds 2^53 − 1');
  const root = decodeBase64Strict(rootText);
  if (root === undefined || root.length !== HASH_SIZE)
    throw malformed('the root line must be the base64 of 32 bytes');
  if (extensions.some((line) => line === '')) throw malformed('extension lines must not be empty');
  return { origin, size, root };
}
