// Verifies the signed agent transport (protocol agent-signing.ts): a registered, non-revoked
// agent's Ed25519 signature over method, path and query, body hash, agent id, timestamp and nonce;
// the timestamp within the window; the nonce unseen within that window (replays are refused).
// The agent row is read per request, so a revocation takes effect on the next request.
//
// Replays across a restart. The nonce cache is in memory, so on its own a request captured before
// a restart could be replayed after it. Rather than a durable write per request (persisted
// nonces), the window is closed at both ends: a timestamp may be up to 5 minutes old but never
// ahead of this server's clock, and never older than this process's start. A request accepted by
// an earlier process at time a has timestamp ≤ a, and a < start because the writer lock keeps two
// servers off one log — so no request accepted before a restart is accepted after it. This holds
// while the server clock does not step back across a restart. A genuine agent whose clock is
// ahead, or whose request was signed just before the start, is refused with
// AGENT_TIMESTAMP_REFUSED; every agent-scope answer carries Keywatch-Server-Time, from which the
// agent learns its clock offset and re-signs at once (packages/agent transport/agent-client.ts).
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AGENT_CLOCK_SKEW_MS, AGENT_HEADERS, agentSigningString } from '@keywatch/protocol';
import type { AgentStore } from '@keywatch/store';
import { ApiError } from '../api-error.ts';
import type { Principal } from '../auth/token-service.ts';

export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');
const MAX_NONCES = 1_000_000;

export function publicKeyFromRaw(base64: string): KeyObject {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== 32) throw new ApiError('BAD_REQUEST', 'public_key must be 32 bytes, base64');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
}

/** The principal of a signed agent request; the agent id follows "agent:". */
export function agentIdOf(req: FastifyRequest): string {
  const id = req.principal?.tokenId ?? '';
  if (!id.startsWith('agent:'))
    throw new ApiError('FORBIDDEN', 'only an enrolled agent may do this');
  return id.slice('agent:'.length);
}

export class AgentRequestAuth {
  /** "agent nonce" → when it may be forgotten (its timestamp left the window). */
  private readonly nonces = new Map<string, number>();
  private readonly keys = new Map<string, KeyObject>();
  /** Signed before this moment: refused (see above). */
  readonly startedMs: number;
  constructor(
    private readonly agents: AgentStore,
    private readonly now: () => number = Date.now,
  ) {
    this.startedMs = now();
  }

  clock(): number {
    return this.now();
  }

  async authenticate(req: FastifyRequest): Promise<Principal> {
    const h = (name: string): string => {
      const v = req.headers[name];
      if (typeof v !== 'string' || v === '' || v.includes('\n'))
        throw refused(`the ${name} header is missing`);
      return v;
    };
    const agentId = h(AGENT_HEADERS.agent);
    const timestamp = h(AGENT_HEADERS.timestamp);
    const nonce = h(AGENT_HEADERS.nonce);
    const contentSha256 = h(AGENT_HEADERS.contentSha256);
    const signature = Buffer.from(h(AGENT_HEADERS.signature), 'base64');
    const agent = await this.agents.getAgent(agentId);
    if (!agent || agent.revokedMs !== null) throw refused('the agent is unknown or revoked');
    const message = agentSigningString({
      method: req.method,
      pathAndQuery: req.url,
      contentSha256,
      agentId,
      timestamp,
      nonce,
    });
    if (!verify(null, Buffer.from(message), this.keyOf(agentId, agent.publicKey), signature))
      throw refused('the request signature does not verify');
    const ts = Number(timestamp);
    const now = this.now();
    if (!/^\d{1,16}$/.test(timestamp)) throw refused('the request timestamp is not epoch ms');
    if (now - ts > AGENT_CLOCK_SKEW_MS || ts > now || ts < this.startedMs)
      throw new ApiError(
        'AGENT_TIMESTAMP_REFUSED',
        ts > now
          ? `the request timestamp is ${ts - now} ms ahead of the server clock`
          : ts < this.startedMs && now - ts <= AGENT_CLOCK_SKEW_MS
            ? 'the request was signed before this server started (a replay, or sent across a restart)'
            : 'the request timestamp is more than 5 minutes behind the server clock',
      );
    if (req.method === 'GET' && contentSha256 !== EMPTY_SHA256)
      throw refused('a GET has no body: its content hash must be that of the empty string');
    this.remember(`${agentId} ${nonce}`, ts + AGENT_CLOCK_SKEW_MS, now);
    return { tokenId: `agent:${agentId}`, name: agent.name, role: 'ingest', person: false };
  }

  /** Called by the body parser of agent routes: the body must be the one that was signed. */
  static checkBody(req: FastifyRequest, body: Buffer): void {
    const sent = req.headers[AGENT_HEADERS.contentSha256];
    if (sent !== createHash('sha256').update(body).digest('hex'))
      throw refused('the body does not match its signed SHA-256');
  }

  private keyOf(agentId: string, publicKey: string): KeyObject {
    let key = this.keys.get(agentId);
    if (!key) this.keys.set(agentId, (key = publicKeyFromRaw(publicKey)));
    return key;
  }

  private remember(key: string, until: number, now: number): void {
    if (this.nonces.has(key))
      throw new ApiError('AGENT_REPLAY', 'this request was already received (nonce seen)');
    if (this.nonces.size >= MAX_NONCES) this.prune(now);
    if (this.nonces.size >= MAX_NONCES)
      throw new ApiError('RATE_LIMITED', 'too many agent requests in the replay window');
    this.nonces.set(key, until);
    if (this.nonces.size % 4096 === 0) this.prune(now);
  }

  private prune(now: number): void {
    for (const [k, until] of this.nonces) if (until < now) this.nonces.delete(k);
  }
}

function refused(message: string): ApiError {
  return new ApiError('AGENT_SIGNATURE_INVALID', message);
}
