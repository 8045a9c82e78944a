// GET /v1/agents/{id}/policy: people who read see the policy an agent receives and where it comes
// from (its own, its group's, the default); ingest tokens and agents cannot read it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newAgentKey, signedHeaders, type TestAgentKey } from './agent-signer.ts';
import { auth, startTestServer, type TestServer } from './test-server.ts';

describe('agent policy read API', () => {
  let t: TestServer;
  const ids: string[] = [];
  const keys: TestAgentKey[] = [];
  const req = (method: 'GET' | 'PUT' | 'POST', url: string, token: string, payload?: object) =>
    t.server.app.inject({
      method,
      url,
      headers: auth(token),
      ...(payload !== undefined && { payload }),
    });

  before(async () => {
    t = await startTestServer();
    for (const [name, group] of [
      ['a-1', 'kms'],
      ['a-2', 'kms'],
      ['a-3', 'other'],
    ]) {
      const tok = await req('POST', '/v1/agents/enrollment-tokens', t.adminToken, {});
      const key = newAgentKey();
      keys.push(key);
      const r = await t.server.app.inject({
        method: 'POST',
        url: '/v1/agents/enroll',
        payload: {
          token: tok.json<{ token: string }>().token,
          public_key: key.publicKeyBase64,
          name,
          group,
        },
      });
      ids.push(r.json<{ agent_id: string }>().agent_id);
    }
  });
  after(() => t.close());

  test('own policy, group policy, default; for readers only', async () => {
    const group = { perf: { interval_seconds: 30 } };
    const own = { fim: { paths: ['/etc/vault.d'] } };
    assert.equal(
      (await req('PUT', '/v1/agent-groups/kms/policy', t.adminToken, group)).statusCode,
      200,
    );
    assert.equal(
      (await req('PUT', `/v1/agents/${ids[0]}/policy`, t.adminToken, own)).statusCode,
      200,
    );
    const auditor = await t.token('auditor');
    const read = async (id: string) => {
      const r = await req('GET', `/v1/agents/${id}/policy`, auditor);
      assert.equal(r.statusCode, 200, r.body);
      return r.json<{ scope: string; group: string; policy: unknown }>();
    };
    assert.deepEqual(await read(ids[0]!), {
      agent: ids[0],
      group: 'kms',
      scope: 'agent',
      policy: own,
    });
    assert.deepEqual(await read(ids[1]!), {
      agent: ids[1],
      group: 'kms',
      scope: 'group',
      policy: group,
    });
    assert.deepEqual(await read(ids[2]!), {
      agent: ids[2],
      group: 'other',
      scope: 'default',
      policy: {},
    });
    assert.equal((await req('GET', '/v1/agents/nope/policy', auditor)).statusCode, 404);
    const ingest = await t.token('ingest');
    assert.equal((await req('GET', `/v1/agents/${ids[0]}/policy`, ingest)).statusCode, 403);
    assert.equal(
      (await t.server.app.inject({ method: 'GET', url: `/v1/agents/${ids[0]}/policy` })).statusCode,
      401,
    );
  });

  test('an agent reads its own signed policy elsewhere, not this view', async () => {
    const signed = (url: string) =>
      t.server.app.inject({
        method: 'GET',
        url,
        headers: signedHeaders(keys[0]!, ids[0]!, 'GET', url),
      });
    assert.equal((await signed('/v1/agents/policy')).statusCode, 200, 'its own signed copy');
    assert.equal((await signed(`/v1/agents/${ids[0]}/policy`)).statusCode, 401);
  });
});
