// Events that no RFC 8785 leaf can hold (valid JSON: a lone surrogate, a number JSON.parse made
// infinite, nesting past the limit). A request holding one is refused on its own, with
// BAD_REQUEST; the other requests of its group commit are stored. The server's own records quote
// client input, so record() and appendOwn() store them with those parts replaced, not refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeLeaf } from '@keywatch/auditlog';
import { openStore } from '@keywatch/store';
import { loadOrCreateLogIdentity, Sequencer, type SequencedEvent } from '@keywatch/server';

const ev = (id: string, extra: Partial<SequencedEvent> = {}): SequencedEvent => ({
  id,
  time: '2026-11-28T12:00:00Z',
  type: 'key.create',
  outcome: 'success',
  actor: { id: 'alice' },
  ...extra,
});

const nest = (n: number): unknown => (n === 0 ? 'end' : { a: nest(n - 1) });

test('a leafless event fails its own request only; the server records its own with the parts replaced', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kw-seq-leafless-'));
  const store = await openStore({ dataDir });
  try {
    await store.migrate();
    const seq = await Sequencer.open({
      store,
      identity: loadOrCreateLogIdentity(dataDir, 'test.keywatch/leafless'),
    });
    const [good, bad, alsoGood] = await Promise.allSettled([
      seq.append([ev('g1'), ev('g2')]),
      seq.append([ev('b1'), ev('b2', { message: 'lone \ud800' })]),
      seq.append([ev('g3', { detail: { n: 1 } })]),
    ]);
    assert.equal(good.status, 'fulfilled');
    assert.equal(alsoGood.status, 'fulfilled');
    assert.equal(bad.status, 'rejected');
    assert.equal((bad.reason as { code: string }).code, 'BAD_REQUEST');
    assert.match((bad.reason as Error).message, /event b2: .*RFC 8785/);
    assert.equal(seq.size, 4, 'genesis and the three good events; nothing of the refused request');

    const r = await seq.record(
      ev('own', {
        message: 'login as \udc00x',
        detail: { n: Number.POSITIVE_INFINITY, deep: nest(120), ['k\ud800']: 1 },
      }),
    );
    const leaf = await store.readLeaf(r.index);
    assert.ok(leaf);
    const stored = decodeLeaf(leaf).event;
    assert.equal(stored.message, 'login as \ufffdx');
    assert.equal(stored.detail?.['n'], null);
    assert.equal(stored.detail?.['k\ufffd'], 1);
    assert.match(JSON.stringify(stored.detail?.['deep']), /nested too deep/);

    // Findings and alerts the server derives from an agent's report go the same way.
    const own = await seq.appendOwn([ev('f1'), ev('f2', { target: { id: 'k\udfff' } })]);
    assert.deepEqual(
      own.map((a) => a.duplicate),
      [false, false],
    );
    const f2 = await store.readLeaf(own[1]!.index);
    assert.equal(decodeLeaf(f2!).event.target?.id, 'k\ufffd');
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
