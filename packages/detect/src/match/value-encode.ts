// Value-transforming modifiers of the Sigma modifiers appendix v2.1 ("Encoding", `windash`):
// they rewrite a rule's value before matching, so the event side stays a plain string compare.

export type Encoded = { text: string } | { bytes: Buffer };

const bytesOf = (v: Encoded) => ('bytes' in v ? v.bytes : Buffer.from(v.text, 'utf8'));
const text = (v: Encoded) => ('bytes' in v ? v.bytes.toString('latin1') : v.text);

export function utf16(v: Encoded, variant: 'utf16le' | 'utf16be' | 'utf16' | 'wide'): Encoded {
  const le = Buffer.from(text(v), 'utf16le');
  if (variant === 'utf16be') return { bytes: le.swap16() };
  if (variant === 'utf16') return { bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), le]) };
  return { bytes: le };
}

export const base64 = (v: Encoded): Encoded => ({ text: bytesOf(v).toString('base64') });

/** The three shifted encodings whose stable middle part shows wherever the value sits in a
 *  longer base64 text (the first and last characters depend on the neighbouring bytes). */
export function base64offset(v: Encoded): Encoded[] {
  const b = bytesOf(v);
  const starts = [0, 2, 3];
  const ends = [undefined, -3, -2];
  return [0, 1, 2].map((i) => {
    const enc = Buffer.concat([Buffer.alloc(i, 0x20), b]).toString('base64');
    return { text: enc.slice(starts[i], ends[(b.length + i) % 3]) };
  });
}

const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];
const MAX_VARIANTS = 625;

/** Every permutation of the dash-like characters that start a word (a command-line flag). */
export function windash(value: string): string[] | undefined {
  const positions: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const prev = value[i - 1];
    const next = value[i + 1];
    if (
      DASHES.includes(c) &&
      (prev === undefined || !/\w/.test(prev)) &&
      next !== undefined &&
      /\w/.test(next)
    )
      positions.push(i);
  }
  if (DASHES.length ** positions.length > MAX_VARIANTS) return undefined;
  let out = [value];
  for (const p of positions)
    out = out.flatMap((v) => DASHES.map((d) => v.slice(0, p) + d + v.slice(p + 1)));
  return out;
}

export const encodedText = text;
