// A test-side signer for the agent transport, written from protocol/agent-signing.ts rather than
// taken from the agent package (the server does not depend on it): headers for app.inject().
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { AGENT_HEADERS, agentSigningString } from '@keywatch/protocol';

export interface TestAgentKey {
  privateKey: KeyObject;
  publicKeyBase64: string;
}

export function newAgentKey(): TestAgentKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { privateKey, publicKeyBase64: Buffer.from(jwk.x!, 'base64url').toString('base64') };
}

export function signedHeaders(
  key: TestAgentKey,
  agentId: string,
  method: string,
  url: string,
  body = '',
  opts: { timestamp?: number; nonce?: string } = {},
): Record<string, string> {
  const contentSha256 = createHash('sha256').update(body).digest('hex');
  const timestamp = String(opts.timestamp ?? Date.now());
  const nonce = opts.nonce ?? randomBytes(16).toString('base64url');
  const message = agentSigningString({
    method,
    pathAndQuery: url,
    contentSha256,
    agentId,
    timestamp,
    nonce,
  });
  return {
    [AGENT_HEADERS.agent]: agentId,
    [AGENT_HEADERS.timestamp]: timestamp,
    [AGENT_HEADERS.nonce]: nonce,
    [AGENT_HEADERS.contentSha256]: contentSha256,
    [AGENT_HEADERS.signature]: sign(null, Buffer.from(message), key.privateKey).toString('base64'),
    ...(body !== '' && { 'content-type': 'application/json' }),
  };
}
