// vaultRules keeps the rules of each request path it has seen (bounded): a cached entry must
// answer exactly as fresh rules for that path would, never as those of another path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vaultRules } from '../src/vault/vault-redaction.ts';

const at = (path: string, p: string[]) => vaultRules(path).keyMaterialAt!(p);

test('cached Vault rules answer for their own path only, past the cache bound too', () => {
  const exportPath = 'transit/export/encryption-key/k1';
  const encryptPath = 'transit/encrypt/k1';
  for (let round = 0; round < 3; round++) {
    assert.equal(at(exportPath, ['response', 'data', 'keys']), true);
    assert.equal(at(encryptPath, ['response', 'data', 'keys']), false);
    assert.equal(at('transit/backup/k1', ['response', 'data', 'backup']), true);
    assert.equal(at('transit/backup/k1', ['response', 'data', 'keys']), false);
    assert.equal(at('sys/unseal', ['request', 'data', 'key']), true);
    assert.equal(at('sys/unsealed', ['request', 'data', 'key']), false);
    assert.equal(vaultRules(encryptPath).hashAllAt!(['request', 'data', 'plaintext']), true);
    assert.equal(vaultRules(encryptPath).hashAllAt!(['request', 'data', 'kmip_request']), false);
    // Thousands of distinct paths (KV secrets by name) go through the bounded cache.
    for (let i = 0; i < 5000; i++) {
      const p = i % 2 === 0 ? `transit/export/signing-key/key-${i}` : `secret/data/app-${i}`;
      assert.equal(at(p, ['response', 'data', 'keys']), i % 2 === 0, p);
    }
  }
  assert.equal(vaultRules(exportPath), vaultRules(exportPath));
});
