// JSON framing across lines: a JSON Lines record cut short must not swallow the records after it
// (they were silently lost while the framer waited for a closing brace), and pretty-printed
// multi-line records still decode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES, decodeText, events } from './helpers.ts';

const vaultLines = readFileSync(join(SAMPLES, 'vault/audit.log'), 'utf8').trimEnd().split('\n');

test('a Vault line cut short is quarantined alone; every later line still decodes', () => {
  const whole = events(decodeText('vault', vaultLines.join('\n')));
  const cut = [
    vaultLines[0]!,
    '{"time":"2026-01-01T00:00:00Z","type":"req',
    ...vaultLines.slice(1),
  ];
  const records = decodeText('vault', cut.join('\n'));
  const quarantined = records.filter((r) => r.kind === 'quarantine');
  assert.equal(quarantined.length, 1);
  assert.equal(quarantined[0]!.kind === 'quarantine' && quarantined[0]!.code, 'invalid_json');
  assert.match(JSON.stringify(quarantined[0]), /type\\":\\"req/);
  assert.deepEqual(
    events(records).map((e) => e.id),
    whole.map((e) => e.id),
  );
});

test('a cut-short line before a pretty-printed record: both accounted for', () => {
  const ct = readFileSync(join(SAMPLES, 'cloudtrail-kms/ct-createkey-1.json'), 'utf8');
  const pretty = JSON.stringify(JSON.parse(ct), null, 2);
  const one = events(decodeText('cloudtrail', pretty));
  assert.equal(one.length, 1, 'a pretty-printed record decodes on its own');
  const compact = JSON.stringify(JSON.parse(ct));
  const records = decodeText(
    'cloudtrail',
    ['{"eventVersion": "1.08",', compact, pretty].join('\n'),
  );
  assert.equal(records.filter((r) => r.kind === 'quarantine').length, 1);
  assert.equal(events(records).length, 2);
});
