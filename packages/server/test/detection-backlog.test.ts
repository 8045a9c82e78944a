// The detection thread runs in the background (SCHED_IDLE, else nice 19) and ingest waits when it
// falls more than a bound behind: the sequencer holds events from outside (append) while the
// server's own records (appendOwn) pass, and the bound is released at half of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalLeaf } from '@keywatch/auditlog';
import { openStore } from '@keywatch/store';
import { loadOrCreateLogIdentity, Sequencer, type SequencedEvent } from '@keywatch/server';
import { startTestServer } from './test-server.ts';

/** Scheduling policy (0 normal, 5 SCHED_IDLE) and nice value of a thread of this process. */
function schedOf(tid: number): { policy: number; nice: number } {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 of proc(5)
  return { policy: Number(f[38]), nice: Number(f[16]) };
}

const linux = process.platform === 'linux';

test('the detection thread runs at background priority unless configured normal', async () => {
  const background = await startTestServer();
  const normal = await startTestServer({
    config: { alerting: { detectionPriority: 'normal' } },
  });
  try {
    const low = await background.server.context.detection.thread.priority();
    const same = await normal.server.context.detection.thread.priority();
    assert.equal(same.applied, 'unchanged');
    if (!linux) return;
    assert.notEqual(low.applied, 'unchanged', 'util-linux chrt or setpriority lowered it');
    const lowSched = schedOf(low.tid!);
    if (low.applied === 'sched_idle') assert.equal(lowSched.policy, 5, 'SCHED_IDLE');
    else assert.equal(lowSched.nice, 19);
    const main = schedOf(process.pid);
    assert.deepEqual(schedOf(same.tid!), main, 'the process priority, as the main thread');
    assert.equal(main.policy, 0, 'only the detection thread was lowered');
  } finally {
    await background.close();
    await normal.close();
  }
});

test('ingest waits while detection is past its bound, until it is down to half', async () => {
  const t = await startTestServer({ config: { alerting: { detectionMaxBacklog: 1000 } } });
  try {
    const { detection, sequencer } = t.server.context;
    assert.equal(detection.throttle(), undefined, 'nothing behind: nothing held');
    // 20,000 committed-looking leaves at once: the thread needs tens of ms to get through them,
    // while a lone append commits in a few.
    const leaf = canonicalLeaf({
      index: 0,
      id: 'old',
      time: '2026-11-28T12:00:00.000Z',
      received: '2026-11-28T12:00:00.000Z',
      type: 'crypto.decrypt',
      outcome: 'success',
      actor: { id: 'svc-1' },
    });
    detection.enqueue(Array.from({ length: 20_000 }, () => leaf));
    assert.equal(detection.backlog, 20_000);
    const held = detection.throttle();
    assert.ok(held, 'past the bound: held');
    const order: string[] = [];
    let backlogAtRelease = -1;
    void held.then(() => {
      backlogAtRelease = detection.backlog;
      order.push('released');
    });
    const own = sequencer.record({
      time: new Date().toISOString(),
      type: 'test.own',
      outcome: 'success',
      actor: { id: 'keywatch' },
    });
    const outside = sequencer
      .append([{ id: 'outside-1', ...ownLike() }])
      .then((r) => (order.push('appended'), r));
    const ownDone = await own;
    assert.ok(ownDone.index > 0, 'the server’s own record was not held');
    assert.deepEqual(order, [], 'the event from outside is still held');
    const [appended] = await outside;
    assert.deepEqual(order, ['released', 'appended']);
    assert.ok(backlogAtRelease <= 500, `released at half the bound, not ${backlogAtRelease}`);
    assert.equal(appended!.duplicate, false);
    await detection.idle();
    assert.equal(detection.backlog, 0);
    assert.equal(detection.throttle(), undefined);
  } finally {
    await t.close();
  }
});

function ownLike(): Omit<SequencedEvent, 'id'> {
  return {
    time: '2026-11-28T12:00:01.000Z',
    type: 'crypto.decrypt',
    outcome: 'success',
    actor: { id: 'svc-2' },
  };
}

test('the sequencer holds append on its throttle and lets appendOwn through', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kw-seq-throttle-'));
  const store = await openStore({ dataDir });
  try {
    await store.migrate();
    let release!: () => void;
    let gate: Promise<void> | undefined = new Promise<void>((done) => (release = done));
    let asked = 0;
    const seq = await Sequencer.open({
      store,
      identity: loadOrCreateLogIdentity(dataDir, 'test.keywatch/throttle'),
      throttle: () => (asked++, gate),
    });
    let outsideDone = false;
    const outside = seq.append([{ id: 'a', ...ownLike() }]).then((r) => ((outsideDone = true), r));
    const [own] = await seq.appendOwn([{ id: 'b', ...ownLike() }]);
    assert.equal(own!.index, 1, 'the own record went first: index 1 after genesis');
    await new Promise((done) => setTimeout(done, 20));
    assert.equal(outsideDone, false, 'still held');
    gate = undefined;
    release();
    const [a] = await outside;
    assert.equal(a!.index, 2);
    assert.equal(asked, 2, 'asked again once released');
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
