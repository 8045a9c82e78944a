// The tailer with real files: complete lines only, rotation by rename (with lines written to the
// old file after the rename), truncation in place (copytruncate), and restarts from the
// committed state that neither lose nor repeat a line — including a rotation while stopped.
import assert from 'node:assert/strict';
import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileTailer, readTailState } from '../src/index.ts';

const root = mkdtempSync(join(tmpdir(), 'kw-tail-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function drain(t: FileTailer): Promise<string[]> {
  const out: string[] = [];
  for (let b = await t.poll(); b; b = await t.poll()) {
    out.push(...b.lines);
    await t.commit(b.state);
  }
  return out;
}

test("complete lines only; rotation by rename keeps the old file's late lines", async () => {
  const dir = mkdtempSync(join(root, 'a-'));
  const log = join(dir, 'audit.log');
  writeFileSync(log, 'one\ntwo\nthr');
  const t = new FileTailer({ path: log, statePath: join(dir, 'state.json') });
  assert.deepEqual(await drain(t), ['one', 'two']);
  appendFileSync(log, 'ee\n');
  assert.deepEqual(await drain(t), ['three']);
  renameSync(log, `${log}.1`);
  appendFileSync(`${log}.1`, 'late\n');
  writeFileSync(log, 'new1\n');
  assert.deepEqual(await drain(t), ['late', 'new1']);
  await t.close();
});

test('truncation in place (copytruncate) restarts at the beginning', async () => {
  const dir = mkdtempSync(join(root, 'b-'));
  const log = join(dir, 'audit.log');
  writeFileSync(log, 'a\nb\nc\n');
  const t = new FileTailer({ path: log });
  assert.deepEqual(await drain(t), ['a', 'b', 'c']);
  truncateSync(log, 0);
  appendFileSync(log, 'd\n');
  const b = await t.poll();
  assert.ok(b?.truncated);
  assert.deepEqual(b.lines, ['d']);
  await t.close();
});

test('restart from the state file: no line lost, none repeated, even across a rotation', async () => {
  const dir = mkdtempSync(join(root, 'c-'));
  const log = join(dir, 'audit.log');
  const statePath = join(dir, 'state.json');
  writeFileSync(log, '1\n2\n');
  const first = new FileTailer({ path: log, statePath });
  assert.deepEqual(await drain(first), ['1', '2']);
  appendFileSync(log, '3\n');
  const uncommitted = await first.poll(); // read but not committed: must come back after restart
  assert.deepEqual(uncommitted?.lines, ['3']);
  await first.close();

  const second = new FileTailer({ path: log, statePath, state: await readTailState(statePath) });
  assert.deepEqual(await drain(second), ['3']);
  await second.close();

  appendFileSync(log, '4\n');
  renameSync(log, `${log}-20260101`);
  writeFileSync(log, '5\n');
  const third = new FileTailer({ path: log, statePath, state: await readTailState(statePath) });
  assert.deepEqual(await drain(third), ['4', '5']);
  await third.close();
  const state = await readTailState(statePath);
  assert.equal(state?.offset, 2);
});

test('startAt end skips existing content; over-long lines are cut, not lost', async () => {
  const dir = mkdtempSync(join(root, 'd-'));
  const log = join(dir, 'x.log');
  writeFileSync(log, 'old\n');
  const t = new FileTailer({ path: log, startAt: 'end', maxLineBytes: 4 });
  assert.deepEqual(await drain(t), []);
  appendFileSync(log, 'abcdefghij\n');
  assert.deepEqual(await drain(t), ['abcd', 'efgh', 'ij']);
  await t.close();
});
