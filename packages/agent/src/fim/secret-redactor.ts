// Masks what looks like a secret before a config diff leaves the host: KMS configurations hold
// passwords, tokens, PINs and key material, and other FIM tools ship them in plaintext diffs.
// With a key, each mask carries a short HMAC of the value, so that a diff still shows *that* a
// secret changed without offering its hash to offline guessing (the key stays on the host).
import { createHmac } from 'node:crypto';

const ASSIGNMENT =
  /((?:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|pin|credential|auth)[\w.-]*["']?\s*[:=]\s*)(["']?)([^\s"',;}]+)/gi;
const PEM = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g;
// Long base64 or hex runs: raw key material, tokens, hashes of secrets.
const OPAQUE = /(?<![\w/+=])(?:[A-Za-z0-9+/_-]{32,}={0,2}|[0-9a-fA-F]{32,})(?![\w/+=])/g;

export function redactSecrets(text: string, key?: Buffer): string {
  const tag = (v: string): string =>
    key ? ` ${createHmac('sha256', key).update(v).digest('hex').slice(0, 8)}` : '';
  return text
    .replace(PEM, (m) => `[redacted PEM block${tag(m)}]`)
    .replace(
      ASSIGNMENT,
      (_m, k: string, quote: string, v: string) => `${k}${quote}[redacted${tag(v)}]`,
    )
    .replace(OPAQUE, (m) => `[redacted${tag(m)}]`);
}
