// `keywatch import --format native`: NDJSON from a file or standard input (CRLF line ends and blank
// lines included) and a JSON array file; a line that is not an event is quarantined, the rest is
// stored once, and a re-import adds only duplicates.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { keywatch } from './cli-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'kw-import-native-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const event = (i: number) => ({
  id: `native-${i}`,
  time: '2026-11-28T14:03:07.123Z',
  type: 'key.create',
  outcome: 'success',
  actor: { id: 'alice', roles: ['key_admin'] },
  target: { type: 'key', id: `k-${i}` },
});

test('NDJSON with CRLF and blank lines, from a file and from stdin; a JSON array file', () => {
  const dataDir = join(dir, 'data');
  const ndjson = [event(1), event(2)].map((e) => JSON.stringify(e)).join('\r\n') + '\r\n\r\n';
  const file = join(dir, 'events.ndjson');
  writeFileSync(file, ndjson + '{"not": "an event"}\n' + JSON.stringify(event(3)));
  const first = keywatch(['import', '--format', 'native', '--data-dir', dataDir, file]);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /3 accepted, 0 duplicates, 1 quarantined/);

  const piped = keywatch(['import', '--format', 'native', '--data-dir', dataDir, '-'], ndjson);
  assert.equal(piped.status, 0, piped.stderr);
  assert.match(piped.stdout, /0 accepted, 2 duplicates, 0 quarantined/);

  const array = join(dir, 'events.json');
  writeFileSync(array, JSON.stringify([event(3), event(4)], null, 2));
  const fromArray = keywatch(['import', '--format', 'native', '--data-dir', dataDir, array]);
  assert.equal(fromArray.status, 0, fromArray.stderr);
  assert.match(fromArray.stdout, /1 accepted, 1 duplicates, 0 quarantined/);

  const verified = keywatch(['verify', '--data-dir', dataDir]);
  assert.equal(verified.status, 0, verified.stderr + verified.stdout);
});
