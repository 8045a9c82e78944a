// docs/errors.md lists the SCA error codes, and nothing else, in its "Configuration assessment"
// section (errors-doc.test.ts covers the other domains).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SCA_ERROR_CODES } from '@keywatch/agent';

test('docs/errors.md and SCA_ERROR_CODES agree, both ways', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const start = doc.indexOf('## Configuration assessment');
  assert.ok(start >= 0);
  const end = doc.indexOf('\n## ', start + 1);
  const body = doc.slice(start, end === -1 ? undefined : end);
  const listed = [...body.matchAll(/^\| `([A-Z_]+)` *\|/gm)].map((m) => m[1]!);
  assert.deepEqual(listed.sort(), [...SCA_ERROR_CODES].sort());
});
