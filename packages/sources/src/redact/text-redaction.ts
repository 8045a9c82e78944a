// Redacts key material and inline secrets in free text (syslog MSG, auditd values, CloudHSM
// blocks, any JSON string leaf, and every raw record as a last net). Key material is replaced by
// an HMAC marker and reported as a finding, so the caller can emit key.material_exposed.
import { hashKeyMaterial, hashSecret, isRedacted } from './secret-hash.ts';

export type KeyMaterialKind = 'pem-private-key' | 'jwk-private-member' | 'key-field' | 'key-bytes';
export interface KeyFinding {
  /** Where it was: a JSON path (`response.data.keys.1`), a field name, or `text`. */
  location: string;
  kind: KeyMaterialKind;
}
export interface TextRedaction {
  text: string;
  findings: KeyFinding[];
}

// RFC 7468 labels: PRIVATE KEY, RSA/EC/DSA/ENCRYPTED/OPENSSH PRIVATE KEY, PGP PRIVATE KEY BLOCK.
// An unterminated block is redacted to the end of the text.
const PEM =
  /-----BEGIN ([A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?|SECRET KEY)-----[\s\S]*?(?:-----END \1-----|$)/g;
// RFC 7517 §4 / RFC 7518 §6.3.2, §6.4.1: private and symmetric JWK members (needs "kty").
const JWK_MEMBER = /("|\\")(d|p|q|dp|dq|qi|k)\1(\s*:\s*)\1((?:(?!\1)[^\\]|\\[^"])+)\1/g;
const KEY_BYTES =
  /\b((?:private|secret|symmetric|master|plaintext|data)[ _-]?key|key[ _-]?(?:bytes|material|value))(["']?\s*[:=]\s*["']?)((?:0x)?[0-9A-Fa-f]{32,}|[A-Za-z0-9+/_-]{32,}={0,2})/gi;
const INLINE =
  /(?<![A-Za-z0-9])(password|passwd|pwd|passphrase|secret|client_secret|api[_-]?key|access[_-]?token|auth[_-]?token|token|pin)(\s*[=:]\s*)("[^"\s]+"|'[^'\s]+'|[^\s&;,"'()\\]+)/gi;
const HEADER =
  /\b(authorization|proxy-authorization|x-vault-token|x-amz-security-token|cookie)(\s*:\s*)([^\r\n"\\]+)/gi;
const VAULT_TOKEN = /\b(?:hv[sbr]\.[A-Za-z0-9_-]{20,}|s\.[A-Za-z0-9]{24})\b/g;
// Cheap pre-check: only text with a trigger word near a separator is scanned by the patterns.
const QUICK =
  /PRIVATE KEY|SECRET KEY|kty|hv[sbr]\.|\bs\.[A-Za-z0-9]{24}|(?:key|pass|pwd|secret|token|pin|auth|cookie)[^\n]{0,24}?[=:]/i;
// A second pre-check, tighter for JSON text: a text that none of the patterns (nor the replacements
// they make) can match is left as is. Each alternative is a necessary condition of one pattern —
// text a match must contain, case-insensitively — so it never skips a match: PEM and SECRET KEY
// blocks; "kty" (JWK members are looked for only then); a KEY_BYTES label ends in key, bytes,
// material or value before its separator; an INLINE name ends in password, passwd, pwd,
// passphrase, secret, key, token or pin right before `=` or `:`; a HEADER name ends in
// authorization, token or cookie right before `:`; VAULT_TOKEN's two shapes. A JSON member such
// as `"client_token":` fails it (the quote stands between name and separator), so most JSON
// records skip the scan. text-redaction.test.ts checks both against the full scan.
const NEEDED =
  /PRIVATE KEY|SECRET KEY|kty|hv[sbr]\.|s\.[A-Za-z0-9]{24}|(?:key|bytes|material|value)["']?\s*[:=]|(?:pass(?:word|wd|phrase)|pwd|secret|token|pin|authorization|cookie)\s*[=:]/i;
const TRIGGER = /[:=.yY]/;
const PLACEHOLDERS = new Set(['(null)', '?', '(none)', 'null', '""', "''"]);

export function redactText(text: string, hmacKey: string | Uint8Array, location = 'text') {
  if (!mayRedact(text)) return { text, findings: [] };
  return scanText(text, hmacKey, location);
}

/** Whether redactText may change `text` (false: it returns it as is, with no finding). */
export function mayRedact(text: string): boolean {
  // Every alternative of NEEDED holds ':', '=', '.' or a 'y' ("kty", "KEY"): a cheaper first test
  // for the many short values (names, ids, policies) of a JSON record.
  return TRIGGER.test(text) && NEEDED.test(text) && QUICK.test(text);
}

/** redactText without the pre-checks (exported for the test that pins NEEDED to it). */
export function scanText(text: string, hmacKey: string | Uint8Array, location = 'text') {
  const findings: KeyFinding[] = [];
  let out = text;
  if (out.includes('PRIVATE KEY') || out.includes('SECRET KEY')) {
    out = out.replace(PEM, (block, label: string) => {
      findings.push({ location, kind: 'pem-private-key' });
      return `-----REDACTED ${label} ${hashKeyMaterial(hmacKey, block)}-----`;
    });
  }
  if (out.includes('kty')) {
    out = out.replace(JWK_MEMBER, (m, q: string, name: string, sep: string, value: string) => {
      if (isRedacted(value)) return m;
      findings.push({ location: `${location}.${name}`, kind: 'jwk-private-member' });
      return `${q}${name}${q}${sep}${q}${hashKeyMaterial(hmacKey, value)}${q}`;
    });
  }
  out = out.replace(KEY_BYTES, (m, label: string, sep: string, value: string) => {
    if (isRedacted(value)) return m;
    findings.push({ location: `${location}.${label}`, kind: 'key-bytes' });
    return `${label}${sep}${hashKeyMaterial(hmacKey, value)}`;
  });
  out = redactInlineSecrets(out, hmacKey);
  return { text: out, findings };
}

/** Hashes `password=…`, `Authorization: …` and Vault token shapes inside free text. */
export function redactInlineSecrets(text: string, hmacKey: string | Uint8Array): string {
  let out = text.replace(INLINE, (m, name: string, sep: string, value: string) => {
    const bare = value.replace(/^["']|["']$/g, '');
    if (PLACEHOLDERS.has(value) || bare === '' || bare.startsWith('hmac-sha256')) return m;
    return `${name}${sep}${hashSecret(hmacKey, bare)}`;
  });
  out = out.replace(HEADER, (m, name: string, sep: string, value: string) =>
    value.startsWith('hmac-sha256:') ? m : `${name}${sep}${hashSecret(hmacKey, value.trim())}`,
  );
  return out.replace(VAULT_TOKEN, (token) => hashSecret(hmacKey, token));
}
