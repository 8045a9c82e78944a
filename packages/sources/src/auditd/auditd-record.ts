// Parses one auditd record line: `[node=N ]type=T msg=audit(SECS.MSEC:SERIAL): key=value …`
// (Red Hat Security Guide, "Understanding Audit Log Files"). User-space records nest their
// fields in msg='…'; the ENRICHED format appends `UID="root" AUID="…"` after a 0x1D byte.
export interface AuditdRecord {
  node?: string;
  type: string;
  secs: string;
  msec: string;
  serial: string;
  fields: Map<string, string>;
  /** Fields that were unquoted hex (exe, cmd, proctitle, a0…): the raw hex text. */
  hex: Map<string, string>;
  enriched: Map<string, string>;
  line: string;
}

const HEAD =
  /^(?:node=(\S+) )?type=([A-Za-z0-9_[\]]+) msg=audit\((\d{1,12})\.(\d{1,9}):(\d{1,20})\):\s?([\s\S]*)$/;
// Fields that auditd hex-encodes when the value has spaces or unsafe bytes (auparse interpret).
const HEX_FIELDS = /^(?:exe|cmd|proctitle|data|name|cwd|comm|acct|path|a\d+|new|old|root_dir|sw)$/;

export function parseAuditdLine(line: string): AuditdRecord | string {
  const m = HEAD.exec(line);
  if (!m) return 'not an auditd record: expected "type=… msg=audit(<secs>.<msec>:<serial>):"';
  const [, node, type, secs, msec, serial, rest] = m;
  const sep = rest!.indexOf('\x1d');
  const body = sep >= 0 ? rest!.slice(0, sep) : rest!;
  const rec: AuditdRecord = {
    type: type!,
    secs: secs!,
    msec: msec!,
    serial: serial!,
    fields: new Map(),
    hex: new Map(),
    enriched: sep >= 0 ? pairs(rest!.slice(sep + 1)) : new Map<string, string>(),
    line,
  };
  if (node !== undefined) rec.node = node;
  for (const [k, v] of pairs(body, rec)) {
    // Enriched fields written without 0x1D (a space, or nothing after res=…) are upper-case.
    if (/^(?:UID|AUID|ID|GID|EUID|SUID|FSUID|EGID|SGID|FSGID|ARCH|SYSCALL)$/.test(k) && sep < 0)
      rec.enriched.set(k, v);
    else if (!rec.fields.has(k)) rec.fields.set(k, v);
  }
  return rec;
}

/** key=value tokenizer; '…' values are parsed again (user-space msg), "…" values are literal. */
function pairs(text: string, rec?: AuditdRecord): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ') i++;
    const eq = text.indexOf('=', i);
    const sp = text.indexOf(' ', i);
    if (eq < 0) break;
    if (sp >= 0 && sp < eq) {
      i = sp + 1; // a bare word ("user", "auditd normal halt,")
      continue;
    }
    const key = text.slice(i, eq);
    let j = eq + 1;
    let value: string;
    const q = text[j];
    if (q === "'" || q === '"') {
      const end = text.indexOf(q, j + 1);
      value = text.slice(j + 1, end < 0 ? text.length : end);
      j = end < 0 ? text.length : end + 1;
      if (q === "'") for (const [k, v] of pairs(value, rec)) if (!out.has(k)) out.set(k, v);
    } else {
      const end = text.indexOf(' ', j);
      value = text.slice(j, end < 0 ? text.length : end);
      j = end < 0 ? text.length : end;
      if (
        rec &&
        HEX_FIELDS.test(key) &&
        value.length >= 2 &&
        value.length % 2 === 0 &&
        /^[0-9A-F]+$/.test(value)
      ) {
        rec.hex.set(key, value);
        value = Buffer.from(value, 'hex').toString('utf8');
      }
    }
    if (!out.has(key)) out.set(key, value);
    i = j;
  }
  return out;
}
