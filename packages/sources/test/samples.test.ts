// Every third-party sample record goes through its adapter: each is normalized to a valid native
// event or quarantined with a coded reason, and the counts match the samples' SOURCE.md files.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceKind } from '../src/core/record-types.ts';
import { decodeFileSync, events, problems, sampleFiles } from './helpers.ts';

const EXPECTED: Record<string, { events: number; quarantined: number }> = {
  // 13 entries: 4 request/response pairs joined, 1 request without id, KMIP 1 pair + 2 responses.
  vault: { events: 8, quarantined: 0 },
  // 34 files; 3 are invalid JSON as published (SOURCE.md, "Invalid JSON").
  cloudtrail: { events: 31, quarantined: 3 },
  'gcp-kms': { events: 10, quarantined: 0 },
  // 21 Activity log events, the docs block ({"records":[…]}) and its one-line copy.
  'azure-keyvault': { events: 23, quarantined: 0 },
  cloudhsm: { events: 32, quarantined: 0 },
  // 68 lines: CWD+PATH of serial 479 join into one event; UNKNOWN[1329] has no msg=audit(…).
  auditd: { events: 66, quarantined: 1 },
};

for (const [kind, want] of Object.entries(EXPECTED)) {
  test(`${kind}: every sample record is normalized or quarantined with a reason`, () => {
    const records = sampleFiles(kind as SourceKind).flatMap((f) =>
      decodeFileSync(kind as SourceKind, f),
    );
    assert.deepEqual(problems(records), []);
    const got = {
      events: records.filter((r) => r.kind === 'event').length,
      quarantined: records.filter((r) => r.kind === 'quarantine').length,
    };
    assert.deepEqual(got, want);
    for (const e of events(records)) {
      assert.match(
        e.time,
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/,
        `${e.id} time is UTC RFC 3339`,
      );
      assert.ok(e.id?.startsWith(`${kind}:`), `${e.id} is prefixed by its source`);
      assert.equal(e.source?.kind, kind);
      assert.ok(e.raw && e.raw.length > 0, 'raw is kept');
    }
  });
}

test('cloudtrail: the three invalid documentation files are quarantined as invalid JSON', () => {
  const bad = sampleFiles('cloudtrail').filter((f) =>
    /ct-(decrypt-2|encrypt|replicate-key)\.json$/.test(f),
  );
  for (const f of bad) {
    const [r] = decodeFileSync('cloudtrail', f);
    assert.equal(r?.kind, 'quarantine');
    if (r?.kind === 'quarantine') {
      assert.equal(r.code, 'invalid_json');
      assert.match(r.reason, /^invalid JSON: /);
    }
  }
});

test('re-importing the same file gives the same ids (idempotent import)', () => {
  for (const kind of [
    'vault',
    'cloudtrail',
    'gcp-kms',
    'azure-keyvault',
    'cloudhsm',
    'auditd',
  ] as const) {
    const ids = () =>
      sampleFiles(kind).flatMap((f) => events(decodeFileSync(kind, f)).map((e) => e.id));
    assert.deepEqual(ids(), ids());
  }
});
