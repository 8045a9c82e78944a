// The fingerprint of a public key or certificate: SHA-256 over the DER SubjectPublicKeyInfo
// (RFC 5280 §4.1.2.7), the same value as `openssl pkey -pubin -outform DER | sha256sum`, so a key,
// its certificate and its PKCS#11 public object all share one fingerprint.
import { createHash, type KeyObject } from 'node:crypto';

export function spkiDer(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

export function spkiFingerprint(key: KeyObject): string {
  return `sha256:${createHash('sha256').update(spkiDer(key)).digest('hex')}`;
}
