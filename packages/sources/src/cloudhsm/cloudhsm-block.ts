// Parses one CloudHSM audit text block into its fields. Separators vary between blocks
// (`Field : value`, `Field: value`, `Field<TAB>: value` — see the samples' SOURCE.md), so a
// field is everything before the first colon, trimmed.
export interface HsmBlock {
  fields: Map<string, string>;
  unparsed: string[];
}

export function parseBlock(lines: readonly string[]): HsmBlock {
  const fields = new Map<string, string>();
  const unparsed: string[] = [];
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i <= 0) {
      if (line.trim() !== '') unparsed.push(line);
      continue;
    }
    const name = line.slice(0, i).trim();
    if (!fields.has(name)) fields.set(name, line.slice(i + 1).trim());
  }
  return { fields, unparsed };
}

/** "CN_LOGIN (0xd)" → ["CN_LOGIN", "0xd"]. */
export function nameAndCode(value: string | undefined): [string | undefined, string | undefined] {
  if (value === undefined) return [undefined, undefined];
  const m = /^([A-Za-z0-9_]+)\s*(?:\((0x[0-9a-fA-F]+|\d+)\))?/.exec(value);
  return m ? [m[1], m[2]] : [value, undefined];
}

/** "0x1d" or "29" → 29; undefined when not a non-negative safe integer. */
export function parseNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const n = /^0x[0-9a-f]{1,13}$/i.test(v)
    ? parseInt(v, 16)
    : /^\d{1,15}$/.test(v)
      ? Number(v)
      : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
