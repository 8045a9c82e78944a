// API tokens: "kw_<id>_<secret>". Only SHA-256(secret) is stored (the secret has 256 bits of
// entropy, so a slow password hash adds nothing); comparison is constant-time. Lookups are cached
// for a few seconds so ingest does not hit the database per request; revocation is seen within
// that time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_ROLES, PERSON_ROLES, type ApiRole } from '@keywatch/protocol';
import type { LogStore, TokenRow } from '@keywatch/store';
import { ApiError } from '../api-error.ts';

export interface Principal {
  tokenId: string;
  name: string;
  role: ApiRole;
  /** A person (not an agent or application): each of their requests is recorded in the log. */
  person: boolean;
}

const TOKEN_RE = /^kw_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const CACHE_MS = 5000;

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function isApiRole(role: string): role is ApiRole {
  return (API_ROLES as readonly string[]).includes(role);
}

export class TokenService {
  private cache = new Map<string, { row: TokenRow; at: number }>();
  constructor(
    private readonly store: LogStore,
    private readonly now: () => number = Date.now,
  ) {}

  async create(opts: {
    role: ApiRole;
    name: string;
    ttlMs?: number;
  }): Promise<{ id: string; token: string }> {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const createdMs = this.now();
    await this.store.insertToken({
      id,
      secretHash: hashSecret(secret),
      role: opts.role,
      name: opts.name,
      createdMs,
      revokedMs: null,
      expiresMs: opts.ttlMs === undefined ? null : createdMs + opts.ttlMs,
      singleUse: false,
      usedMs: null,
    });
    return { id, token: `kw_${id}_${secret}` };
  }

  /** Resolves the principal behind an Authorization header, or throws UNAUTHENTICATED. */
  async authenticate(header: string | undefined): Promise<Principal> {
    const m = /^Bearer (\S+)$/.exec(header ?? '');
    const parts = m ? TOKEN_RE.exec(m[1]!) : null;
    if (!parts)
      throw new ApiError(
        'UNAUTHENTICATED',
        'send "Authorization: Bearer kw_…" with a valid API token',
      );
    const [, id, secret] = parts as unknown as [string, string, string];
    const row = await this.lookup(id);
    const now = this.now();
    if (
      !row ||
      !timingSafeEqual(row.secretHash, hashSecret(secret)) ||
      row.revokedMs !== null ||
      (row.expiresMs !== null && row.expiresMs <= now) ||
      !isApiRole(row.role)
    ) {
      throw new ApiError('UNAUTHENTICATED', 'the API token is unknown, revoked or expired');
    }
    return { tokenId: id, name: row.name, role: row.role, person: PERSON_ROLES.includes(row.role) };
  }

  private async lookup(id: string): Promise<TokenRow | undefined> {
    const hit = this.cache.get(id);
    if (hit && this.now() - hit.at < CACHE_MS) return hit.row;
    const row = await this.store.findToken(id);
    if (row) this.cache.set(id, { row, at: this.now() });
    return row;
  }
}
