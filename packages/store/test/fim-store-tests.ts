// FimStore conformance: versioned baselines (a taken version refused, the latest served), the
// content-addressed store (bytes round-trip exactly, a second put is a no-op), and the command
// queue (pending list in order, completion exactly once). Run on every dialect by
// conformance-suite.ts.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { FimBaselineRecord, FimCommandRecord, FimStore, LogStore } from '../src/index.ts';
import type { OpenStore } from './conformance-suite.ts';

const T0 = Date.UTC(2026, 10, 29, 8, 0, 0);
const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

function baseline(agentId: string, version: number): FimBaselineRecord {
  const text = JSON.stringify({ format: 'keywatch-fim-baseline/1', v: version });
  return {
    agentId,
    version,
    baseline: text,
    sha256: sha(text),
    entries: 2,
    knownGood: { '/etc/kms.conf': sha('good') },
    createdMs: T0 + version,
    commandId: version === 1 ? null : `c-${version}`,
  };
}

function command(id: string, extra: Partial<FimCommandRecord> = {}): FimCommandRecord {
  return {
    id,
    agentId: 'a-1',
    kind: 'restore',
    path: '/etc/kms.conf',
    requestedBy: 'officer',
    requestedMs: T0,
    status: 'pending',
    completedMs: null,
    result: null,
    ...extra,
  };
}

export function fimStoreTests(dialect: string, fresh: OpenStore, another: OpenStore): void {
  describe(`FimStore conformance: ${dialect}`, () => {
    let store: LogStore;
    let fim: FimStore;
    beforeEach(async () => {
      store = await fresh();
      fim = store.fim();
    });

    test('baselines are versioned: a taken version is refused, the latest is served', async () => {
      assert.equal(await fim.latestBaseline('a-1'), undefined);
      assert.equal(await fim.insertBaseline(baseline('a-1', 1)), true);
      assert.equal(await fim.insertBaseline({ ...baseline('a-1', 1), entries: 9 }), false);
      assert.equal(await fim.insertBaseline(baseline('a-1', 2)), true);
      assert.equal(await fim.insertBaseline(baseline('a-2', 1)), true);
      assert.deepEqual(await fim.latestBaseline('a-1'), baseline('a-1', 2));
      assert.deepEqual(await (await another()).fim().latestBaseline('a-2'), baseline('a-2', 1));
    });

    test('content is addressed by SHA-256: bytes round-trip, a second put writes nothing', async () => {
      const bytes = new Uint8Array([0, 1, 2, 255, 0, 10, 13]);
      const big = new Uint8Array(300_000).map((_, i) => (i * 7) & 255);
      assert.equal(await fim.putContent(sha(bytes), bytes, T0), true);
      assert.equal(await fim.putContent(sha(bytes), bytes, T0 + 1), false);
      assert.equal(await fim.putContent(sha(big), big, T0), true);
      assert.deepEqual(await fim.getContent(sha(bytes)), bytes);
      assert.deepEqual(await (await another()).fim().getContent(sha(big)), big);
      assert.equal(await fim.getContent(sha('absent')), undefined);
      assert.deepEqual(
        await fim.hasContent([sha(bytes), sha('absent'), sha(big)]),
        new Set([sha(bytes), sha(big)]),
      );
      assert.deepEqual(await fim.hasContent([]), new Set());
    });

    test('commands: pending ones oldest first, completed exactly once', async () => {
      await fim.addCommand(command('c-2', { requestedMs: T0 + 5 }));
      await fim.addCommand(command('c-1', { kind: 'rebaseline', path: null }));
      await fim.addCommand(command('c-3', { agentId: 'a-2' }));
      assert.deepEqual(
        (await fim.listCommands('a-1', { pendingOnly: true, limit: 10 })).map((c) => c.id),
        ['c-1', 'c-2'],
      );
      assert.equal(await fim.completeCommand('c-1', 'done', T0 + 9, '{"ok":true}'), true);
      assert.equal(await fim.completeCommand('c-1', 'failed', T0 + 10, '{}'), false);
      assert.equal(await fim.completeCommand('nope', 'done', T0, '{}'), false);
      assert.deepEqual(
        (await fim.listCommands('a-1', { pendingOnly: true, limit: 10 })).map((c) => c.id),
        ['c-2'],
      );
      assert.deepEqual(await fim.getCommand('c-1'), {
        ...command('c-1', { kind: 'rebaseline', path: null }),
        status: 'done',
        completedMs: T0 + 9,
        result: '{"ok":true}',
      });
      assert.equal((await fim.listCommands('a-1', { limit: 1 })).length, 1);
      assert.equal(await fim.getCommand('nope'), undefined);
    });
  });
}
