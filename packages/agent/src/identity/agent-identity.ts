// The agent's identity in its state directory: `agent.key` (Ed25519 private key, PKCS#8 PEM, mode
// 0600, never sent anywhere) and `agent.json` (its id, the server, and the log's verifier key that
// policies must be signed with, as the server gave them at enrollment).
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentError } from '../agent-error.ts';

export interface AgentIdentity {
  agentId: string;
  server: string;
  name: string;
  group: string | null;
  verifierKey: string;
  origin: string;
}

export const KEY_FILE = 'agent.key';
export const IDENTITY_FILE = 'agent.json';

export function isEnrolled(stateDir: string): boolean {
  return existsSync(join(stateDir, IDENTITY_FILE));
}

export function loadIdentity(stateDir: string): { identity: AgentIdentity; privateKey: KeyObject } {
  if (!isEnrolled(stateDir))
    throw new AgentError(
      'NOT_ENROLLED',
      `no agent identity in ${stateDir}: run "keywatch agent enroll" first`,
    );
  const identity = JSON.parse(readFileSync(join(stateDir, IDENTITY_FILE), 'utf8')) as AgentIdentity;
  const privateKey = createPrivateKey(readFileSync(join(stateDir, KEY_FILE), 'utf8'));
  return { identity, privateKey };
}

/** Writes the private key first with 0600 (chmod too: mode applies only on creation). */
export function writePrivateKey(stateDir: string, pem: string): void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const path = join(stateDir, KEY_FILE);
  writeFileSync(path, pem, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function writeIdentity(stateDir: string, identity: AgentIdentity): void {
  const path = join(stateDir, IDENTITY_FILE);
  writeFileSync(path, JSON.stringify(identity, null, 2) + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
}
