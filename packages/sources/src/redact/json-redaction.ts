// Walks a parsed JSON record: hashes secret fields, redacts key material (by name, JWK shape,
// PEM text or a source rule) and records each original → replacement so the raw text can be
// redacted the same way. Copy-on-write: an untouched subtree is returned as is.
import { hashKeyMaterial, hashSecret, isRedacted } from './secret-hash.ts';
import { JWK_PRIVATE_MEMBERS, KEY_MATERIAL_NAMES, SECRET_NAMES } from './secret-names.ts';
import { mayRedact, scanText, type KeyFinding } from './text-redaction.ts';

export interface JsonRules {
  /** A source rule: the value at this path is key material (e.g. Vault transit export `keys`). */
  keyMaterialAt?: (path: readonly string[]) => boolean;
  /** Hash every string leaf under this path (Vault request/response `data`, as Vault does). */
  hashAllAt?: (path: readonly string[]) => boolean;
}

export interface JsonRedaction {
  value: unknown;
  findings: KeyFinding[];
  /** Original string → replacement, for redacting the raw text. */
  replaced: Map<string, string>;
  /** A non-string value was hashed whole: the raw text must be re-serialized. */
  structural: boolean;
}

const MAX_DEPTH = 64;
// KMIP 1.4 §2.1.7 (Transparent Key Structures) and §2.1.4 (Key Value): tags holding key bytes.
const TTLV_KEY_TAGS: ReadonlySet<string> = new Set([
  'KeyMaterial',
  'Key',
  'PrivateExponent',
  'P',
  'Q',
  'PrimeExponentP',
  'PrimeExponentQ',
  'CRTCoefficient',
  'X',
  'D',
]);

export function redactJson(value: unknown, key: string | Uint8Array, rules: JsonRules = {}) {
  const out: JsonRedaction = { value, findings: [], replaced: new Map(), structural: false };
  const path: string[] = [];
  const { keyMaterialAt, hashAllAt } = rules;

  // Mode of a string leaf: 0 free text (scanned for inline secrets), 1 secret, 2 key material.
  const str = (s: string, as: 0 | 1 | 2): string => {
    if (s === '' || isRedacted(s)) return s;
    let r: string;
    if (as === 1) r = hashSecret(key, s);
    else if (as === 2) {
      r = hashKeyMaterial(key, s);
      out.findings.push({ location: path.join('.'), kind: 'key-field' });
    } else {
      // Most leaves hold nothing to redact: skip building their location.
      if (!mayRedact(s)) return s;
      const t = scanText(s, key, path.join('.'));
      for (const f of t.findings) out.findings.push(f);
      r = t.text;
    }
    if (r !== s) out.replaced.set(s, r);
    return r;
  };

  const walk = (v: unknown, mode: 0 | 1 | 2, depth: number): unknown => {
    if (typeof v === 'string') return str(v, mode);
    if (v === null || typeof v !== 'object') return v;
    if (depth > MAX_DEPTH) {
      // Too deep to walk safely: keep it only if it cannot hide key material or secrets.
      const text = JSON.stringify(v);
      if (!/PRIVATE KEY|kty|key|secret|token|pass/i.test(text)) return v;
      out.structural = true;
      out.findings.push({ location: path.join('.'), kind: 'key-field' });
      return hashKeyMaterial(key, text);
    }
    if (Array.isArray(v)) {
      let copy: unknown[] | undefined;
      const items = v as unknown[];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        // Holes read as undefined, as forEach would skip them: walk only what is there.
        if (!(i in items)) continue;
        path.push(String(i));
        const r = walk(item, mode, depth + 1);
        path.pop();
        if (r !== item) (copy ??= [...items])[i] = r;
      }
      return copy ?? v;
    }
    const obj = v as Record<string, unknown>;
    const jwk = typeof obj['kty'] === 'string';
    // KMIP TTLV as JSON (Vault Enterprise KMIP audit): {"tag":"KeyMaterial","value":…}.
    const tag = obj['tag'];
    const ttlv = typeof tag === 'string' ? TTLV_KEY_TAGS.has(tag) : false;
    let copy: Record<string, unknown> | undefined;
    const keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const item = obj[k];
      path.push(k);
      const lower = k.toLowerCase();
      let childMode = mode;
      if (
        (jwk && JWK_PRIVATE_MEMBERS.has(k)) ||
        (ttlv && k === 'value') ||
        KEY_MATERIAL_NAMES.has(lower) ||
        (keyMaterialAt !== undefined && keyMaterialAt(path))
      ) {
        childMode = 2;
      } else if (
        mode === 0 &&
        (SECRET_NAMES.has(lower) || (hashAllAt !== undefined && hashAllAt(path)))
      ) {
        childMode = 1;
      }
      let r: unknown;
      if (
        childMode !== 0 &&
        item !== null &&
        typeof item !== 'object' &&
        typeof item !== 'string' &&
        SECRET_NAMES.has(lower)
      ) {
        r = hashSecret(key, JSON.stringify(item) ?? '');
        out.structural = true;
      } else r = walk(item, childMode, depth + 1);
      path.pop();
      if (r !== item) (copy ??= { ...obj })[k] = r;
    }
    return copy ?? v;
  };

  out.value = walk(value, 0, 0);
  return out;
}
