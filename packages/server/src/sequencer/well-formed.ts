// The server's own records (access records, login attempts, quarantine notices …) must be written
// even when they quote what a client sent, and JSON can carry what no RFC 8785 leaf holds: a lone
// UTF-16 surrogate ("\ud800" is valid JSON), a number JSON.parse made infinite, nesting past the
// leaf's limit. Such a record is stored with those parts replaced (U+FFFD, null, a marker), not
// refused: a refused record would be an unrecorded action.
import { MAX_JCS_DEPTH } from '@keywatch/auditlog';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function wellFormed(value: unknown, depth = 0): unknown {
  switch (typeof value) {
    case 'string':
      return value.replace(LONE_SURROGATE, '\uFFFD');
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object': {
      if (value === null) return null;
      // Room for the stored event's own level and the replacement string.
      if (depth >= MAX_JCS_DEPTH - 2) return '[nested too deep]';
      if (Array.isArray(value)) return value.map((v: unknown) => wellFormed(v, depth + 1));
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value))
        out[wellFormed(k) as string] = wellFormed(v, depth + 1);
      return out;
    }
    case 'bigint':
      return value.toString();
    default:
      return value;
  }
}
