// A one-pass check that a leaf's text is already in RFC 8785 form, without parsing it into objects
// and serializing them again (that round trip was most of `verify`'s per-leaf cost). It accepts
// only what jcsSerialize(JSON.parse(text)) === text accepts: no whitespace (§3.2.1); literals
// as-is; strings as ECMAScript's JSON.stringify writes them (§3.2.2.2: only \" \\ \b \f \n \r \t
// and lowercase \u00XX for other controls; everything else, lone surrogates excluded, raw);
// numbers exactly as Number.prototype.toString writes the double (§3.2.2.3); object members in
// strictly increasing UTF-16 order (§3.2.3), so no duplicates; at most MAX_DEPTH nested
// containers, as jcsSerialize. It may refuse a canonical text (the caller then takes the careful
// path), but must never accept a text the careful path refuses: tests compare the two.
import { MAX_DEPTH } from './jcs-serialize.ts';

/** Top-level facts of an accepted leaf: what the position and shape checks need. */
export interface ScannedLeaf {
  /** The top-level "index" as a number (NaN when absent or not a number). */
  index: number;
  /** Names of the top-level members whose values are strings. */
  strings: Set<string>;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** The escapes JSON.stringify writes with one letter: \" \\ \b \f \n \r \t. */
const SHORT_ESCAPES = new Set([34, 92, 98, 102, 110, 114, 116]);
const LOWER_HEX = /^[0-9a-f]{4}$/;

class Refused extends Error {}
const REFUSED = new Refused();

/** The leaf's top-level facts when `text` is a canonical JSON object; undefined otherwise. */
export function scanCanonicalObject(text: string): ScannedLeaf | undefined {
  if (text.charCodeAt(0) !== 123) return undefined;
  const scanner = new Scanner(text);
  try {
    const leaf: ScannedLeaf = { index: Number.NaN, strings: new Set() };
    const end = scanner.object(0, 0, leaf);
    return end === text.length ? leaf : undefined;
  } catch (err) {
    if (err === REFUSED) return undefined;
    throw err;
  }
}

class Scanner {
  private escapes = false;

  constructor(private readonly s: string) {}

  /** Scans a value at `at`; returns the position after it. */
  value(at: number, depth: number): number {
    const c = this.s.charCodeAt(at);
    if (c === 34) return this.string(at);
    if (c === 123) return this.object(at, depth, undefined);
    if (c === 91) return this.array(at, depth);
    if (c === 116) return this.literal(at, 'true');
    if (c === 102) return this.literal(at, 'false');
    if (c === 110) return this.literal(at, 'null');
    return this.number(at);
  }

  object(at: number, depth: number, top: ScannedLeaf | undefined): number {
    if (depth >= MAX_DEPTH) throw REFUSED;
    let i = at + 1;
    if (this.s.charCodeAt(i) === 125) return i + 1;
    let previous: string | undefined;
    for (;;) {
      if (this.s.charCodeAt(i) !== 34) throw REFUSED;
      const end = this.string(i);
      const key = this.keyText(i, end);
      if (previous !== undefined && !(previous < key)) throw REFUSED;
      previous = key;
      i = end;
      if (this.s.charCodeAt(i) !== 58) throw REFUSED;
      const start = i + 1;
      i = this.value(start, depth + 1);
      if (top !== undefined) {
        const c = this.s.charCodeAt(start);
        if (c === 34) top.strings.add(key);
        else if (key === 'index' && (c === 45 || (c >= 48 && c <= 57)))
          top.index = Number(this.s.slice(start, i));
      }
      const c = this.s.charCodeAt(i);
      if (c === 125) return i + 1;
      if (c !== 44) throw REFUSED;
      i++;
    }
  }

  array(at: number, depth: number): number {
    if (depth >= MAX_DEPTH) throw REFUSED;
    let i = at + 1;
    if (this.s.charCodeAt(i) === 93) return i + 1;
    for (;;) {
      i = this.value(i, depth + 1);
      const c = this.s.charCodeAt(i);
      if (c === 93) return i + 1;
      if (c !== 44) throw REFUSED;
      i++;
    }
  }

  /** Position after the string token at `at`; `this.escapes` says whether it held any. */
  string(at: number): number {
    const s = this.s;
    let i = at + 1;
    this.escapes = false;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 34) return i + 1;
      if (c > 92 && c < 0xd800) {
        i++;
        continue;
      }
      if (c !== c || c < 0x20) throw REFUSED; // NaN: the text ended inside the string
      if (c >= 0xd800 && c <= 0xdfff) {
        // From a fatal UTF-8 decode these come paired; check anyway, as JSON.stringify would.
        const next = s.charCodeAt(i + 1);
        if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) throw REFUSED;
        i += 2;
        continue;
      }
      if (c !== 92) {
        i++;
        continue;
      }
      this.escapes = true;
      const e = s.charCodeAt(i + 1);
      if (e === 117) {
        const hex = s.slice(i + 2, i + 6);
        if (!LOWER_HEX.test(hex)) throw REFUSED;
        const code = parseInt(hex, 16);
        // Only controls without a short escape are written as \u00XX.
        if (code >= 0x20 || code === 8 || code === 9 || code === 10 || code === 12 || code === 13)
          throw REFUSED;
        i += 6;
      } else {
        if (!SHORT_ESCAPES.has(e)) throw REFUSED;
        i += 2;
      }
    }
  }

  /** The text of the key token at `at` … `end` (JSON.parse only when it holds escapes). */
  keyText(at: number, end: number): string {
    return this.escapes
      ? (JSON.parse(this.s.slice(at, end)) as string)
      : this.s.slice(at + 1, end - 1);
  }

  number(at: number): number {
    NUMBER.lastIndex = at;
    const m = NUMBER.exec(this.s);
    if (m === null) throw REFUSED;
    const token = m[0];
    const n = Number(token);
    // The canonical form is the shortest round trip ECMAScript writes; -0 is written "0".
    if (!Number.isFinite(n) || String(n) !== token) throw REFUSED;
    return at + token.length;
  }

  literal(at: number, word: string): number {
    if (!this.s.startsWith(word, at)) throw REFUSED;
    return at + word.length;
  }
}
