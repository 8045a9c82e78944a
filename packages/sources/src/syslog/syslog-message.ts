// The parsed form shared by the RFC 5424 and RFC 3164 parsers.
export type StructuredData = Record<string, Record<string, string | string[]>>;

export interface SyslogMessage {
  format: 'rfc5424' | 'rfc3164';
  /** PRI (RFC 5424 §6.2.1); undefined when a file line carries none. */
  facility?: number;
  severity?: number;
  /** RFC 3339 UTC, or undefined for NILVALUE / unparseable. */
  timestamp?: string;
  /** RFC 3164 stamps have no year or zone: true when both were assumed. */
  timeAssumed?: boolean;
  hostname?: string;
  appName?: string;
  procId?: string;
  msgId?: string;
  structuredData?: StructuredData;
  msg: string;
  /** RFC 5424 §6.4: MSG began with a UTF-8 BOM. */
  bom?: boolean;
}

export type SyslogParse = { ok: true; message: SyslogMessage } | { ok: false; reason: string };

/** "<PRI>" at the start → [facility, severity, rest] (RFC 5424 §6.2.1, RFC 3164 §4.1.1). */
export function parsePri(text: string): [number, number, string] | undefined {
  const m = /^<(\d{1,3})>/.exec(text);
  if (!m) return undefined;
  const pri = Number(m[1]);
  if (pri > 191 || (m[1]!.length > 1 && m[1]!.startsWith('0'))) return undefined;
  return [pri >> 3, pri & 7, text.slice(m[0].length)];
}
