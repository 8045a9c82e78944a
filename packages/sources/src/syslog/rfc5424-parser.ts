// RFC 5424 §6: HEADER SP STRUCTURED-DATA [SP MSG]. NILVALUE "-" leaves a field undefined;
// SD-PARAM values unescape \" \\ \] (§6.3.3); a leading BOM marks UTF-8 MSG (§6.4).
import { toUtc } from '../core/event-time.ts';
import {
  parsePri,
  type StructuredData,
  type SyslogMessage,
  type SyslogParse,
} from './syslog-message.ts';

const NAME = /^[!-~]+$/;

function field(tok: string | undefined, max: number, what: string): string | undefined | Error {
  if (tok === undefined || tok === '') return new Error(`${what} is missing`);
  if (tok === '-') return undefined;
  if (tok.length > max || !NAME.test(tok))
    return new Error(`${what} is not 1-${max} printable US-ASCII characters`);
  return tok;
}

export function parseRfc5424(text: string): SyslogParse {
  const pri = parsePri(text);
  if (!pri) return { ok: false, reason: 'RFC 5424: PRI must be <0-191>' };
  const [facility, severity, rest] = pri;
  const parts: string[] = [];
  let i = 0;
  for (let n = 0; n < 6; n++) {
    const sp = rest.indexOf(' ', i);
    if (sp < 0)
      return {
        ok: false,
        reason:
          'RFC 5424: header is truncated (needs VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID)',
      };
    parts.push(rest.slice(i, sp));
    i = sp + 1;
  }
  const [version, ts, host, app, proc, msgid] = parts;
  if (!/^[1-9]\d?$/.test(version ?? ''))
    return { ok: false, reason: 'RFC 5424: VERSION must be 1-99' };
  const m: SyslogMessage = { format: 'rfc5424', facility, severity, msg: '' };
  if (ts !== '-') {
    const t = toUtc(ts);
    if (t === undefined)
      return {
        ok: false,
        reason: `RFC 5424: TIMESTAMP "${(ts ?? '').slice(0, 40)}" is not RFC 3339 with a zone`,
      };
    m.timestamp = t;
  }
  const checks: [keyof SyslogMessage, string | undefined, number, string][] = [
    ['hostname', host, 255, 'HOSTNAME'],
    ['appName', app, 48, 'APP-NAME'],
    ['procId', proc, 128, 'PROCID'],
    ['msgId', msgid, 32, 'MSGID'],
  ];
  for (const [key, tok, max, what] of checks) {
    const v = field(tok, max, what);
    if (v instanceof Error) return { ok: false, reason: `RFC 5424: ${v.message}` };
    if (v !== undefined) (m as unknown as Record<string, unknown>)[key] = v;
  }
  const sd = parseSd(rest, i);
  if (typeof sd === 'string') return { ok: false, reason: `RFC 5424: STRUCTURED-DATA ${sd}` };
  if (sd.data) m.structuredData = sd.data;
  let msg = rest.slice(sd.end);
  if (msg.startsWith(' ')) msg = msg.slice(1);
  else if (msg !== '')
    return { ok: false, reason: 'RFC 5424: MSG must follow STRUCTURED-DATA after one space' };
  if (msg.startsWith('\uFEFF')) {
    m.bom = true;
    msg = msg.slice(1);
  }
  m.msg = msg;
  return { ok: true, message: m };
}

function parseSd(text: string, start: number): { data?: StructuredData; end: number } | string {
  if (text[start] === '-') return { end: start + 1 };
  if (text[start] !== '[') return 'must be "-" or start with "["';
  const data: StructuredData = {};
  let i = start;
  while (text[i] === '[') {
    const idEnd = text.slice(i + 1).search(/[ \]]/);
    if (idEnd <= 0) return 'has an empty or unterminated SD-ID';
    const id = text.slice(i + 1, i + 1 + idEnd);
    if (id.length > 32 || /[="]/.test(id)) return `SD-ID "${id.slice(0, 40)}" is invalid`;
    const params: Record<string, string | string[]> = data[id] ?? {};
    i += 1 + idEnd;
    while (text[i] === ' ') {
      const eq = text.indexOf('=', i + 1);
      if (eq < 0 || text[eq + 1] !== '"') return `element ${id}: PARAM must be name="value"`;
      const name = text.slice(i + 1, eq);
      if (name === '' || name.length > 32 || /[ \]"]/.test(name))
        return `element ${id}: PARAM-NAME is invalid`;
      let j = eq + 2;
      let value = '';
      for (; j < text.length && text[j] !== '"'; j++) {
        if (
          text[j] === '\\' &&
          (text[j + 1] === '"' || text[j + 1] === '\\' || text[j + 1] === ']')
        )
          j++;
        value += text[j];
      }
      if (j >= text.length) return `element ${id}: PARAM-VALUE is unterminated`;
      const prev = params[name];
      params[name] =
        prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
      i = j + 1;
    }
    if (text[i] !== ']') return `element ${id} is not closed by "]"`;
    data[id] = params;
    i++;
  }
  return { data, end: i };
}
