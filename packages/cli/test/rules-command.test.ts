// keywatch rules test: a rule file run over stored events prints exactly its detections; a rule
// that does not parse is refused with its line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServer } from '@keywatch/server';
import { keywatch } from './cli-process.ts';

let dir: string;
const RULE = `title: Exports by alice
id: 9d4c1f0e-5a57-4a43-9a53-2b0f7f0c1111
status: experimental
logsource:
  product: keywatch
detection:
  selection:
    type: key.export
    actor.id: alice
  condition: selection
level: high
`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kw-rules-'));
  const server = await openServer({ dataDir: join(dir, 'data'), logger: false });
  const now = Date.now();
  await server.context.sequencer.append(
    ['alice', 'bob', 'alice', 'alice', 'carol'].map((actor, i) => ({
      id: `e-${i}`,
      time: new Date(now - (i === 4 ? 10 : 1) * 86_400_000).toISOString(),
      type: i === 1 ? 'key.create' : 'key.export',
      outcome: 'success' as const,
      actor: { id: actor, roles: ['key_admin'] },
      target: { type: 'key', id: `k-${i}` },
    })),
  );
  await server.close();
  writeFileSync(join(dir, 'rule.yml'), RULE);
  writeFileSync(
    join(dir, 'bad.yml'),
    RULE.replace('condition: selection', 'condition: selection and ('),
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('prints one JSON line per detection of the rule file over the window', () => {
  const r = keywatch([
    'rules',
    'test',
    join(dir, 'rule.yml'),
    '--data-dir',
    join(dir, 'data'),
    '--since',
    '7d',
  ]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { ruleId: string; eventIndexes: number[] });
  assert.equal(lines.length, 3); // alice's three exports; bob created, carol's is 10 days old
  assert.ok(lines.every((d) => d.ruleId === '9d4c1f0e-5a57-4a43-9a53-2b0f7f0c1111'));
  assert.match(r.stderr, /3 detections/);
});

test('a rule that does not parse is refused with its line', () => {
  const r = keywatch(['rules', 'test', join(dir, 'bad.yml'), '--data-dir', join(dir, 'data')]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /bad\.yml:\d+/);
});
