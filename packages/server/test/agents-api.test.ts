// The server side of agents through HTTP: enrollment with a single-use expiring token, the signed
// transport (bad signature, stale time, replay, altered body, revoked agent all refused), events
// with idempotency and sequence gaps, signed policies per group and per agent, silence and
// recovery, and who may see and manage agents.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openNote, parseVerifierKey } from '@keywatch/auditlog';
import { AGENT_POLICY_NOTE_HEADER, type StoredEvent } from '@keywatch/protocol';
import { AgentEnrollment } from '../src/agents/agent-enrollment.ts';
import { newAgentKey, signedHeaders, type TestAgentKey } from './agent-signer.ts';
import { auth, startTestServer, type TestServer } from './test-server.ts';

describe('agents API', () => {
  let t: TestServer;
  let officer: string;
  let key: TestAgentKey;
  let agentId: string;
  let verifierKey: string;

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, token?: string, body?: unknown) =>
    t.server.app.inject({
      method,
      url,
      headers: token === undefined ? {} : auth(token),
      ...(body !== undefined && { payload: body as object }),
    });
  const signed = (method: 'GET' | 'POST', url: string, body?: unknown, k = key, id = agentId) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    return t.server.app.inject({
      method,
      url,
      headers: signedHeaders(k, id, method, url, text),
      ...(text !== '' && { payload: text }),
    });
  };
  const logged = async (type: string): Promise<StoredEvent[]> => {
    const r = await inject('GET', `/v1/events?type=${type}`, t.adminToken);
    return r.json<{ events: StoredEvent[] }>().events;
  };
  const enroll = async (extra: Record<string, unknown> = {}) => {
    const tok = await inject('POST', '/v1/agents/enrollment-tokens', officer, { group: 'kms' });
    assert.equal(tok.statusCode, 200, tok.body);
    const k = newAgentKey();
    const r = await inject('POST', '/v1/agents/enroll', undefined, {
      token: tok.json<{ token: string }>().token,
      public_key: k.publicKeyBase64,
      name: 'kms-host',
      host: 'kms-1',
      ...extra,
    });
    assert.equal(r.statusCode, 200, r.body);
    return { key: k, body: r.json<{ agent_id: string; verifier_key: string; group: string }>() };
  };
  const event = (seq: number, extra: Record<string, unknown> = {}) => ({
    id: `ev-${agentId}-${seq}`,
    time: new Date().toISOString(),
    type: 'fim.modified',
    outcome: 'success',
    actor: { id: 'agent' },
    source: { kind: 'agent', seq },
    ...extra,
  });

  before(async () => {
    t = await startTestServer({ config: { agents: { silentAfterMs: 300, checkEveryMs: 50 } } });
    officer = await t.token('security_officer', 'sam');
    const e = await enroll();
    key = e.key;
    agentId = e.body.agent_id;
    verifierKey = e.body.verifier_key;
    assert.equal(e.body.group, 'kms', 'the group preset on the token wins');
  });
  after(() => t.close());

  test('an enrollment token is for security officers, single use, and expires', async () => {
    const auditor = await t.token('auditor');
    assert.equal(
      (await inject('POST', '/v1/agents/enrollment-tokens', auditor, {})).statusCode,
      403,
    );
    const tok = (await inject('POST', '/v1/agents/enrollment-tokens', officer, {})).json<{
      token: string;
    }>();
    const body = { token: tok.token, public_key: newAgentKey().publicKeyBase64 };
    assert.equal((await inject('POST', '/v1/agents/enroll', undefined, body)).statusCode, 200);
    const again = await inject('POST', '/v1/agents/enroll', undefined, body);
    assert.equal(again.statusCode, 401);
    assert.equal(again.json<{ error: { code: string } }>().error.code, 'ENROLLMENT_TOKEN_INVALID');
    const ctx = t.server.context;
    const past = new AgentEnrollment(
      ctx.store,
      ctx.sequencer,
      ctx.identity,
      () => Date.now() - 7_200_000,
    );
    const old = await past.createToken(
      { tokenId: 'x', name: 'sam', role: 'admin', person: true },
      { ttlMs: 3_600_000 },
    );
    const expired = await inject('POST', '/v1/agents/enroll', undefined, {
      ...body,
      token: old.token,
    });
    assert.equal(expired.statusCode, 401);
    // An enrollment token is no API token.
    assert.equal((await inject('GET', '/v1/agents', old.token)).statusCode, 401);
    const enrolled = await logged('agent.enrolled');
    assert.ok(
      enrolled.some((e) => e.target?.id === agentId && e.detail?.['token_created_by'] === 'sam'),
    );
  });

  test("signed events are ingested once; another agent's events and gaps are caught", async () => {
    const r = await signed('POST', '/v1/agents/events', { events: [event(1), event(2)] });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json<{ accepted: number }>().accepted, 2);
    const again = await signed('POST', '/v1/agents/events', { events: [event(2), event(3)] });
    assert.deepEqual(
      again.json<{ results: { status: string }[] }>().results.map((x) => x.status),
      ['duplicate', 'accepted'],
    );
    const forged = await signed('POST', '/v1/agents/events', {
      events: [event(4, { source: { agent: 'a-someone-else', seq: 4 } })],
    });
    assert.equal(forged.statusCode, 403);
    assert.deepEqual(await logged('agent.sequence_gap'), []);
    await signed('POST', '/v1/agents/events', { events: [event(7)] });
    const gaps = await logged('agent.sequence_gap');
    assert.equal(gaps.length, 1);
    assert.deepEqual(gaps[0]!.detail, { from: 4, to: 6, missing: 3 });
    const stored = (await logged('fim.modified')).find((e) => e.id === `ev-${agentId}-7`);
    assert.equal(stored?.source?.agent, agentId, 'source.agent is filled in by the server');
  });

  test('unsigned, mis-signed, stale, replayed and altered requests are refused', async () => {
    const url = '/v1/agents/heartbeat';
    const body = JSON.stringify({ health: {} });
    const code = (r: { json(): unknown }) => (r.json() as { error: { code: string } }).error.code;
    const send = (headers: Record<string, string>, payload = body) =>
      t.server.app.inject({ method: 'POST', url, headers, payload });
    assert.equal(
      (await send({ ...auth(t.adminToken), 'content-type': 'application/json' })).statusCode,
      401,
    );
    const other = newAgentKey();
    assert.equal(
      code(await send(signedHeaders(other, agentId, 'POST', url, body))),
      'AGENT_SIGNATURE_INVALID',
    );
    const stale = signedHeaders(key, agentId, 'POST', url, body, {
      timestamp: Date.now() - 6 * 60_000,
    });
    assert.equal(code(await send(stale)), 'AGENT_TIMESTAMP_REFUSED');
    const fresh = signedHeaders(key, agentId, 'POST', url, body);
    assert.equal((await send(fresh)).statusCode, 200);
    assert.equal(code(await send(fresh)), 'AGENT_REPLAY');
    const altered = signedHeaders(key, agentId, 'POST', url, body);
    assert.equal(
      code(await send(altered, JSON.stringify({ health: { forged: true } }))),
      'AGENT_SIGNATURE_INVALID',
    );
    const wrongPath = signedHeaders(key, agentId, 'POST', '/v1/agents/events', body);
    assert.equal((await send(wrongPath)).statusCode, 401);
    assert.ok((await logged('api.access_denied')).length >= 5, 'refusals are in the log');
  });

  test("policies are signed for the agent: its own over its group's", async () => {
    const open = async () => {
      const r = await signed('GET', '/v1/agents/policy');
      assert.equal(r.statusCode, 200, r.body);
      const { text } = openNote(r.json<{ note: string }>().note, [parseVerifierKey(verifierKey)]);
      const [header, json] = text.trimEnd().split('\n');
      assert.equal(header, AGENT_POLICY_NOTE_HEADER);
      return JSON.parse(json!) as { agent: string; scope: string; policy: unknown };
    };
    assert.deepEqual((await open()).scope, 'default');
    const probes = { probes: { tcp: [{ name: 'kmip', host: '127.0.0.1', port: 5696 }] } };
    assert.equal(
      (await inject('PUT', '/v1/agent-groups/kms/policy', officer, probes)).statusCode,
      200,
    );
    assert.deepEqual(await open().then((p) => [p.agent, p.scope, p.policy]), [
      agentId,
      'group',
      probes,
    ]);
    const own = { heartbeat_seconds: 5 };
    const auditAdmin = await t.token('audit_admin');
    assert.equal(
      (await inject('PUT', `/v1/agents/${agentId}/policy`, auditAdmin, own)).statusCode,
      403,
    );
    assert.equal(
      (await inject('PUT', `/v1/agents/${agentId}/policy`, officer, own)).statusCode,
      200,
    );
    assert.deepEqual((await open()).policy, own);
    assert.equal((await logged('agent.policy_changed')).length, 2);
  });

  test('a silent agent is marked and recorded, and recovers with a heartbeat', async () => {
    const other = await enroll();
    const list = async () =>
      (await inject('GET', '/v1/agents', await t.token('auditor'))).json<{
        agents: { id: string; status: string; last_seq: number | null }[];
      }>().agents;
    const deadline = Date.now() + 5000;
    while (!(await logged('agent.silent')).some((e) => e.target?.id === other.body.agent_id)) {
      assert.ok(Date.now() < deadline, 'agent.silent was recorded');
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal((await list()).find((a) => a.id === other.body.agent_id)?.status, 'silent');
    const hb = await signed(
      'POST',
      '/v1/agents/heartbeat',
      { health: { probes: { ok: 1 } } },
      other.key,
      other.body.agent_id,
    );
    assert.equal(hb.statusCode, 200, hb.body);
    assert.ok((await logged('agent.recovered')).some((e) => e.target?.id === other.body.agent_id));
    assert.equal((await list()).find((a) => a.id === agentId)?.last_seq, 7);
    const ingest = await t.token('ingest');
    assert.equal((await inject('GET', '/v1/agents', ingest)).statusCode, 403);
  });

  test('revocation is recorded and takes effect at once', async () => {
    const victim = await enroll();
    const id = victim.body.agent_id;
    assert.equal(
      (await signed('GET', '/v1/agents/policy', undefined, victim.key, id)).statusCode,
      200,
    );
    const r = await inject('POST', `/v1/agents/${id}/revoke`, officer, {
      reason: 'host decommissioned',
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(
      (await signed('GET', '/v1/agents/policy', undefined, victim.key, id)).statusCode,
      401,
    );
    assert.equal((await inject('POST', `/v1/agents/${id}/revoke`, officer, {})).statusCode, 409);
    const revoked = await logged('agent.revoked');
    assert.equal(revoked[0]?.detail?.['reason'], 'host decommissioned');
  });
});
