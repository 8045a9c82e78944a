// The parts of the contract that involve two stores on one database: the single-writer lock and
// the single-use token race; plus the token table itself.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogStore, TokenRow } from '../src/index.ts';
import type { OpenStore } from './conformance-suite.ts';

function token(id: string, extra: Partial<TokenRow> = {}): TokenRow {
  return {
    id,
    secretHash: Buffer.from([0, 1, 2, 0xff]),
    role: 'ingest',
    name: `token ${id}`,
    createdMs: 1000,
    revokedMs: null,
    expiresMs: null,
    singleUse: false,
    usedMs: null,
    ...extra,
  };
}

export function writerAndTokenTests(dialect: string, fresh: OpenStore, another: OpenStore): void {
  describe(`LogStore conformance: ${dialect}: writer lock and tokens`, () => {
    let store: LogStore;
    beforeEach(async () => {
      store = await fresh();
    });

    test('one writer per log: a second store gets false until the first closes', async () => {
      const second = await another();
      assert.equal(await store.tryAcquireWriterLock(), true);
      assert.equal(await store.tryAcquireWriterLock(), true, 'acquiring again while holding it');
      assert.equal(await second.tryAcquireWriterLock(), false);
      assert.equal(await second.tryAcquireWriterLock(), false);
      await store.close();
      assert.equal(await second.tryAcquireWriterLock(), true);
      const third = await another();
      assert.equal(await third.tryAcquireWriterLock(), false);
    });

    test('tokens: insert, find, list, revoke once', async () => {
      const a = token('a', { expiresMs: 5000 });
      const b = token('b', { createdMs: 500, singleUse: true });
      await store.insertToken(a);
      await store.insertToken(b);
      assert.deepEqual(await store.findToken('a'), a);
      assert.equal(await store.findToken('zzz'), undefined);
      assert.deepEqual(
        (await store.listTokens()).map((t) => t.id),
        ['b', 'a'],
      );
      const found = await store.findToken('b');
      assert.deepEqual(Buffer.from(found!.secretHash), Buffer.from([0, 1, 2, 0xff]));
      assert.equal(await store.revokeToken('a', 7000), true);
      assert.equal(await store.revokeToken('a', 8000), false);
      assert.equal(await store.revokeToken('zzz', 8000), false);
      assert.equal((await store.findToken('a'))?.revokedMs, 7000);
    });

    test('markTokenUsed: exactly one of two racing uses of a single-use token wins', async () => {
      const other = await another();
      for (let i = 0; i < 5; i++) {
        await store.insertToken(token(`once-${i}`, { singleUse: true }));
        const wins = await Promise.all([
          store.markTokenUsed(`once-${i}`, 10),
          other.markTokenUsed(`once-${i}`, 20),
          store.markTokenUsed(`once-${i}`, 30),
        ]);
        assert.equal(wins.filter(Boolean).length, 1, `round ${i}: ${wins.join(',')}`);
        const used = (await store.findToken(`once-${i}`))?.usedMs;
        assert.ok(used === 10 || used === 20 || used === 30);
      }
      await store.insertToken(token('many'));
      assert.equal(await store.markTokenUsed('many', 10), false, 'not a single-use token');
      assert.equal(await store.markTokenUsed('zzz', 10), false, 'unknown token');
    });
  });
}
