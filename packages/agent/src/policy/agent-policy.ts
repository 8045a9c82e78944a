// The agent's policy: from the server, signed by the log's key (a c2sp.org/signed-note naming this
// agent), verified with the key received at enrollment before anything uses it; the last verified
// note is cached in the state directory. When the server cannot be reached: the cached note
// (verified again), else the local config's `policy:`, else nothing. A note that does not verify
// is never used, nor one issued before the cached one (a replayed old policy).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openNote, parseVerifierKey } from '@keywatch/auditlog';
import { AGENT_POLICY_NOTE_HEADER, type AgentPolicyEnvelope } from '@keywatch/protocol';
import { AgentError } from '../agent-error.ts';
import type { AgentIdentity } from '../identity/agent-identity.ts';

export interface LoadedPolicy {
  policy: Record<string, unknown>;
  source: 'server' | 'cache' | 'local' | 'none';
  /** When the server signed it (server and cache). */
  issued?: string;
  scope?: AgentPolicyEnvelope['scope'];
}

const CACHE_FILE = 'policy.note';

export function verifyPolicyNote(note: string, identity: AgentIdentity): AgentPolicyEnvelope {
  let text: string;
  try {
    text = openNote(note, [parseVerifierKey(identity.verifierKey)]).text;
  } catch (err) {
    throw new AgentError(
      'POLICY_INVALID',
      `the policy's signature does not verify: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const [header, json, extra] = text.slice(0, -1).split('\n');
  if (header !== AGENT_POLICY_NOTE_HEADER || json === undefined || extra !== undefined)
    throw new AgentError('POLICY_INVALID', 'the signed note is not an agent policy');
  const envelope = JSON.parse(json) as AgentPolicyEnvelope;
  if (envelope.agent !== identity.agentId)
    throw new AgentError(
      'POLICY_INVALID',
      `the policy is for agent ${envelope.agent}, not ${identity.agentId}`,
    );
  return envelope;
}

export async function loadPolicy(opts: {
  stateDir: string;
  identity: AgentIdentity;
  fetchNote: () => Promise<string>;
  local: Record<string, unknown> | undefined;
  log: (level: 'warn', message: string) => void;
}): Promise<LoadedPolicy> {
  const cache = join(opts.stateDir, CACHE_FILE);
  let cached: AgentPolicyEnvelope | undefined;
  try {
    cached = verifyPolicyNote(readFileSync(cache, 'utf8'), opts.identity);
  } catch {
    // no cached note, or one that does not verify: never used
  }
  try {
    const note = await opts.fetchNote();
    const env = verifyPolicyNote(note, opts.identity);
    // A validly signed but older policy is a replay (or a server clock gone back): keep the newer.
    if (cached && Date.parse(env.issued) < Date.parse(cached.issued))
      throw new AgentError(
        'POLICY_INVALID',
        `the policy issued ${env.issued} is older than the one in use`,
      );
    writeFileSync(cache, note, { mode: 0o600 });
    return { policy: env.policy, source: 'server', issued: env.issued, scope: env.scope };
  } catch (err) {
    opts.log('warn', `policy from the server not used: ${(err as Error).message}`);
  }
  if (cached)
    return { policy: cached.policy, source: 'cache', issued: cached.issued, scope: cached.scope };
  if (opts.local !== undefined) return { policy: opts.local, source: 'local' };
  return { policy: {}, source: 'none' };
}
