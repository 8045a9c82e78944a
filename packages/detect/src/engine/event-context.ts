// Per-event working state shared by every rule that looks at one event: event and receipt times
// parsed once, the original record parsed from `raw` at most once per format (lazily: most
// events never need it), and the documents rules read.
import type { StoredEvent } from '@keywatch/protocol';
import type { Doc } from '../fields/field-doc.ts';
import type { RecordFormat } from '../fields/logsource-route.ts';
import { parseAuditdLine, parseCloudHsmBlock } from '../fields/auditd-line.ts';

export class EventContext {
  private t: number | undefined;
  private r: number | undefined;
  private nativeD: Doc | undefined;
  private readonly vendor = new Map<RecordFormat, Doc[]>();

  constructor(readonly event: StoredEvent) {}

  /** Event time (ms); the receipt time when `time` does not parse. */
  get timeMs(): number {
    if (this.t === undefined) {
      const t = Date.parse(this.event.time);
      this.t = Number.isNaN(t) ? this.receivedMs : t;
    }
    return this.t;
  }

  /** The server's receipt time (ms); the event time when absent. */
  get receivedMs(): number {
    if (this.r === undefined) {
      const r = Date.parse(this.event.received);
      this.r = Number.isNaN(r) ? Date.parse(this.event.time) : r;
    }
    return this.r;
  }

  get nativeDoc(): Doc {
    return (this.nativeD ??= {
      event: this.event,
      record: undefined,
      text: this.event.raw ?? this.event.message ?? '',
    });
  }

  /** The vendor records of `raw` in `format`; one record-less document when raw does not parse. */
  docs(format: RecordFormat): Doc[] {
    if (format === 'native') return [this.nativeDoc];
    let d = this.vendor.get(format);
    if (!d) {
      d = parseRaw(this.event, format);
      this.vendor.set(format, d);
    }
    return d;
  }
}

function parseRaw(event: StoredEvent, format: RecordFormat): Doc[] {
  const raw = event.raw;
  const none: Doc[] = [{ event, record: undefined, text: raw ?? event.message ?? '' }];
  if (raw === undefined) return none;
  if (format === 'json') {
    try {
      const v: unknown = JSON.parse(raw);
      return v !== null && typeof v === 'object' && !Array.isArray(v)
        ? [{ event, record: v as Record<string, unknown>, text: raw }]
        : none;
    } catch {
      return none;
    }
  }
  if (format === 'cloudhsm') {
    const rec = parseCloudHsmBlock(raw);
    return rec ? [{ event, record: rec, text: raw }] : none;
  }
  const out: Doc[] = [];
  for (const line of raw.split('\n')) {
    const rec = line.trim() === '' ? undefined : parseAuditdLine(line);
    if (rec) out.push({ event, record: rec, text: line });
  }
  return out.length > 0 ? out : none;
}
