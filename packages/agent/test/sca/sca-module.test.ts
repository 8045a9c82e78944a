// The `sca` agent module through the AgentModule interface: a scan of the KMS policy on a fake
// root emits one valid event per check plus sca.scan_completed, and the inventory once (again
// only when it changes).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateEvent, type NativeEvent } from '@keywatch/protocol';
import { ScaModule } from '../../src/sca/sca-module.ts';
import type { AgentContext } from '../../src/agent-module.ts';
import { compliantRoot, GOOD_PACKAGES } from './fake-root.ts';

const POLICY = new URL('../../policies/kms-hardening.yml', import.meta.url).pathname;
const root = compliantRoot();
after(() => root.remove());

test('scan events and inventory through ctx.emit', async () => {
  const events: NativeEvent[] = [];
  const ctx: AgentContext = {
    agentId: 'a-1',
    stateDir: root.dir,
    emit: (e) => {
      events.push(e);
      return Promise.resolve();
    },
    request: () => Promise.reject(new Error('offline')),
    log: () => {},
  };
  const m = new ScaModule();
  const section = { policies: [POLICY], root: root.dir, interval_seconds: 3600 };
  await m.start(ctx, section);
  await m.idle();
  root.write('etc/ssh/sshd_config', 'PermitRootLogin yes\n');
  await m.start(ctx, section); // a restart runs a new round
  await m.idle();
  await m.stop();
  for (const e of events) assert.equal(validateEvent(e).ok, true, JSON.stringify(e).slice(0, 200));
  const done = events.filter((e) => e.type === 'sca.scan_completed');
  assert.equal(done.length, 2);
  assert.equal(done[0]!.detail?.['score'], 100);
  assert.ok((done[1]!.detail?.['score'] as number) < 100);
  const failed = events.filter((e) => e.type === 'sca.check_failed').map((e) => e.target?.id);
  assert.deepEqual(failed.sort(), [
    'kms-hardening/kms-050',
    'kms-hardening/kms-051',
    'kms-hardening/kms-052',
  ]);
  for (const e of events.filter((x) => x.type === 'sca.check_failed')) {
    assert.match(String(e.detail?.['rationale']), /\w/, 'a failed check says why it matters');
    assert.match(String(e.detail?.['remediation']), /\w/, 'and how to fix it');
  }
  const passed = events.find((e) => e.type === 'sca.check_passed');
  assert.equal(passed?.detail?.['remediation'], undefined, 'passed checks stay small');
  const inv = events.filter((e) => e.type === 'software.inventory');
  assert.equal(inv.length, 1, 'the unchanged inventory is not re-sent');
  assert.equal((inv[0]!.detail?.['packages'] as unknown[]).length, GOOD_PACKAGES.length);
  assert.equal(m.health()['scans'], 2);
});
