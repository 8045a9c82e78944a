// Character rules shared by signed notes and key names (c2sp.org/signed-note §Format): valid UTF-8
// (in a JS string: no lone surrogates), no ASCII control character but LF, key names without
// Unicode spaces or '+'.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_BUT_LF = /[\x00-\x09\x0B-\x1F]/;
// Go's unicode.IsSpace (which golang.org/x/mod/sumdb/note uses), plus '+'.
const NOT_IN_KEY_NAME =
  /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000+]/;

/** True when `text` holds an ASCII control character other than LF (U+000A). */
export function hasControlButLf(text: string): boolean {
  return CONTROL_BUT_LF.test(text);
}

export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** Signed notes MUST be valid UTF-8 and MUST NOT contain ASCII control characters other than LF. */
export function isValidNoteText(text: string): boolean {
  return !hasControlButLf(text) && isWellFormedText(text);
}

/** Key names MUST be non-empty and MUST NOT contain Unicode spaces or '+'. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !NOT_IN_KEY_NAME.test(name) && isValidNoteText(name);
}
