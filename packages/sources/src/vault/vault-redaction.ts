// Vault redaction rules. Vault HMACs every string of request/response `data` by default
// (developer.hashicorp.com/vault/docs/audit, "Sensitive information"); with `log_raw` or
// `audit_non_hmac_*_keys` they arrive in clear, so we hash them the same way. Key material is
// reported when it is in clear: transit export `keys`, transit `backup`, datakey `plaintext`,
// sys/init and rekey unseal `keys`, unseal/generate-root key shares, PKI `private_key`.
import type { JsonRules } from '../redact/json-redaction.ts';

const KMIP_DATA = new Set(['kmip_request', 'kmip_response']);

// A log repeats a few request paths: their rules are built once (bounded: ever-new paths, such as
// KV secrets by name, cannot grow it past MAX_CACHED).
const cache = new Map<string, JsonRules>();
const MAX_CACHED = 2048;

export function vaultRules(requestPath: string): JsonRules {
  let rules = cache.get(requestPath);
  if (rules === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    rules = buildRules(requestPath);
    cache.set(requestPath, rules);
  }
  return rules;
}

function buildRules(requestPath: string): JsonRules {
  const rel = requestPath.replace(/^[^/]+\//, '');
  const exportLike = /^export\//.test(rel);
  const backup = /^backup\//.test(rel);
  const datakey = /^datakey\/plaintext\//.test(rel);
  const sysKeys = /^sys\/(?:init|rekey(?:-recovery-key)?\/(?:update|backup))$/.test(requestPath);
  const keyShare =
    /^sys\/(?:unseal|rekey(?:-recovery-key)?\/update|generate-root\/update|generate-recovery-token\/update)$/.test(
      requestPath,
    );
  return {
    keyMaterialAt: (p) => {
      if (p.length !== 3 || p[1] !== 'data') return false;
      const k = p[2];
      if (p[0] === 'response') {
        return (
          (exportLike && k === 'keys') ||
          (backup && k === 'backup') ||
          (datakey && k === 'plaintext') ||
          (sysKeys && k === 'keys')
        );
      }
      return p[0] === 'request' && keyShare && k === 'key';
    },
    hashAllAt: (p) =>
      p.length === 3 &&
      p[1] === 'data' &&
      (p[0] === 'request' || p[0] === 'response') &&
      !KMIP_DATA.has(p[2]!),
  };
}
