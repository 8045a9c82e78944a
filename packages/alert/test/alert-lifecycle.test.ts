// The pure lifecycle: valid transitions, coded refusals, folding, reopening after a suppression,
// and the native events every change produces (valid for the ingest schema).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateEvent } from '@keywatch/protocol';
import {
  acknowledgeAlert,
  alertChangeEvent,
  AlertError,
  foldDetection,
  MAX_EVENT_INDEXES,
  openAlert,
  resolveAlert,
  suppressAlert,
  type Alert,
  type AlertChange,
} from '../src/index.ts';
import { ALICE, detection, T0 } from './fixtures.ts';

const asAlert = (c: AlertChange, history: Alert['history'] = []): Alert => ({
  ...c.alert,
  history: [...history, ...c.history],
});

function throwsCode(fn: () => unknown, code: AlertError['code']): void {
  assert.throws(fn, (err: unknown) => err instanceof AlertError && err.code === code);
}

describe('alert lifecycle', () => {
  const opened = openAlert('al-1', detection(), T0);
  const open = asAlert(opened);

  test('a detection opens an alert at version 1, recorded as done by keywatch', () => {
    assert.equal(opened.type, 'alert.opened');
    assert.deepEqual(
      [open.status, open.version, open.count, open.eventIndexes, open.firstSeenMs],
      ['open', 1, 1, [41], T0],
    );
    assert.deepEqual(open.history, [
      {
        version: 1,
        atMs: T0,
        action: 'opened',
        fromStatus: null,
        toStatus: 'open',
        actor: { id: 'keywatch', role: 'system' },
        comment: '',
      },
    ]);
  });

  test('open → acknowledged → resolved, each naming the person, the time and the comment', () => {
    const ack = acknowledgeAlert(open, ALICE, 'looking into it', T0 + 1);
    const acked = asAlert(ack, open.history);
    const res = resolveAlert(
      acked,
      { id: 'bob', role: 'key_admin' },
      'approved change CHG-7',
      T0 + 2,
    );
    assert.equal(res.alert.status, 'resolved');
    assert.equal(res.alert.version, 3);
    assert.deepEqual(
      asAlert(res, acked.history).history.map((h) => [
        h.action,
        h.fromStatus,
        h.toStatus,
        h.actor.id,
        h.atMs,
        h.comment,
      ]),
      [
        ['opened', null, 'open', 'keywatch', T0, ''],
        ['acknowledged', 'open', 'acknowledged', 'alice', T0 + 1, 'looking into it'],
        ['resolved', 'acknowledged', 'resolved', 'bob', T0 + 2, 'approved change CHG-7'],
      ],
    );
  });

  test('invalid transitions and missing comments are refused with codes', () => {
    const acked = asAlert(acknowledgeAlert(open, ALICE, 'x', T0));
    const resolved = asAlert(resolveAlert(open, ALICE, 'x', T0));
    throwsCode(() => acknowledgeAlert(acked, ALICE, 'again', T0), 'INVALID_TRANSITION');
    throwsCode(() => acknowledgeAlert(resolved, ALICE, 'x', T0), 'INVALID_TRANSITION');
    throwsCode(() => resolveAlert(resolved, ALICE, 'x', T0), 'INVALID_TRANSITION');
    throwsCode(() => suppressAlert(resolved, ALICE, 'x', T0 + 10, T0), 'INVALID_TRANSITION');
    throwsCode(() => acknowledgeAlert(open, ALICE, '  ', T0), 'COMMENT_REQUIRED');
    throwsCode(() => resolveAlert(open, ALICE, '', T0), 'COMMENT_REQUIRED');
    throwsCode(() => suppressAlert(open, ALICE, '', T0 + 10, T0), 'COMMENT_REQUIRED');
    throwsCode(() => suppressAlert(open, ALICE, 'maintenance', T0, T0), 'INVALID_SUPPRESSION');
    const suppressed = asAlert(suppressAlert(open, ALICE, 'maintenance', T0 + 10, T0));
    throwsCode(() => acknowledgeAlert(suppressed, ALICE, 'x', T0), 'INVALID_TRANSITION');
    assert.equal(resolveAlert(suppressed, ALICE, 'done', T0).alert.status, 'resolved');
  });

  test('repeats fold: count, last seen, appended indexes (bounded), severity never lowered', () => {
    let alert = open;
    for (let i = 1; i <= 150; i++) {
      const sev = i === 5 ? 'critical' : 'low';
      alert = asAlert(
        foldDetection(alert, detection({ eventIndexes: [1000 + i], severity: sev }), T0 + i),
        alert.history,
      );
    }
    assert.equal(alert.count, 151);
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.lastSeenMs, T0 + 150);
    assert.equal(alert.eventIndexes.length, MAX_EVENT_INDEXES);
    assert.deepEqual(alert.eventIndexes.slice(0, 2), [41, 1001], 'the first ones are kept');
    assert.equal(alert.eventIndexes.at(-1), 1150, 'and the most recent');
    assert.equal(alert.history.length, 1, 'folds add no history entry (the audit log has each)');
    assert.equal(alert.version, 151);
  });

  test('a suppressed alert absorbs matches until its expiry, then the next match reopens it', () => {
    const suppressed = asAlert(suppressAlert(open, ALICE, 'maintenance window', T0 + 1000, T0));
    const quiet = foldDetection(suppressed, detection(), T0 + 999);
    assert.deepEqual(
      [quiet.type, quiet.alert.status, quiet.alert.count],
      ['alert.updated', 'suppressed', 2],
    );
    const back = foldDetection(asAlert(quiet, suppressed.history), detection(), T0 + 1000);
    assert.deepEqual(
      [back.type, back.alert.status, back.alert.suppression],
      ['alert.reopened', 'open', null],
    );
    assert.deepEqual(
      back.history.map((h) => [h.action, h.fromStatus, h.toStatus]),
      [['reopened', 'suppressed', 'open']],
    );
  });

  test('every change becomes a valid native event with a deterministic id', () => {
    const changes = [
      opened,
      foldDetection(open, detection({ eventIndexes: [50, 51] }), T0 + 5),
      acknowledgeAlert(open, ALICE, 'mine', T0 + 6),
      suppressAlert(open, ALICE, 'maintenance', T0 + 60_000, T0 + 7),
      resolveAlert(open, ALICE, 'done', T0 + 8),
    ];
    for (const c of changes) {
      const e = alertChangeEvent(c);
      const v = validateEvent(JSON.parse(JSON.stringify(e)));
      assert.ok(v.ok, JSON.stringify(v));
      assert.equal(e.id, `alert:al-1:${c.alert.version}`);
      assert.equal(e.type, c.type);
      assert.equal(e.time, new Date(c.atMs).toISOString());
    }
    const ack = alertChangeEvent(changes[2]!);
    assert.deepEqual(ack.actor, { id: 'alice', roles: ['security_officer'], type: 'user' });
    assert.deepEqual(ack.target, { type: 'alert', id: 'al-1', name: 'Key destruction scheduled' });
    assert.equal(ack.detail?.['comment'], 'mine');
    assert.deepEqual(alertChangeEvent(changes[1]!).detail?.['event_indexes'], [50, 51]);
  });
});
