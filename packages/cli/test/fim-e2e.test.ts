// FIM end to end with real processes on loopback: one server, two agents (separate state dirs,
// each watching its own temp tree). Changes of content, mode, owner (chown), POSIX ACL (setfacl)
// and xattr (setfattr) each become exactly one event, attributed to the right agent and host; the
// baselines are stored on the server; a tampered designated file returns to its known-good content
// and attributes — on an officer's request for one agent, by policy (autoRestore) for the other —
// verified by re-hashing; a re-baseline is a role-checked, recorded action; and an agent whose
// local state is wiped adopts the server's baseline and reports the changes made since it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '@keywatch/protocol';
import { killHard, startServe } from './cli-process.ts';
import { call, enrollViaCli, startAgent, waitFor } from './agent-process.ts';

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const sh = (cmd: string, ...args: string[]): string =>
  execFileSync(cmd, args, { encoding: 'utf8' });
const GOOD = 'listener "tcp" { address = "127.0.0.1:8200" }\n';

interface Side {
  name: string;
  id: string;
  state: string;
  tree: string;
  stage: string;
  designated: string;
  agent?: Awaited<ReturnType<typeof startAgent>>;
}

/** A tree with one file per kind of change and one designated file with ACL and xattr. */
function makeTree(root: string): Pick<Side, 'tree' | 'stage' | 'designated'> {
  const tree = join(root, 'tree');
  const stage = join(root, 'stage'); // same filesystem, outside the watched tree
  mkdirSync(join(tree, 'secure'), { recursive: true });
  mkdirSync(stage);
  for (const f of ['plain.txt', 'mode.txt', 'owner.txt', 'acl.txt', 'xattr.txt'])
    writeFileSync(join(tree, f), `${f}\n`, { mode: 0o644 });
  const designated = join(tree, 'secure', 'vault.hcl');
  writeFileSync(designated, GOOD, { mode: 0o640 });
  chmodSync(designated, 0o640);
  sh('setfacl', '-m', 'u:1234:r', designated);
  sh('setfattr', '-n', 'user.label', '-v', 'good', designated);
  return { tree, stage, designated };
}

/** Each change is one syscall or one rename, so a scan sees it whole: one event per file. */
function changeEveryKind(s: Side): void {
  writeFileSync(join(s.stage, 'plain.txt'), 'new content\n');
  renameSync(join(s.stage, 'plain.txt'), join(s.tree, 'plain.txt'));
  chmodSync(join(s.tree, 'mode.txt'), 0o600);
  chownSync(join(s.tree, 'owner.txt'), 1234, 1234);
  sh('setfacl', '-m', 'u:1234:rw', join(s.tree, 'acl.txt'));
  sh('setfattr', '-n', 'user.x', '-v', '1', join(s.tree, 'xattr.txt'));
  // The tampered designated file, prepared whole and renamed over the good one.
  const evil = join(s.stage, 'vault.hcl');
  writeFileSync(evil, 'listener "tcp" { address = "0.0.0.0:8200" }\n');
  chownSync(evil, 4321, 4321);
  chmodSync(evil, 0o666);
  sh('setfattr', '-n', 'user.label', '-v', 'evil', evil);
  renameSync(evil, s.designated);
}

function assertKnownGood(path: string): void {
  assert.equal(sha(readFileSync(path)), sha(GOOD), 'content re-hashed');
  const st = statSync(path);
  assert.equal(st.mode & 0o7777, 0o640);
  assert.deepEqual([st.uid, st.gid], [0, 0]);
  assert.match(sh('getfacl', '-n', '-p', path), /^user:1234:r--$/m);
  assert.equal(
    sh('getfattr', '--absolute-names', '-n', 'user.label', '--only-values', path),
    'good',
  );
}

test(
  'FIM: two agents, every kind of change, server baselines, restore',
  { timeout: 90_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-fim-e2e-'));
    const { child: server, url } = await startServe(['--data-dir', join(dir, 'data')]);
    const sides: Side[] = [];
    try {
      const admin = readFileSync(join(dir, 'data', 'initial-admin-token'), 'utf8').trim();
      const token = async (role: string) =>
        (
          (await call(url, admin, 'POST', '/v1/tokens', { role, name: role })).json as {
            token: string;
          }
        ).token;
      const officer = await token('security_officer');
      const auditAdmin = await token('audit_admin');
      for (const name of ['kms-a', 'kms-b']) {
        const root = join(dir, name);
        const state = join(root, 'state');
        const id = await enrollViaCli(url, admin, state, ['--name', name]);
        sides.push({ name, id, state, ...makeTree(root) });
      }
      const fimEvents = async (agent: string): Promise<StoredEvent[]> => {
        const out: StoredEvent[] = [];
        let cursor: string | null = null;
        do {
          const q: string = `/v1/events?type_prefix=fim.&limit=1000${cursor ? `&cursor=${cursor}` : ''}`;
          const page = (await call(url, admin, 'GET', q)).json as {
            events: StoredEvent[];
            next: string | null;
          };
          out.push(...page.events);
          cursor = page.next;
        } while (cursor);
        return out.filter((e) => e.source?.agent === agent).reverse();
      };
      const summary = (evs: StoredEvent[]) =>
        evs
          .map((e) => {
            const file = e.target?.type === 'file' ? (e.target.id ?? '') : undefined;
            return file === undefined
              ? e.type
              : `${e.type} ${file.replace(/^.*\/tree\/?/, '') || '/'}`;
          })
          .sort();

      for (const [i, s] of sides.entries()) {
        const policy = {
          heartbeat_seconds: 5,
          fim: {
            paths: [s.tree],
            restore: [join(s.tree, 'secure', '*.hcl')],
            autoRestore: i === 1,
            commandPollSec: 0.3,
            realtime: false,
            scanIntervalSec: 0.5,
            hashWorkers: 0,
            dpkg: { enabled: false },
            audit: { enabled: false },
          },
        };
        assert.equal(
          (await call(url, officer, 'PUT', `/v1/agents/${s.id}/policy`, policy)).status,
          200,
        );
      }
      await Promise.all(sides.map(async (s) => (s.agent = await startAgent(s.state))));

      // Baselines: created on each agent, stored on the server with the designated file's content.
      for (const s of sides) {
        const evs = await waitFor(`${s.name} baseline stored`, async () => {
          const e = await fimEvents(s.id);
          return e.some((x) => x.type === 'fim.baseline_stored') ? e : undefined;
        });
        assert.deepEqual(summary(evs), ['fim.baseline_created', 'fim.baseline_stored']);
        const stored = evs.find((e) => e.type === 'fim.baseline_stored')!;
        assert.deepEqual(stored.detail?.['known_good'], [s.designated]);
        assert.equal(stored.detail?.['entries'], 8, 'the root, secure/ and 6 files');
      }

      for (const s of sides) changeEveryKind(s);
      // Renames into a directory change its mtime and ctime: the root once (plain.txt), secure/
      // once for the tampering and once more for the restore's rename.
      const expected = [
        'fim.attributes_changed /',
        'fim.attributes_changed acl.txt',
        'fim.attributes_changed mode.txt',
        'fim.attributes_changed owner.txt',
        'fim.attributes_changed secure',
        'fim.attributes_changed secure',
        'fim.attributes_changed xattr.txt',
        'fim.baseline_created',
        'fim.baseline_stored',
        'fim.modified plain.txt',
        'fim.modified secure/vault.hcl',
      ];
      const [a, b] = sides as [Side, Side];
      // kms-b restores by policy; kms-a waits for an officer (the audit administrator may not).
      const path = a.designated;
      const denied = await call(url, auditAdmin, 'POST', `/v1/agents/${a.id}/fim/restore`, {
        path,
      });
      assert.equal(denied.status, 403);
      await waitFor(
        'kms-a saw the tampering',
        async () =>
          (await fimEvents(a.id)).some((e) => e.type === 'fim.modified' && e.target?.id === path) ||
          undefined,
      );
      const asked = await call(url, officer, 'POST', `/v1/agents/${a.id}/fim/restore`, { path });
      assert.equal(asked.status, 200, JSON.stringify(asked.json));

      for (const s of sides) {
        const want = [
          ...expected,
          'fim.restored secure/vault.hcl',
          ...(s === a ? ['fim.restore_requested secure/vault.hcl'] : []),
        ].sort();
        const evs = await waitFor(`${s.name}: every change and the restore`, async () => {
          const e = await fimEvents(s.id);
          return e.length >= want.length ? e : undefined;
        });
        await new Promise((r) => setTimeout(r, 1500)); // three more scans: nothing else may come
        const final = await fimEvents(s.id);
        assert.deepEqual(summary(final), want, `${s.name}: exactly the expected events`);
        assert.deepEqual(final.length, evs.length);
        for (const e of final.filter((x) => x.source?.kind !== 'keywatch')) {
          assert.equal(e.source?.host, hostname());
          assert.equal(e.actor.id, s.id);
        }
        const attrs = (file: string) =>
          final.find((e) => e.target?.id === join(s.tree, file) && e.type.startsWith('fim.a'))
            ?.detail?.['attributes'] as string[];
        assert.ok(attrs('mode.txt').includes('mode'));
        assert.ok(attrs('owner.txt').includes('uid') && attrs('owner.txt').includes('gid'));
        assert.ok(attrs('acl.txt').includes('acl'));
        assert.ok(attrs('xattr.txt').includes('xattrs'));
        const tamper = final.find(
          (e) => e.type === 'fim.modified' && e.target?.id === s.designated,
        )!;
        for (const x of ['sha256', 'mode', 'uid', 'gid', 'acl', 'xattrs'])
          assert.ok((tamper.detail?.['attributes'] as string[]).includes(x), x);
        const restored = final.find((e) => e.type === 'fim.restored')!;
        assert.equal(restored.detail?.['verified'], true);
        assert.equal(restored.detail?.['sha256'], sha(GOOD));
        assert.equal(restored.detail?.['trigger'], s === a ? 'command' : 'auto');
        assertKnownGood(s.designated);
      }

      // Re-baseline: not for the audit administrator; an officer's request is carried out and recorded.
      assert.equal(
        (await call(url, auditAdmin, 'POST', `/v1/agents/${a.id}/fim/rebaseline`, {})).status,
        403,
      );
      assert.equal(
        (
          await call(url, officer, 'POST', `/v1/agents/${a.id}/fim/rebaseline`, {
            reason: 'approved change',
          })
        ).status,
        200,
      );
      const rebased = await waitFor('fim.rebaselined', async () =>
        (await fimEvents(a.id)).find((e) => e.type === 'fim.rebaselined'),
      );
      assert.equal(rebased.actor.id, 'security_officer');
      assert.equal(rebased.detail?.['version'], 2);
      const view = (await call(url, auditAdmin, 'GET', `/v1/agents/${a.id}/fim`, undefined))
        .json as {
        baseline: { version: number; known_good: Record<string, string> };
        commands: { kind: string; status: string }[];
      };
      assert.equal(view.baseline.version, 2);
      assert.deepEqual(view.baseline.known_good, { [a.designated]: sha(GOOD) });
      assert.deepEqual(
        view.commands.map((c) => [c.kind, c.status]),
        [
          ['restore', 'done'],
          ['rebaseline', 'done'],
        ],
      );

      // A wiped host: kms-b loses its FIM state, adopts the server's baseline and reports again.
      await killHard(b.agent!);
      rmSync(join(b.state, 'fim'), { recursive: true, force: true });
      const before = (await fimEvents(b.id)).length;
      b.agent = await startAgent(b.state);
      const again = await waitFor('kms-b compared with the server baseline', async () => {
        const e = (await fimEvents(b.id)).slice(before);
        return e.some(
          (x) => x.type === 'fim.modified' && x.target?.id === join(b.tree, 'plain.txt'),
        )
          ? e
          : undefined;
      });
      assert.equal(again[0]?.type, 'fim.baseline_adopted');
      assert.ok(!again.some((e) => e.type === 'fim.baseline_created'), 'no new local baseline');
    } finally {
      for (const s of sides) if (s.agent) await killHard(s.agent);
      await killHard(server);
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
