// `keywatch agent enroll`: a new Ed25519 key pair made on this host (the private key never leaves
// it), the public key registered with a single-use enrollment token, the answer kept as the
// agent's identity. A state directory that already holds an identity is not overwritten.
import { generateKeyPairSync } from 'node:crypto';
import { hostname } from 'node:os';
import type { AgentEnrollResponse } from '@keywatch/protocol';
import { AgentError } from '../agent-error.ts';
import { sendJson } from '../transport/agent-client.ts';
import {
  isEnrolled,
  writeIdentity,
  writePrivateKey,
  type AgentIdentity,
} from './agent-identity.ts';

export interface EnrollOptions {
  server: string;
  token: string;
  stateDir: string;
  name?: string;
  group?: string;
}

export async function enrollAgent(opts: EnrollOptions): Promise<AgentIdentity> {
  if (isEnrolled(opts.stateDir))
    throw new AgentError(
      'ALREADY_ENROLLED',
      `${opts.stateDir} already holds an enrolled agent; use another --state-dir`,
    );
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writePrivateKey(opts.stateDir, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const body = JSON.stringify({
    token: opts.token,
    public_key: raw.toString('base64'),
    host: hostname(),
    ...(opts.name !== undefined && { name: opts.name }),
    ...(opts.group !== undefined && { group: opts.group }),
  });
  const answer = (await sendJson(
    new URL('/v1/agents/enroll', opts.server),
    'POST',
    { 'content-type': 'application/json' },
    body,
    30_000,
  )) as AgentEnrollResponse;
  const identity: AgentIdentity = {
    agentId: answer.agent_id,
    server: opts.server,
    name: answer.name,
    group: answer.group,
    verifierKey: answer.verifier_key,
    origin: answer.origin,
  };
  writeIdentity(opts.stateDir, identity);
  return identity;
}
