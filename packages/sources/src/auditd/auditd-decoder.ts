// Joins auditd records into events by msg=audit(time:serial). User-space records are whole
// events; kernel records (SYSCALL, PATH, CWD, EXECVE…) wait until the event's PROCTITLE or EOE
// record, until a record more than 2 s newer arrives (auparse's default end_of_event_timeout),
// until 32 events are open, or until flush.
import { buildEvent, type BuildContext } from '../core/event-builder.ts';
import { quarantine } from '../core/quarantine.ts';
import type { DecoderOptions, NormalizedRecord, SourceDecoder } from '../core/record-types.ts';
import { finishText } from '../redact/raw-redaction.ts';
import { hashSecret } from '../redact/secret-hash.ts';
import { redactText, type KeyFinding } from '../redact/text-redaction.ts';
import { parseAuditdLine, type AuditdRecord } from './auditd-record.ts';
import { MULTI } from './auditd-types.ts';
import { auditdDraft } from './auditd-event.ts';

const MAX_OPEN = 32;
const TIMEOUT_S = 2;

export function createAuditdDecoder(ctx: BuildContext, options: DecoderOptions): SourceDecoder {
  const open = new Map<string, AuditdRecord[]>();

  const emit = (records: AuditdRecord[]): NormalizedRecord[] => {
    let raw = records.map((r) => r.line).join('\n');
    const findings = records.flatMap((r) =>
      protect(r, ctx.hmacKey, (from, to) => (raw = raw.split(from).join(to))),
    );
    const red = finishText({ raw, findings, reserialized: false }, ctx.hmacKey);
    return buildEvent(
      auditdDraft(records, ctx.host, options.auditdUserRoles),
      red.raw,
      red.findings,
      ctx,
    );
  };
  const close = (key: string): NormalizedRecord[] => {
    const records = open.get(key);
    open.delete(key);
    return records ? emit(records) : [];
  };

  return {
    push(line) {
      if (line.trim() === '') return [];
      const rec = parseAuditdLine(line);
      if (typeof rec === 'string') return quarantine('invalid_syntax', rec, line, ctx);
      const key = `${rec.node ?? ''}:${rec.secs}.${rec.msec}:${rec.serial}`;
      const out: NormalizedRecord[] = [];
      for (const [k, records] of open) {
        const age = Number(rec.secs) - Number(records[0]!.secs);
        if (k !== key && (age > TIMEOUT_S || open.size > MAX_OPEN)) out.push(...close(k));
      }
      if (rec.type === 'EOE') return [...out, ...close(key)];
      const pending = open.get(key);
      if (pending) pending.push(rec);
      else if (MULTI.has(rec.type)) open.set(key, [rec]);
      else return [...out, ...emit([rec])];
      if (rec.type === 'PROCTITLE') out.push(...close(key));
      return out;
    },
    flush() {
      return [...open.keys()].flatMap((k) => close(k));
    },
  };
}

/** Keystrokes (TTY data) are secrets; every other (decoded) value gets key-material and
 *  inline-secret redaction. Both are rewritten in the record and, via `replace`, in raw. */
function protect(
  r: AuditdRecord,
  key: string | Uint8Array,
  replace: (from: string, to: string) => void,
): KeyFinding[] {
  const findings: KeyFinding[] = [];
  if (r.type === 'TTY' || r.type === 'USER_TTY') {
    const data = r.fields.get('data');
    if (data !== undefined && data !== '') {
      const h = hashSecret(key, data);
      r.fields.set('data', h);
      replace(r.hex.get('data') ?? data, h);
    }
  }
  for (const [k, v] of r.fields) {
    if (k === 'data' && r.type.endsWith('TTY')) continue;
    const t = redactText(v, key, k);
    if (t.text === v) continue;
    findings.push(...t.findings);
    r.fields.set(k, t.text);
    replace(
      r.hex.get(k) ?? v,
      r.hex.has(k) ? Buffer.from(t.text).toString('hex').toUpperCase() : t.text,
    );
  }
  return findings;
}
