// AgentStore conformance: agents round-trip, revocation once, heartbeats, the never-lowering
// sequence high-water mark, the silent flag's transitions, agent and group policies. Run on every
// dialect by conformance-suite.ts.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentRecord, AgentStore, LogStore } from '../src/index.ts';
import type { OpenStore } from './conformance-suite.ts';

const T0 = Date.UTC(2026, 10, 29, 8, 0, 0);

function agent(id: string, extra: Partial<AgentRecord> = {}): AgentRecord {
  return {
    id,
    name: `host-${id}`,
    group: 'kms',
    host: 'kms-1',
    publicKey: Buffer.alloc(32, id).toString('base64'),
    enrolledMs: T0,
    revokedMs: null,
    lastSeenMs: null,
    lastSeq: null,
    silent: false,
    health: null,
    policy: null,
    ...extra,
  };
}

export function agentStoreTests(dialect: string, fresh: OpenStore, another: OpenStore): void {
  describe(`AgentStore conformance: ${dialect}`, () => {
    let store: LogStore;
    let agents: AgentStore;
    beforeEach(async () => {
      store = await fresh();
      agents = store.agents();
    });

    test('creates, reads and lists agents; a taken id is refused', async () => {
      assert.deepEqual(await agents.listAgents(), []);
      assert.equal(await agents.createAgent(agent('b')), true);
      assert.equal(await agents.createAgent(agent('a', { group: null, host: null })), true);
      assert.equal(await agents.createAgent(agent('a', { name: 'other' })), false);
      assert.deepEqual(await agents.getAgent('a'), agent('a', { group: null, host: null }));
      assert.deepEqual(
        (await agents.listAgents()).map((a) => a.id),
        ['a', 'b'],
      );
      assert.equal(await agents.getAgent('nobody'), undefined);
      assert.equal((await (await another()).agents().getAgent('b'))?.name, 'host-b');
    });

    test('revokes once; heartbeats keep the last health', async () => {
      await agents.createAgent(agent('a'));
      assert.equal(await agents.revokeAgent('a', T0 + 1), true);
      assert.equal(await agents.revokeAgent('a', T0 + 2), false);
      assert.equal(await agents.revokeAgent('nobody', T0), false);
      await agents.touchAgent('a', T0 + 5, '{"fim":{"ok":true}}');
      await agents.touchAgent('a', T0 + 9);
      const a = await agents.getAgent('a');
      assert.deepEqual(
        [a?.revokedMs, a?.lastSeenMs, a?.health],
        [T0 + 1, T0 + 9, '{"fim":{"ok":true}}'],
      );
    });

    test('the sequence high-water mark only rises', async () => {
      await agents.createAgent(agent('a'));
      assert.equal(await agents.advanceSeq('a', 5), true);
      assert.equal(await agents.advanceSeq('a', 3), false);
      assert.equal(await agents.advanceSeq('a', 5), false);
      assert.equal(await agents.advanceSeq('a', 2 ** 40), true);
      assert.equal((await agents.getAgent('a'))?.lastSeq, 2 ** 40);
    });

    test('the silent flag changes once per transition', async () => {
      await agents.createAgent(agent('a'));
      assert.equal(await agents.setSilent('a', false), false);
      assert.equal(await agents.setSilent('a', true), true);
      assert.equal(await agents.setSilent('a', true), false);
      assert.equal((await agents.getAgent('a'))?.silent, true);
      assert.equal(await agents.setSilent('a', false), true);
    });

    test('agent and group policies are stored and replaced', async () => {
      await agents.createAgent(agent('a'));
      assert.equal(await agents.setAgentPolicy('a', '{"probes":{}}'), true);
      assert.equal(await agents.setAgentPolicy('nobody', '{}'), false);
      assert.equal((await agents.getAgent('a'))?.policy, '{"probes":{}}');
      assert.equal(await agents.getGroupPolicy('kms'), undefined);
      await agents.setGroupPolicy('kms', '{"v":1}', T0);
      await agents.setGroupPolicy('kms', '{"v":2}', T0 + 1);
      assert.equal(await agents.getGroupPolicy('kms'), '{"v":2}');
    });
  });
}
