// A syslog message no adapter recognised becomes a generic `syslog.message` event, kept whole:
// the reporting program is the actor (RFC 5424 has no initiator), the PRI severity ranks it
// (RFC 5424 §6.2.1 Table 2; it says nothing about success, so outcome is unknown), and
// [meta sequenceId] (§7.3.1) and [origin ip] (§7.2.1) are used when present.
import type { Severity } from '@keywatch/protocol';
import type { EventDraft } from '../core/event-builder.ts';
import type { SyslogMessage } from './syslog-message.ts';

const SEVERITY: readonly Severity[] = [
  'critical',
  'critical',
  'high',
  'medium',
  'low',
  'info',
  'info',
  'debug',
];
const FACILITY = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'security',
  'console',
  'solaris-cron',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
];

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function syslogMeta(m: SyslogMessage): Record<string, unknown> {
  const meta: Record<string, unknown> = { format: m.format };
  if (m.hostname !== undefined) meta['hostname'] = m.hostname;
  if (m.appName !== undefined) meta['app_name'] = m.appName;
  if (m.procId !== undefined) meta['proc_id'] = m.procId;
  if (m.msgId !== undefined) meta['msg_id'] = m.msgId;
  if (m.facility !== undefined) meta['facility'] = FACILITY[m.facility] ?? m.facility;
  if (m.severity !== undefined) meta['severity'] = m.severity;
  if (m.timeAssumed) meta['time_zone_assumed'] = 'UTC';
  if (m.bom) meta['bom'] = true;
  return meta;
}

export function syslogDraft(m: SyslogMessage, message: string): EventDraft {
  const seq = Number(first(m.structuredData?.['meta']?.['sequenceId']));
  return {
    time: m.timestamp,
    type: 'syslog.message',
    operation: m.msgId ?? m.appName ?? 'syslog',
    outcome: 'unknown',
    actor: { id: m.appName, type: 'process', ip: first(m.structuredData?.['origin']?.['ip']) },
    source: { host: m.hostname, seq: Number.isSafeInteger(seq) && seq >= 0 ? seq : undefined },
    severity: m.severity === undefined ? 'info' : SEVERITY[m.severity],
    message,
    detail: { syslog: syslogMeta(m), structured_data: m.structuredData },
  };
}
