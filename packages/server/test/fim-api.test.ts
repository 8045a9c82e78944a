// Server-side FIM through HTTP: the first baseline is stored once (trust on first use) and any
// later upload needs an approved re-baseline command; known-good content is checked against its
// hash and served only to the agent whose baseline names it; re-baseline and restore requests are
// for security officers and admins only (never the audit administrator, never an agent), and each
// step is an event in the log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { StoredEvent } from '@keywatch/protocol';
import { newAgentKey, signedHeaders, type TestAgentKey } from './agent-signer.ts';
import { auth, startTestServer, type TestServer } from './test-server.ts';

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const GOOD = Buffer.from('listener "tcp" { address = "127.0.0.1:8200" }\n');

function baseline(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const rec = (sha256?: string) => ({
    type: 'file',
    size: 10,
    mode: 0o640,
    uid: 0,
    gid: 0,
    mtimeNs: '1',
    ctimeNs: '1',
    ino: '2',
    dev: '3',
    nlink: 1,
    hashState: 'hashed',
    ...(sha256 && { sha256 }),
  });
  return {
    format: 'keywatch-fim-baseline/1',
    createdAt: '2026-11-29T06:00:00.000Z',
    fullHashAt: '2026-11-29T06:00:00.000Z',
    entries: { '/etc/vault.d/vault.hcl': rec(sha(GOOD)), '/etc/vault.d/other': rec(sha('x')) },
    ...extra,
  };
}

describe('FIM API', () => {
  let t: TestServer;
  let officer: string;
  const agents: { key: TestAgentKey; id: string }[] = [];

  const inject = (method: 'GET' | 'POST', url: string, token: string, body?: unknown) =>
    t.server.app.inject({
      method,
      url,
      headers: auth(token),
      ...(body !== undefined && { payload: body as object }),
    });
  const signed = (method: 'GET' | 'POST', url: string, body?: unknown, who = 0) => {
    const a = agents[who]!;
    const text = body === undefined ? '' : JSON.stringify(body);
    return t.server.app.inject({
      method,
      url,
      headers: signedHeaders(a.key, a.id, method, url, text),
      ...(text !== '' && { payload: text }),
    });
  };
  const logged = async (type: string): Promise<StoredEvent[]> =>
    (await inject('GET', `/v1/events?type=${type}`, t.adminToken)).json<{ events: StoredEvent[] }>()
      .events;
  const code = (r: { json: <T>() => T }) => r.json<{ error: { code: string } }>().error.code;

  before(async () => {
    t = await startTestServer();
    officer = await t.token('security_officer', 'sam');
    for (const name of ['kms-a', 'kms-b']) {
      const tok = await inject('POST', '/v1/agents/enrollment-tokens', officer, {});
      const key = newAgentKey();
      const r = await t.server.app.inject({
        method: 'POST',
        url: '/v1/agents/enroll',
        payload: {
          token: tok.json<{ token: string }>().token,
          public_key: key.publicKeyBase64,
          name,
          host: name,
        },
      });
      agents.push({ key, id: r.json<{ agent_id: string }>().agent_id });
    }
  });
  after(() => t.close());

  test('first baseline with known-good content, stored once; download returns it', async () => {
    assert.deepEqual((await signed('GET', '/v1/agents/fim/baseline')).json(), { baseline: null });
    const bad = await signed('POST', '/v1/agents/fim/content', {
      sha256: sha('other'),
      content: GOOD.toString('base64'),
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(code(bad), 'FIM_CONTENT_INVALID');
    const missing = await signed('POST', '/v1/agents/fim/baseline', {
      baseline: baseline(),
      known_good: { '/etc/vault.d/vault.hcl': sha(GOOD) },
    });
    assert.equal(code(missing), 'FIM_CONTENT_INVALID', 'content not uploaded yet');
    const put = { sha256: sha(GOOD), content: GOOD.toString('base64') };
    assert.deepEqual((await signed('POST', '/v1/agents/fim/content', put)).json(), {
      sha256: sha(GOOD),
      stored: true,
    });
    assert.equal(
      (await signed('POST', '/v1/agents/fim/content', put)).json<{ stored: boolean }>().stored,
      false,
    );
    const wrongPath = await signed('POST', '/v1/agents/fim/baseline', {
      baseline: baseline(),
      known_good: { '/etc/vault.d/other': sha(GOOD) },
    });
    assert.equal(code(wrongPath), 'FIM_CONTENT_INVALID', "not that entry's hash");
    const ok = await signed('POST', '/v1/agents/fim/baseline', {
      baseline: baseline(),
      known_good: { '/etc/vault.d/vault.hcl': sha(GOOD) },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json<{ version: number }>().version, 1);
    const again = await signed('POST', '/v1/agents/fim/baseline', { baseline: baseline() });
    assert.equal(again.statusCode, 409);
    assert.equal(code(again), 'FIM_BASELINE_EXISTS', 'an agent cannot re-baseline itself');
    const down = (await signed('GET', '/v1/agents/fim/baseline')).json<Record<string, unknown>>();
    assert.equal(down['version'], 1);
    assert.deepEqual(down['baseline'], baseline());
    const stored = await logged('fim.baseline_stored');
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.actor.id, agents[0]!.id);
    assert.equal(stored[0]?.detail?.['entries'], 2);
    assert.deepEqual(stored[0]?.detail?.['known_good'], ['/etc/vault.d/vault.hcl']);
  });

  test('known-good content goes back only to the agent whose baseline names it', async () => {
    const mine = await signed('GET', `/v1/agents/fim/content/${sha(GOOD)}`);
    assert.equal(mine.statusCode, 200);
    assert.deepEqual(Buffer.from(mine.json<{ content: string }>().content, 'base64'), GOOD);
    assert.equal(
      (await signed('GET', `/v1/agents/fim/content/${sha(GOOD)}`, undefined, 1)).statusCode,
      404,
    );
    assert.equal((await signed('GET', `/v1/agents/fim/content/${sha('x')}`)).statusCode, 404);
    assert.equal(
      (await inject('GET', `/v1/agents/fim/content/${sha(GOOD)}`, t.adminToken)).statusCode,
      401,
    );
  });

  test('re-baseline: officers and admins only; the agent uploads against the command', async () => {
    const id = agents[0]!.id;
    for (const role of ['audit_admin', 'auditor', 'ingest'] as const) {
      const r = await inject('POST', `/v1/agents/${id}/fim/rebaseline`, await t.token(role), {});
      assert.equal(r.statusCode, 403, role);
    }
    const self = await signed('POST', `/v1/agents/${id}/fim/rebaseline`, {});
    assert.ok([401, 403].includes(self.statusCode), `an agent may not: ${self.statusCode}`);
    const req = await inject('POST', `/v1/agents/${id}/fim/rebaseline`, officer, {
      reason: 'patch',
    });
    assert.equal(req.statusCode, 200, req.body);
    const command = req.json<{ id: string }>().id;
    const pending = (await signed('GET', '/v1/agents/fim/commands')).json<{
      commands: { id: string; kind: string }[];
    }>();
    assert.deepEqual(
      pending.commands.map((c) => [c.id, c.kind]),
      [[command, 'rebaseline']],
    );
    assert.deepEqual((await signed('GET', '/v1/agents/fim/commands', undefined, 1)).json(), {
      commands: [],
    });
    const other = await signed(
      'POST',
      '/v1/agents/fim/baseline',
      { baseline: baseline(), command },
      1,
    );
    assert.equal(
      code(other),
      'FIM_BASELINE_EXISTS',
      "another agent cannot use this agent's command",
    );
    const next = baseline({ createdAt: '2026-11-29T07:00:00.000Z' });
    const up = await signed('POST', '/v1/agents/fim/baseline', { baseline: next, command });
    assert.equal(up.json<{ version: number }>().version, 2, up.body);
    const twice = await signed('POST', '/v1/agents/fim/baseline', { baseline: next, command });
    assert.equal(code(twice), 'FIM_BASELINE_EXISTS', 'a command is used once');
    const [requested] = await logged('fim.rebaseline_requested');
    assert.equal(requested?.actor.id, 'sam');
    assert.equal(requested?.detail?.['reason'], 'patch');
    const [done] = await logged('fim.rebaselined');
    assert.equal(done?.actor.id, 'sam', 'the approver is the actor');
    assert.equal(done?.detail?.['version'], 2);
    assert.equal(done?.target?.id, id);
    const view = (await inject('GET', `/v1/agents/${id}/fim`, await t.token('auditor'))).json<{
      baseline: { version: number; known_good: unknown };
      commands: { status: string }[];
    }>();
    assert.equal(view.baseline.version, 2);
    assert.deepEqual(view.baseline.known_good, {}, 'no content named in the re-baseline upload');
  });

  test('restore: a path with a known-good copy; the command carries hash and attributes', async () => {
    const id = agents[1]!.id;
    const none = await inject('POST', `/v1/agents/${id}/fim/restore`, officer, { path: '/etc/x' });
    assert.equal(none.statusCode, 409);
    assert.equal(code(none), 'FIM_NO_KNOWN_GOOD');
    const put = { sha256: sha(GOOD), content: GOOD.toString('base64') };
    await signed('POST', '/v1/agents/fim/content', put, 1);
    const b = baseline();
    const up = await signed(
      'POST',
      '/v1/agents/fim/baseline',
      { baseline: b, known_good: { '/etc/vault.d/vault.hcl': sha(GOOD) } },
      1,
    );
    assert.equal(up.statusCode, 200, up.body);
    const audit = await t.token('audit_admin');
    const path = '/etc/vault.d/vault.hcl';
    assert.equal(
      (await inject('POST', `/v1/agents/${id}/fim/restore`, audit, { path })).statusCode,
      403,
    );
    const req = await inject('POST', `/v1/agents/${id}/fim/restore`, t.adminToken, { path });
    assert.equal(req.statusCode, 200, req.body);
    const { commands } = (await signed('GET', '/v1/agents/fim/commands', undefined, 1)).json<{
      commands: { id: string; kind: string; path: string; sha256: string; attributes: unknown }[];
    }>();
    assert.equal(commands.length, 1);
    assert.equal(commands[0]?.sha256, sha(GOOD));
    assert.deepEqual(commands[0]?.attributes, (b['entries'] as Record<string, unknown>)[path]);
    const cid = commands[0].id;
    assert.equal(
      (await signed('POST', `/v1/agents/fim/commands/${cid}/result`, { ok: true }, 0)).statusCode,
      404,
    );
    const res = await signed(
      'POST',
      `/v1/agents/fim/commands/${cid}/result`,
      { ok: true, result: { verified: true } },
      1,
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(
      (await signed('POST', `/v1/agents/fim/commands/${cid}/result`, { ok: true }, 1)).statusCode,
      409,
    );
    assert.deepEqual((await signed('GET', '/v1/agents/fim/commands', undefined, 1)).json(), {
      commands: [],
    });
    const [ev] = await logged('fim.restore_requested');
    assert.equal(ev?.target?.id, path);
    assert.equal(ev?.source?.agent, id);
  });
});
