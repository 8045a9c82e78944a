// Policies are used only when signed by the log key received at enrollment and addressed to this
// agent; when the server cannot be reached the cached signed policy is used, else the local file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateSignerKey,
  parseSignerKey,
  signNote,
  verifierKeyFromSignerKey,
} from '@keywatch/auditlog';
import { AGENT_POLICY_NOTE_HEADER } from '@keywatch/protocol';
import { AgentError } from '../../src/agent-error.ts';
import type { AgentIdentity } from '../../src/identity/agent-identity.ts';
import { loadPolicy, verifyPolicyNote } from '../../src/policy/agent-policy.ts';

const key = generateSignerKey('test.keywatch/log');
const identity: AgentIdentity = {
  agentId: 'a-1',
  server: 'http://127.0.0.1:1',
  name: 'kms-1',
  group: 'kms',
  verifierKey: verifierKeyFromSignerKey(key),
  origin: 'test.keywatch/log',
};
const note = (
  agent: string,
  policy: object,
  signer = key,
  issued = '2026-11-29T08:00:00Z',
): string =>
  signNote(
    `${AGENT_POLICY_NOTE_HEADER}\n${JSON.stringify({ agent, scope: 'group', issued, policy })}\n`,
    [parseSignerKey(signer)],
  );
const invalid = (e: unknown): boolean => e instanceof AgentError && e.code === 'POLICY_INVALID';

test('only a policy signed by the log key for this agent is accepted', () => {
  assert.deepEqual(verifyPolicyNote(note('a-1', { probes: {} }), identity).policy, { probes: {} });
  assert.throws(() => verifyPolicyNote(note('a-2', {}), identity), invalid);
  assert.throws(
    () => verifyPolicyNote(note('a-1', {}, generateSignerKey('test.keywatch/log')), identity),
    invalid,
  );
  const tampered = note('a-1', { selftest: { count: 1 } }).replace('"count":1', '"count":9');
  assert.throws(() => verifyPolicyNote(tampered, identity), invalid);
});

test('server, then the cached signed policy, then the local file', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kw-policy-'));
  const log = (): void => undefined;
  const local = { probes: { tcp: [] } };
  const down = (): Promise<string> => Promise.reject(new AgentError('SERVER_UNREACHABLE', 'down'));
  assert.deepEqual(await loadPolicy({ stateDir, identity, fetchNote: down, local, log }), {
    policy: local,
    source: 'local',
  });
  const fromServer = await loadPolicy({
    stateDir,
    identity,
    fetchNote: () => Promise.resolve(note('a-1', { v: 1 })),
    local,
    log,
  });
  assert.deepEqual([fromServer.source, fromServer.policy], ['server', { v: 1 }]);
  const cached = await loadPolicy({ stateDir, identity, fetchNote: down, local, log });
  assert.deepEqual([cached.source, cached.policy], ['cache', { v: 1 }]);
  // A forged note from the "server" is not used, nor is a forged cache.
  const forged = note('a-1', { v: 2 }, generateSignerKey('test.keywatch/log'));
  const refused = await loadPolicy({
    stateDir,
    identity,
    fetchNote: () => Promise.resolve(forged),
    local,
    log,
  });
  assert.deepEqual([refused.source, refused.policy], ['cache', { v: 1 }]);
  // A genuine but older policy (a replay) does not replace the newer one.
  const old = note('a-1', { v: 0 }, key, '2026-11-28T08:00:00Z');
  const replay = await loadPolicy({
    stateDir,
    identity,
    fetchNote: () => Promise.resolve(old),
    local,
    log,
  });
  assert.deepEqual([replay.source, replay.policy], ['cache', { v: 1 }]);
  writeFileSync(join(stateDir, 'policy.note'), forged);
  assert.equal(
    (await loadPolicy({ stateDir, identity, fetchNote: down, local, log })).source,
    'local',
  );
});
