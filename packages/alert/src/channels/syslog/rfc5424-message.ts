// An alert notification as an RFC 5424 syslog message, for a SIEM:
//   <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD-ID param="value" …] BOM MSG
// PRI = facility · 8 + severity (§6.2.1); MSGID is the change type; the structured data element
// carries every fact a SIEM correlates on, so that a truncated MSG (UDP) loses nothing essential.
// Param values escape '"', '\' and ']' (§6.3.3); MSG is UTF-8 with a BOM (§6.4).
import type { NotificationPayload } from '../../notify/notification-payload.ts';
import type { AlertSeverity } from '../../model/alert-model.ts';

/** RFC 5424 §6.2.1 severities for alert severities. */
const SYSLOG_SEVERITY: Record<AlertSeverity, number> = {
  critical: 2, // Critical
  high: 3, // Error
  medium: 4, // Warning
  low: 5, // Notice
  info: 6, // Informational
};

export interface Rfc5424Options {
  /** §6.2.1 facility code; default 13 (log audit). */
  facility?: number;
  hostname?: string;
  appName?: string;
  /**
   * SD-ID (§6.3.2): a private one is name@<IANA enterprise number>. Default keywatch@32473
   * (32473 is the number RFC 5612 reserves for documentation): set your organisation's own.
   */
  sdId?: string;
}

const BOM = '\u{FEFF}';

export function rfc5424Message(p: NotificationPayload, o: Rfc5424Options = {}): string {
  const a = p.alert;
  const pri = (o.facility ?? 13) * 8 + SYSLOG_SEVERITY[a.severity];
  const header = [
    `<${pri}>1`,
    p.time,
    headerField(o.hostname, 255),
    headerField(o.appName ?? 'keywatch', 48),
    '-',
    headerField(p.type, 32),
  ].join(' ');
  const params: [string, string | number][] = [
    ['notification_id', p.id],
    ['alert_id', a.id],
    ['rule_id', a.rule.id],
    ['severity', a.severity],
    ['status', a.status],
    ['count', a.count],
    ['first_seen', a.first_seen],
    ['last_seen', a.last_seen],
    ['event_indexes', a.event_indexes.join(',')],
    ['tags', a.tags.join(',')],
    ['actor', `${p.actor.id} (${p.actor.role})`],
  ];
  const sd = `[${o.sdId ?? 'keywatch@32473'}${params.map(([k, v]) => ` ${k}="${escapeParam(String(v))}"`).join('')}]`;
  const text = `${a.rule.title}: ${a.summary}${p.comment ? ` (comment: ${p.comment})` : ''}`;
  return `${header} ${sd} ${BOM}${text.replace(/[\r\n]+/g, ' ')}`;
}

/** Cuts the message to at most `maxBytes` UTF-8 octets without splitting a character. */
export function truncateUtf8(message: string, maxBytes: number): Buffer {
  const bytes = Buffer.from(message, 'utf8');
  if (bytes.length <= maxBytes) return bytes;
  let end = maxBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--; // back off continuation bytes
  return bytes.subarray(0, end);
}

function escapeParam(v: string): string {
  return v.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** Header fields are printable US-ASCII without spaces (§6.2); '-' is the nil value. */
function headerField(v: string | undefined, max: number): string {
  const clean = (v ?? '').replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return clean === '' ? '-' : clean;
}
