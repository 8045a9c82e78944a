// Pins the normalized output of representative records per source. Regenerate after an
// intended change with UPDATE_GOLDEN=1 and review the diff.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeText, problems } from './helpers.ts';
import { GOLDEN_CASES } from './golden-cases.ts';

const DIR = new URL('./golden/', import.meta.url).pathname;
const update = process.env['UPDATE_GOLDEN'] === '1';

for (const c of GOLDEN_CASES) {
  test(`golden: ${c.name}`, () => {
    const records = decodeText(c.kind, c.text, c.options);
    assert.deepEqual(problems(records), []);
    const path = `${DIR}${c.name}.json`;
    const actual = JSON.parse(JSON.stringify(records)) as unknown;
    if (update || !existsSync(path)) {
      mkdirSync(DIR, { recursive: true });
      writeFileSync(path, `${JSON.stringify(actual, null, 2)}\n`);
      if (!update)
        assert.fail(`golden ${c.name} was missing and has been written; review it and rerun`);
      return;
    }
    assert.deepEqual(actual, JSON.parse(readFileSync(path, 'utf8')));
  });
}
