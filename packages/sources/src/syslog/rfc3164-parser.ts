// RFC 3164 §4.1 (BSD syslog): <PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG, with the usual
// deviations met in practice: no PRI (lines read from /var/log files), an RFC 3339 stamp
// (rsyslog's high-precision format), a year after the day, no HOSTNAME, TAG[PID] without colon.
// The classic stamp has no year and no zone: the year is the one that puts it closest to `now`
// and the zone is taken as UTC (timeAssumed).
import { toUtc } from '../core/event-time.ts';
import { parsePri, type SyslogMessage, type SyslogParse } from './syslog-message.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const BSD = /^([A-Z][a-z]{2}) {1,2}(\d{1,2})(?: (\d{4}))? (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})? /;
const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) /;
const TAG = /^([A-Za-z0-9_./-]{1,48})(?:\[([^\]\s]{1,128})\])?(:)? ?/;

export function parseRfc3164(text: string, now: Date = new Date()): SyslogParse {
  const pri = parsePri(text);
  const m: SyslogMessage = { format: 'rfc3164', msg: '' };
  let rest = text;
  if (pri) [m.facility, m.severity, rest] = pri;
  else if (text.startsWith('<')) return { ok: false, reason: 'RFC 3164: PRI must be <0-191>' };
  const bsd = BSD.exec(rest);
  const iso = bsd ? null : ISO.exec(rest);
  if (bsd) {
    const month = MONTHS.indexOf(bsd[1]!);
    if (month < 0) return { ok: false, reason: `RFC 3164: unknown month "${bsd[1]}"` };
    const t = bsdTime(month, bsd, now);
    if (t === undefined) return { ok: false, reason: 'RFC 3164: TIMESTAMP is not a valid date' };
    m.timestamp = t;
    m.timeAssumed = true;
    rest = rest.slice(bsd[0].length);
  } else if (iso) {
    const t = toUtc(iso[1]);
    if (t !== undefined) m.timestamp = t;
    rest = rest.slice(iso[0].length);
  } else if (!pri) {
    return { ok: false, reason: 'RFC 3164: a line without PRI must start with a timestamp' };
  }
  if (m.timestamp !== undefined) {
    // HOSTNAME unless the next token is already the TAG ("sshd[12]:" or "sshd:").
    const sp = rest.indexOf(' ');
    const first = sp < 0 ? rest : rest.slice(0, sp);
    if (first !== '' && !/[:[\]]/.test(first) && sp > 0) {
      m.hostname = first;
      rest = rest.slice(sp + 1);
    }
  }
  const tag = TAG.exec(rest);
  if (tag && (tag[2] !== undefined || tag[3] !== undefined)) {
    m.appName = tag[1]!;
    if (tag[2] !== undefined) m.procId = tag[2];
    rest = rest.slice(tag[0].length);
  }
  m.msg = rest;
  return { ok: true, message: m };
}

function bsdTime(month: number, b: RegExpExecArray, now: Date): string | undefined {
  const day = Number(b[2]);
  const [h, mi, s] = [Number(b[4]), Number(b[5]), Number(b[6])];
  const frac = b[7] ?? '';
  const build = (year: number) => {
    const d = new Date(Date.UTC(year, month, day, h, mi, s));
    return d.getUTCMonth() === month && d.getUTCDate() === day && h < 24 && mi < 60 && s < 60
      ? d
      : undefined;
  };
  let date = b[3] ? build(Number(b[3])) : build(now.getUTCFullYear());
  if (!b[3] && date && date.getTime() > now.getTime() + 86_400_000)
    date = build(now.getUTCFullYear() - 1);
  if (!date) return undefined;
  return `${date.toISOString().slice(0, 19)}${frac}Z`;
}
