// Runs every transparency-dev/merkle proof vector (test/vectors/merkle, Apache-2.0, SOURCE.md)
// through verifyInclusion / verifyConsistency; the expected outcome is the vector's `wantErr`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AuditLogError, verifyConsistency, verifyInclusion } from '../src/index.ts';

const ROOT = join(import.meta.dirname, 'vectors', 'merkle');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? jsonFiles(join(dir, e.name))
        : e.name.endsWith('.json')
          ? [join(dir, e.name)]
          : [],
    )
    .sort();
}

/** JSON.parse rounds 18446744073709551615: quote the integer fields first, then read them as BigInt. */
function readVector(path: string): Record<string, unknown> {
  const raw = readFileSync(path, 'utf8').replace(
    /"(leafIdx|treeSize|size1|size2)":\s*(\d+)/g,
    '"$1": "$2"',
  );
  return JSON.parse(raw) as Record<string, unknown>;
}

const big = (v: unknown): bigint => BigInt(v as string);
const bytes = (v: unknown): Buffer => Buffer.from(v as string, 'base64');
// Go writes an empty proof as null.
const hashes = (v: unknown): Buffer[] => ((v ?? []) as string[]).map(bytes);

function expectOutcome(run: () => void, wantErr: boolean, code: string): void {
  if (wantErr) {
    assert.throws(run, (e: unknown) => e instanceof AuditLogError && e.code === code);
  } else {
    run();
  }
}

test('every transparency-dev/merkle vector gives wantErr', async (t) => {
  const inclusion = jsonFiles(join(ROOT, 'inclusion'));
  const consistency = jsonFiles(join(ROOT, 'consistency'));
  let ran = 0;
  let passed = 0;
  for (const file of inclusion) {
    const v = readVector(file);
    await t.test(`inclusion ${file.slice(ROOT.length + 1)}`, () => {
      ran++;
      const run = (): void =>
        verifyInclusion(
          bytes(v.leafHash),
          big(v.leafIdx),
          big(v.treeSize),
          hashes(v.proof),
          bytes(v.root),
        );
      expectOutcome(run, v.wantErr === true, 'INCLUSION_PROOF_INVALID');
      passed++;
    });
  }
  for (const file of consistency) {
    const v = readVector(file);
    await t.test(`consistency ${file.slice(ROOT.length + 1)}`, () => {
      ran++;
      const run = (): void =>
        verifyConsistency(
          big(v.size1),
          big(v.size2),
          hashes(v.proof),
          bytes(v.root1),
          bytes(v.root2),
        );
      expectOutcome(run, v.wantErr === true, 'CONSISTENCY_PROOF_INVALID');
      passed++;
    });
  }
  t.diagnostic(
    `merkle vectors: ${ran} ran, ${passed} passed (${inclusion.length} inclusion, ${consistency.length} consistency)`,
  );
  assert.equal(inclusion.length, 98);
  assert.equal(consistency.length, 98);
  assert.equal(ran, inclusion.length + consistency.length);
  assert.equal(passed, ran);
});

test('the 2^64 − 1 leaf index survives parsing as a BigInt', () => {
  const v = readVector(join(ROOT, 'inclusion', '1', 'leafIdx-sub-@1.json'));
  assert.equal(big(v.leafIdx), 18446744073709551615n);
});
