// `keywatch import` as a user runs it: every vendor format into a data directory, the log still
// verifies, a re-import adds nothing, and --server stores what --data-dir stores.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { keywatch, killHard, startServe, type RunningServer } from './cli-process.ts';

const data = new URL('../../sources/test/data/', import.meta.url).pathname;
const cat = (files: string[]): string =>
  files.map((f) => readFileSync(join(data, f), 'utf8').replace(/\n?$/, '\n')).join('');

// format, input files, events (accepted + duplicates), quarantined (docs/sources.md, "Samples")
const FORMATS: [string, string[], number, number][] = [
  ['vault', ['vault/audit.log'], 8, 0],
  ['gcp-kms', ['gcp-kms/events.jsonl'], 10, 0],
  [
    'azure-keyvault',
    [
      'azure-keyvault/events.jsonl',
      'azure-keyvault/msdocs-auditevent.json',
      'azure-keyvault/msdocs-auditevent.jsonl',
    ],
    23,
    0,
  ],
  ['cloudhsm', ['cloudhsm/audit.log'], 32, 0],
  ['auditd', ['auditd/test-auditd-raw.log', 'auditd/test-auditd-useradd.log'], 66, 1],
  [
    'cloudtrail',
    readdirSync(join(data, 'cloudtrail-kms'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => `cloudtrail-kms/${f}`),
    31,
    3,
  ],
];

function summary(out: string): { accepted: number; duplicates: number; quarantined: number } {
  const m = /(\d+) accepted, (\d+) duplicates, (\d+) quarantined/.exec(out);
  assert.ok(m, `a summary line in ${JSON.stringify(out)}`);
  return { accepted: Number(m[1]), duplicates: Number(m[2]), quarantined: Number(m[3]) };
}

describe('keywatch import --format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-import-'));
  const dataDir = join(dir, 'data');
  const input = (name: string, files: string[]): string => {
    const p = join(dir, name);
    writeFileSync(p, cat(files));
    return p;
  };
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [format, files, events, quarantined] of FORMATS) {
    test(`${format} into a data directory`, () => {
      const r = keywatch([
        'import',
        '--format',
        format,
        '--data-dir',
        dataDir,
        input(format, files),
      ]);
      assert.equal(r.status, 0, r.stderr);
      const s = summary(r.stdout);
      assert.equal(s.accepted + s.duplicates, events);
      assert.equal(s.quarantined, quarantined);
      if (quarantined > 0)
        assert.match(r.stdout, /quarantined by reason: (invalid_json|invalid_syntax) \d/);
    });
  }

  test('the log verifies, and re-importing (gzip this time) adds nothing', () => {
    const v = keywatch(['verify', '--data-dir', dataDir]);
    assert.equal(v.status, 0, v.stderr + v.stdout);
    const gz = join(dir, 'vault.log.gz');
    writeFileSync(gz, gzipSync(cat(['vault/audit.log'])));
    const r = keywatch(['import', '--format', 'vault', '--data-dir', dataDir, gz]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(summary(r.stdout), { accepted: 0, duplicates: 8, quarantined: 0 });
    const c = keywatch([
      'import',
      '--format',
      'cloudtrail',
      '--data-dir',
      dataDir,
      join(dir, 'cloudtrail'),
    ]);
    assert.equal(summary(c.stdout).accepted, 0);
  });

  test('bad usage exits 2, a missing file 1; quarantined records are not errors', () => {
    assert.equal(keywatch(['import', '--format', 'nope', '--data-dir', dataDir, 'x']).status, 2);
    assert.equal(
      keywatch(['import', '--format', 'vault', '--data-dir', dataDir, join(dir, 'none')]).status,
      1,
    );
    const r = keywatch(['import', '--format', 'vault', '--data-dir', dataDir, '-'], 'garbage\n');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(summary(r.stdout).quarantined, 1);
  });
});

describe('keywatch import --server', () => {
  let dir: string;
  let srv: RunningServer;
  let token: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kw-import-srv-'));
    srv = await startServe(['--data-dir', join(dir, 'data')]);
    token = readFileSync(join(dir, 'data', 'initial-admin-token'), 'utf8').trim();
  });
  after(async () => {
    await killHard(srv.child);
    rmSync(dir, { recursive: true, force: true });
  });

  test('posts chunks to /v1/sources/{kind}/records, with the same result as --data-dir', () => {
    const file = join(dir, 'cloudhsm.log');
    writeFileSync(file, cat(['cloudhsm/audit.log']));
    const args = ['import', '--format', 'cloudhsm', '--server', srv.url, '--token', token, file];
    const r = keywatch(args);
    assert.equal(r.status, 0, r.stderr);
    const s = summary(r.stdout);
    assert.equal(s.accepted + s.duplicates, 32);
    assert.deepEqual(summary(keywatch(args).stdout), {
      accepted: 0,
      duplicates: 32,
      quarantined: 0,
    });
  });
});
