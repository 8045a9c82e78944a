// node-postgres errors → StoreError. SQLSTATE classes 08 (connection), 57P (shutdown, crash
// recovery), 53 (out of resources) and 3D000 (no such database), and socket errors, mean the
// database cannot be used: DATABASE_UNAVAILABLE. Unique violations are left to the append path.
import { StoreError } from '../../store-error.ts';

const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);

export function mapPostgresError(err: unknown, context = 'PostgreSQL'): unknown {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: unknown }).code;
  const message = (err as Error).message ?? String(err);
  const unavailable =
    (typeof code === 'string' &&
      (SOCKET_CODES.has(code) ||
        code.startsWith('08') ||
        code.startsWith('57P') ||
        code.startsWith('53') ||
        code === '3D000')) ||
    /Connection terminated|Client was closed|Cannot use a pool after calling end|timeout exceeded when trying to connect/i.test(
      message,
    );
  return unavailable
    ? new StoreError('DATABASE_UNAVAILABLE', `${context}: ${message}`, { cause: err })
    : err;
}

export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown }).code === '23505';
}
