// HMAC-SHA256 under a per-log key, written `hmac-sha256:<hex>` like Vault audit devices
// (developer.hashicorp.com/vault/docs/audit, "Sensitive information"): equal values hash
// equally, so an authorized user holding the key can hash a value and search for it.
import { createHash, createHmac } from 'node:crypto';

export const HMAC_PREFIX = 'hmac-sha256:';
/** Marks redacted key material; the HMAC lets responders tell which key leaked. */
export const KEY_PREFIX = 'redacted-key-material:hmac-sha256:';

export function hashSecret(key: string | Uint8Array, value: string): string {
  return HMAC_PREFIX + createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

export function hashKeyMaterial(key: string | Uint8Array, value: string): string {
  return KEY_PREFIX + createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

export function isRedacted(value: string): boolean {
  return value.startsWith(HMAC_PREFIX) || value.startsWith(KEY_PREFIX);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
