// One auditd record line → a flat field map with Sigma's auditd field names (`type`, `exe`,
// `name`, `key`, `auid`…). User-space records nest their payload in msg='…'; its fields are
// lifted to the top (the outer header wins on a clash). Unquoted hex values of the fields auditd
// hex-encodes when they hold spaces or control bytes are decoded (Red Hat Security Guide,
// "Understanding Audit Log Files"; audit-userspace `audit_log_untrustedstring`).

const HEX_FIELDS = new Set([
  'exe',
  'comm',
  'name',
  'cwd',
  'path',
  'proctitle',
  'cmd',
  'acct',
  'key',
  'data',
  'old',
  'new',
]);
const HEX = /^(?:[0-9A-F]{2})+$/;
// 0x1D (group separator) starts the ENRICHED part of a record; it ends an unquoted value.
const PAIR = new RegExp(
  `([A-Za-z0-9_-]+)=("([^"]*)"?|'([^']*)'?|[^\\s${String.fromCharCode(0x1d)}]*)`,
  'g',
);

export function parseAuditdLine(line: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let inner: Record<string, unknown> | undefined;
  let any = false;
  for (const m of line.matchAll(PAIR)) {
    const key = m[1]!;
    any = true;
    if (m[4] !== undefined && key === 'msg') {
      inner = parseAuditdLine(m[4]);
      continue;
    }
    if (Object.hasOwn(out, key)) continue;
    put(out, key, m[3] ?? m[4] ?? decodeHex(key, m[2]!));
  }
  if (!any) return undefined;
  if (inner) for (const [k, v] of Object.entries(inner)) if (!Object.hasOwn(out, k)) put(out, k, v);
  return out;
}

/**
 * Sets an own field, "__proto__" too (an assignment would set the prototype and drop it). The
 * same five lines as setMember in protocol's validate-event.ts: importing a value of
 * @keywatch/protocol here would load the whole package (and compile its schema) in the detection
 * thread, ~300 ms more at its start.
 */
function put(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k !== '__proto__') o[k] = v;
  else
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function decodeHex(key: string, v: string): string {
  if (!HEX_FIELDS.has(key) || !HEX.test(v)) return v;
  const s = Buffer.from(v, 'hex').toString('utf8');
  return key === 'proctitle' ? s.replace(/\0/g, ' ') : s;
}

/** A CloudHSM audit block (`Key : Value` lines, spacing varies) → its fields by label. */
export function parseCloudHsmBlock(text: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const key = line.slice(0, i).trim();
    if (key === '' || Object.hasOwn(out, key)) continue;
    put(out, key, line.slice(i + 1).trim());
    any = true;
  }
  return any ? out : undefined;
}
