// Applies a record's JSON redaction to its raw text, so secrets and key material never reach the
// stored `raw`. The original formatting is kept when every replaced value can be substituted
// exactly; otherwise the redacted object is re-serialized (detail.raw_reserialized).
import type { JsonRedaction } from './json-redaction.ts';
import { redactText, type KeyFinding } from './text-redaction.ts';

export interface RawRedaction {
  raw: string;
  findings: KeyFinding[];
  reserialized: boolean;
}

const MIN_SUBSTITUTE = 6;

export function redactRawJson(raw: string, red: JsonRedaction, key: string | Uint8Array) {
  const out: RawRedaction = { raw, findings: [...red.findings], reserialized: false };
  if (red.replaced.size > 0 || red.structural) {
    const substituted = red.structural ? undefined : substitute(raw, red.replaced);
    if (substituted === undefined) {
      out.raw = JSON.stringify(red.value);
      out.reserialized = true;
    } else out.raw = substituted;
  }
  return finishText(out, key);
}

/** Last net over any raw text: PEM, JWK members, labelled key bytes, inline secrets. */
export function finishText(out: RawRedaction, key: string | Uint8Array): RawRedaction {
  const net = redactText(out.raw, key, 'raw');
  if (net.text !== out.raw) {
    out.raw = net.text;
    const seen = new Set(out.findings.map((f) => f.kind));
    for (const f of net.findings) if (!seen.has(f.kind)) out.findings.push(f);
  }
  return out;
}

function substitute(raw: string, replaced: Map<string, string>): string | undefined {
  const pairs = [...replaced].sort((a, b) => b[0].length - a[0].length);
  let text = raw;
  for (const [orig, repl] of pairs) {
    const esc = JSON.stringify(orig).slice(1, -1);
    if (orig.length < MIN_SUBSTITUTE || !text.includes(esc)) return undefined;
    text = text.split(esc).join(JSON.stringify(repl).slice(1, -1));
  }
  return text;
}
