// The real SigmaHQ rules (data/sigma, DRL 1.1) load unchanged and fire on exactly the sample
// records they target, and on nothing else (issue 4, item 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DetectionEngine, loadRules } from '@keywatch/detect';
import { loadSamples } from './support/sample-events.ts';

const EXPECTED = [
  'AWS KMS Imported Key Material Usage <- cloudtrail-kms/ct-importkeymaterial.json',
  'Azure Key Vault Modified or Deleted <- azure-keyvault/events.jsonl:5',
  'Azure Key Vault Modified or Deleted <- azure-keyvault/events.jsonl:6',
  'Azure Key Vault Modified or Deleted <- azure-keyvault/events.jsonl:7',
  'Azure Key Vault Modified or Deleted <- azure-keyvault/events.jsonl:17',
  'Azure Keyvault Key Modified or Deleted <- azure-keyvault/events.jsonl:9',
  'Azure Keyvault Key Modified or Deleted <- azure-keyvault/events.jsonl:10',
  'Azure Keyvault Key Modified or Deleted <- azure-keyvault/events.jsonl:12',
  'Azure Keyvault Key Modified or Deleted <- azure-keyvault/events.jsonl:13',
  'Azure Keyvault Key Modified or Deleted <- azure-keyvault/events.jsonl:14',
  'Azure Keyvault Secrets Modified or Deleted <- azure-keyvault/events.jsonl:19',
  'Azure Keyvault Secrets Modified or Deleted <- azure-keyvault/events.jsonl:21',
  'Creation Of An User Account <- auditd/test-auditd-raw.log:32',
  'Creation Of An User Account <- auditd/test-auditd-useradd.log:4',
  'Creation Of An User Account <- auditd/test-auditd-useradd.log:11',
].sort();

test('the nine SigmaHQ rules fire on exactly the samples they target', () => {
  const rules = loadRules(new URL('./data/sigma', import.meta.url).pathname);
  assert.equal(rules.rules.length, 9);
  const engine = new DetectionEngine(rules);
  const got: string[] = [];
  for (const s of loadSamples())
    for (const d of engine.process(s.event)) got.push(`${d.title} <- ${s.id}`);
  assert.deepEqual(got.sort(), EXPECTED);
});

test('every sample folder was read', () => {
  const kinds = new Map<string, number>();
  for (const s of loadSamples())
    kinds.set(s.event.source!.kind!, (kinds.get(s.event.source!.kind!) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(kinds), {
    cloudtrail: 34,
    'azure-keyvault': 22,
    'gcp-kms': 10,
    vault: 13,
    auditd: 68,
    cloudhsm: 32,
  });
});
