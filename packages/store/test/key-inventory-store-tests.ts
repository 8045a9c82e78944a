// KeyInventoryStore and PerfSeriesStore conformance: inventory upsert by id round-trips every
// field; observations keep the latest per (host, label); perf samples fold into raw, 1-minute and
// 1-hour buckets with count/avg/min/max, merge across batches, and prune by resolution. Run on
// every dialect by conformance-suite.ts.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyInventoryRecord, KeyObservationRecord, LogStore } from '../src/index.ts';
import type { OpenStore } from './conformance-suite.ts';

const T0 = Date.UTC(2026, 10, 29, 8, 0, 0);

function entry(id: string, extra: Partial<KeyInventoryRecord> = {}): KeyInventoryRecord {
  return {
    id,
    name: `name of ${id}`,
    algorithm: 'rsa',
    size: 2048,
    usage: 'sign',
    state: 'active',
    activation: '2026-01-01T00:00:00.000Z',
    expiry: null,
    fingerprint: `sha256:${'ab'.repeat(32)}`,
    kcv: null,
    locations: ['kms-1:/etc/kms/tls.pem', 'pkcs11:slot=1;id=01'],
    shareable: false,
    source: 'import',
    updatedMs: T0,
    ...extra,
  };
}

function obs(host: string, label: string, verdict: string, at: number): KeyObservationRecord {
  return {
    host,
    label,
    origin: 'agent',
    agentId: 'a-1',
    fingerprint: null,
    kcv: 'ABC123',
    modulus: null,
    verdict,
    report: '{}',
    observedMs: at,
  };
}

export function keyInventoryStoreTests(
  dialect: string,
  fresh: OpenStore,
  another: OpenStore,
): void {
  describe(`KeyInventoryStore and PerfSeriesStore conformance: ${dialect}`, () => {
    let store: LogStore;
    beforeEach(async () => {
      store = await fresh();
    });

    test('inventory: upsert by id, every field round-trips, listed by id', async () => {
      const keys = store.keys();
      assert.equal(
        await keys.upsertKeys([
          entry('k-2'),
          entry('k-1', { kcv: 'FF9558', algorithm: 'aes', fingerprint: null }),
        ]),
        2,
      );
      await keys.upsertKeys([
        entry('k-2', {
          state: 'compromised',
          shareable: true,
          expiry: '2027-01-01T00:00:00.000Z',
          updatedMs: T0 + 1,
        }),
      ]);
      const list = await (await another()).keys().listKeys();
      assert.deepEqual(
        list.map((k) => k.id),
        ['k-1', 'k-2'],
      );
      assert.deepEqual(
        list[1],
        entry('k-2', {
          state: 'compromised',
          shareable: true,
          expiry: '2027-01-01T00:00:00.000Z',
          updatedMs: T0 + 1,
        }),
      );
      assert.deepEqual(
        await keys.getKey('k-1'),
        entry('k-1', { kcv: 'FF9558', algorithm: 'aes', fingerprint: null }),
      );
      assert.equal(await keys.getKey('absent'), undefined);
    });

    test('observations: the latest per host and label', async () => {
      const keys = store.keys();
      await keys.recordObservations([
        obs('h1', '/a.pem', 'pass', T0),
        obs('h1', '/b.pem', 'pass', T0),
        obs('h2', '/a.pem', 'warn', T0),
      ]);
      await keys.recordObservations([obs('h1', '/a.pem', 'fail', T0 + 5)]);
      const h1 = await keys.listObservations('h1');
      assert.deepEqual(
        h1.map((o) => [o.label, o.verdict, o.observedMs]),
        [
          ['/a.pem', 'fail', T0 + 5],
          ['/b.pem', 'pass', T0],
        ],
      );
      assert.equal((await keys.listObservations()).length, 3);
    });

    test('perf: samples fold into raw, 1-minute and 1-hour buckets across batches; prune', async () => {
      const perf = store.perf();
      const at = (sec: number, value: number) => ({
        host: 'kms-1',
        metric: 'cpu.total',
        tsMs: T0 + sec * 1000,
        value,
      });
      await perf.appendSamples([at(0, 10), at(10, 20), at(70, 50)]);
      await perf.appendSamples([at(20, 60), at(3700, 5), { ...at(0, 99), metric: 'mem.used' }]);
      const raw = await perf.series('kms-1', 'cpu.total', 0, T0);
      assert.deepEqual(
        raw.map((p) => p.avg),
        [10, 20, 60, 50, 5],
      );
      const minute = await perf.series('kms-1', 'cpu.total', 60, T0);
      assert.deepEqual(minute, [
        { tsMs: T0, count: 3, avg: 30, min: 10, max: 60 },
        { tsMs: T0 + 60_000, count: 1, avg: 50, min: 50, max: 50 },
        { tsMs: T0 + 3_660_000, count: 1, avg: 5, min: 5, max: 5 },
      ]);
      const hour = await perf.series('kms-1', 'cpu.total', 3600, T0, T0 + 3_600_000);
      assert.deepEqual(hour, [{ tsMs: T0, count: 4, avg: 35, min: 10, max: 60 }]);
      assert.deepEqual(await perf.listSeries(T0), [
        { host: 'kms-1', metric: 'cpu.total' },
        { host: 'kms-1', metric: 'mem.used' },
      ]);
      assert.equal(await perf.prune(0, T0 + 3_600_000), 5);
      assert.equal((await perf.series('kms-1', 'cpu.total', 0, T0)).length, 1);
      assert.equal((await perf.series('kms-1', 'cpu.total', 60, T0)).length, 3);
    });
  });
}
