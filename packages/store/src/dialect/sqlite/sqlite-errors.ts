// better-sqlite3 error codes → StoreError. Constraint violations are left to the caller (only the
// append path knows they mean APPEND_CONFLICT); anything saying the file cannot be used becomes
// DATABASE_UNAVAILABLE, so the server answers LOG_UNAVAILABLE instead of INTERNAL.
import { StoreError } from '../../store-error.ts';

/** How long a connection waits for another's write lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

const UNAVAILABLE = [
  'SQLITE_BUSY', // another process held the write lock past busy_timeout
  'SQLITE_LOCKED',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_PERM',
  'SQLITE_NOMEM',
];

export function mapSqliteError(err: unknown, context = 'SQLite'): unknown {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: unknown }).code;
  const message = (err as Error).message;
  if (typeof code === 'string') {
    if (code.startsWith('SQLITE_CONSTRAINT')) return err;
    // Extended codes carry the primary one as their prefix (SQLITE_IOERR_FSYNC).
    if (UNAVAILABLE.some((c) => code === c || code.startsWith(`${c}_`))) {
      return new StoreError('DATABASE_UNAVAILABLE', `${context}: ${message}`, { cause: err });
    }
  }
  // better-sqlite3 throws a TypeError once the handle is closed.
  if (err instanceof TypeError && /database connection is not open/.test(message)) {
    return new StoreError('DATABASE_UNAVAILABLE', `${context}: the store is closed`, {
      cause: err,
    });
  }
  return err;
}

/** A PRIMARY KEY or UNIQUE violation: in the append path, a collision with stored entries. */
export function isConstraintError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}
