// `keywatch import --data-dir` of a file longer than one chunk, with two chunks in flight: every
// record appended once and in the file's order, and a line cut short quarantined alone.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CHUNK_LINES } from '../src/import/source-import.ts';
import { keywatch } from './cli-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'kw-import-chunks-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const PAIRS = Math.round(CHUNK_LINES * 1.3); // 2.6 chunks of lines
const BROKEN_AT = CHUNK_LINES + 7; // a bad line inside the second chunk

function vaultLog(): string {
  const out: string[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const id = `req-${String(i).padStart(6, '0')}`;
    const req = `{"id":"${id}","operation":"update","mount_type":"transit","path":"transit/encrypt/k${i % 7}","remote_address":"10.0.0.${i % 200}"}`;
    const auth = `{"display_name":"app-${i % 5}","policies":["default"],"token_type":"service"}`;
    const t = new Date(Date.UTC(2026, 0, 1) + i * 10).toISOString();
    out.push(`{"time":"${t}","type":"request","auth":${auth},"request":${req}}`);
    out.push(`{"time":"${t}","type":"response","auth":${auth},"request":${req},"response":{}}`);
  }
  out.splice(BROKEN_AT, 0, '{"time": broken');
  return out.join('\n') + '\n';
}

test('a multi-chunk Vault log: every pair once, the broken line quarantined, file order kept', () => {
  const file = join(dir, 'vault.log');
  writeFileSync(file, vaultLog());
  const dataDir = join(dir, 'data');
  const r = keywatch(['import', '--format', 'vault', '--data-dir', dataDir, file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`${PAIRS} accepted, 0 duplicates, 1 quarantined`));

  const db = new Database(join(dataDir, 'keywatch.db'), { readonly: true });
  try {
    const rows = db.prepare('select leaf from events order by idx').all() as { leaf: Buffer }[];
    const ids = rows
      .map((row) => JSON.parse(row.leaf.toString('utf8')) as { source?: { request_id?: string } })
      .map((e) => e.source?.request_id)
      .filter((id): id is string => id?.startsWith('req-') === true);
    assert.equal(ids.length, PAIRS);
    assert.deepEqual(ids, [...ids].sort(), 'events appear in the order of the file');
    assert.equal(new Set(ids).size, PAIRS);
  } finally {
    db.close();
  }
  const v = keywatch(['verify', '--data-dir', dataDir]);
  assert.equal(v.status, 0, v.stderr + v.stdout);
});
