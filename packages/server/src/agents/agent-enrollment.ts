// Single-use, expiring enrollment tokens ("kwe_<id>_<secret>", only SHA-256(secret) stored, in the
// tokens table with a role no API route accepts) and the enrollment they allow: the agent's
// public key is registered and the enrollment is an event in the log.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AgentEnrollResponse, NativeEvent } from '@keywatch/protocol';
import type { LogStore } from '@keywatch/store';
import { ApiError } from '../api-error.ts';
import type { Principal } from '../auth/token-service.ts';
import type { LogIdentity } from '../log-identity.ts';
import type { Sequencer } from '../sequencer/sequencer.ts';
import { publicKeyFromRaw } from './agent-request-auth.ts';

export const ENROLLMENT_ROLE = 'agent_enrollment';
const TOKEN_RE = /^kwe_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const META = (id: string): string => `agent_enrollment:${id}`;
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

interface Preset {
  name?: string;
  group?: string;
  createdBy: string;
}

export interface EnrollRequest {
  token: string;
  publicKey: string;
  name?: string;
  group?: string;
  host?: string;
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

export function checkName(value: string | undefined, what: string): void {
  if (value !== undefined && !NAME_RE.test(value))
    throw new ApiError('BAD_REQUEST', `${what} must be 1-128 letters, digits, '.', '_' or '-'`);
}

export class AgentEnrollment {
  constructor(
    private readonly store: LogStore,
    private readonly sequencer: Sequencer,
    private readonly identity: LogIdentity,
    private readonly now: () => number = Date.now,
  ) {}

  async createToken(by: Principal, opts: { ttlMs: number; name?: string; group?: string }) {
    checkName(opts.name, 'name');
    checkName(opts.group, 'group');
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const createdMs = this.now();
    const preset: Preset = { createdBy: by.name, ...opts };
    await this.store.setMeta(META(id), JSON.stringify(preset));
    await this.store.insertToken({
      id,
      secretHash: sha256(secret),
      role: ENROLLMENT_ROLE,
      name: opts.name ?? 'agent-enrollment',
      createdMs,
      revokedMs: null,
      expiresMs: createdMs + opts.ttlMs,
      singleUse: true,
      usedMs: null,
    });
    return {
      id,
      token: `kwe_${id}_${secret}`,
      expires: new Date(createdMs + opts.ttlMs).toISOString(),
    };
  }

  async enroll(req: EnrollRequest, ip: string): Promise<AgentEnrollResponse> {
    publicKeyFromRaw(req.publicKey); // a malformed key is refused before the token is spent
    checkName(req.name, 'name');
    checkName(req.group, 'group');
    const parts = TOKEN_RE.exec(req.token);
    const row = parts ? await this.store.findToken(parts[1]!) : undefined;
    const now = this.now();
    if (
      !parts ||
      !row ||
      row.role !== ENROLLMENT_ROLE ||
      !timingSafeEqual(row.secretHash, sha256(parts[2]!)) ||
      row.revokedMs !== null ||
      (row.expiresMs !== null && row.expiresMs <= now) ||
      !(await this.store.markTokenUsed(row.id, now))
    ) {
      throw new ApiError(
        'ENROLLMENT_TOKEN_INVALID',
        'the enrollment token is unknown, used or expired',
      );
    }
    const preset = JSON.parse((await this.store.getMeta(META(row.id))) ?? '{}') as Preset;
    const agentId = `a-${randomBytes(8).toString('hex')}`;
    const name = preset.name ?? req.name ?? req.host ?? agentId;
    const group = preset.group ?? req.group ?? null;
    await this.store.agents().createAgent({
      id: agentId,
      name,
      group,
      host: req.host ?? null,
      publicKey: req.publicKey,
      enrolledMs: now,
      revokedMs: null,
      lastSeenMs: now,
      lastSeq: null,
      silent: false,
      health: null,
      policy: null,
    });
    await this.sequencer.record(enrolledEvent(agentId, name, group, req, row.id, preset, ip));
    return {
      agent_id: agentId,
      verifier_key: this.identity.verifierKey,
      origin: this.identity.origin,
      name,
      group,
    };
  }
}

function enrolledEvent(
  agentId: string,
  name: string,
  group: string | null,
  req: EnrollRequest,
  tokenId: string,
  preset: Preset,
  ip: string,
): NativeEvent {
  const fingerprint = createHash('sha256')
    .update(Buffer.from(req.publicKey, 'base64'))
    .digest('hex');
  return {
    time: new Date().toISOString(),
    type: 'agent.enrolled',
    outcome: 'success',
    severity: 'medium',
    actor: { id: agentId, type: 'agent', ip },
    target: { type: 'agent', id: agentId, name },
    source: { kind: 'keywatch', agent: agentId, ...(req.host !== undefined && { host: req.host }) },
    message: `agent ${name} enrolled${group === null ? '' : ` in group ${group}`}`,
    detail: {
      token_id: tokenId,
      token_created_by: preset.createdBy,
      group,
      key_sha256: fingerprint,
    },
  };
}
