// Parses syslog text (RFC 5424 when it starts "<PRI>VERSION ", else RFC 3164) and routes each
// message to the adapter that matches it (syslog-detect.ts), with one stateful decoder per
// (source kind, HOSTNAME) so Vault pairing, auditd serials and CloudHSM blocks join per host.
import { buildEvent } from '../core/event-builder.ts';
import { decodeContext } from '../core/decode-context.ts';
import { acceptValue, createJsonDecoder, type RecordSink } from '../core/json-decoder.ts';
import { quarantine } from '../core/quarantine.ts';
import type {
  DecoderOptions,
  NormalizedRecord,
  SourceDecoder,
  SourceKind,
} from '../core/record-types.ts';
import { finishText } from '../redact/raw-redaction.ts';
import { redactJson } from '../redact/json-redaction.ts';
import { createAuditdDecoder } from '../auditd/auditd-decoder.ts';
import { createCloudHsmDecoder } from '../cloudhsm/cloudhsm-decoder.ts';
import { sinkFor, WRAPPERS } from '../record-sinks.ts';
import { detectSource } from './syslog-detect.ts';
import { syslogDraft, syslogMeta } from './syslog-event.ts';
import type { SyslogMessage } from './syslog-message.ts';
import { parseRfc3164 } from './rfc3164-parser.ts';
import { parseRfc5424 } from './rfc5424-parser.ts';

interface Route {
  sink?: RecordSink;
  decoder?: SourceDecoder;
  ctx: ReturnType<typeof decodeContext>;
}

const MAX_ROUTES = 1024;
const RFC5424 = /^<\d{1,3}>[1-9]\d? /;

export class SyslogRouter {
  private readonly routes = new Map<string, Route>();
  private readonly ctx;

  constructor(private readonly options: DecoderOptions) {
    this.ctx = decodeContext('syslog', options);
  }

  /** One syslog message as text (a frame, a datagram, or a line of a log file). */
  push(text: string): NormalizedRecord[] {
    const parsed = RFC5424.test(text) ? parseRfc5424(text) : parseRfc3164(text, this.ctx.now());
    if (!parsed.ok) return quarantine('invalid_syntax', parsed.reason, text, this.ctx);
    return this.route(parsed.message, text);
  }

  route(m: SyslogMessage, text: string): NormalizedRecord[] {
    const d = detectSource(m);
    if (d.kind === 'syslog') {
      const red = finishText({ raw: text, findings: [], reserialized: false }, this.ctx.hmacKey);
      const msg = finishText(
        { raw: m.msg, findings: [], reserialized: false },
        this.ctx.hmacKey,
      ).raw;
      const safe: SyslogMessage = { ...m };
      if (m.structuredData) {
        const sd = redactJson(m.structuredData, this.ctx.hmacKey);
        safe.structuredData = sd.value as SyslogMessage['structuredData'] & object;
        red.findings.push(...sd.findings);
      }
      return buildEvent(syslogDraft(safe, msg), red.raw, red.findings, this.ctx);
    }
    const r = this.routeFor(d.kind, m.hostname);
    let out: NormalizedRecord[];
    if (r.sink && d.json !== undefined)
      out = acceptValue(d.json, m.msg.trim(), r.sink, r.ctx, WRAPPERS[d.kind] ?? []);
    else {
      const lines = m.msg.split(/\r?\n/);
      out = lines.flatMap((l) => r.decoder!.push(l));
      // A whole CloudHSM block in one message is complete when the message ends.
      if (d.kind === 'cloudhsm' && lines.length > 1) out.push(...r.decoder!.flush());
    }
    const meta = syslogMeta(m);
    for (const rec of out)
      if (rec.kind === 'event') rec.event.detail = { ...rec.event.detail, syslog: meta };
    return out;
  }

  flush(): NormalizedRecord[] {
    const out: NormalizedRecord[] = [];
    for (const r of this.routes.values())
      out.push(...(r.decoder?.flush() ?? r.sink?.flush?.() ?? []));
    return out;
  }

  private routeFor(kind: Exclude<SourceKind, 'syslog'>, host: string | undefined): Route {
    const key = `${kind}\u0000${host ?? ''}`;
    let r = this.routes.get(key);
    if (r) return r;
    const opts: DecoderOptions = { ...this.options };
    if (host !== undefined) opts.host = host;
    const ctx = decodeContext(kind, opts);
    if (kind === 'auditd') r = { ctx, decoder: createAuditdDecoder(ctx, opts) };
    else if (kind === 'cloudhsm') r = { ctx, decoder: createCloudHsmDecoder(ctx, opts) };
    else {
      const sink = sinkFor(kind, ctx, opts);
      r = { ctx, sink, decoder: createJsonDecoder(sink, ctx, WRAPPERS[kind] ?? []) };
    }
    if (this.routes.size >= MAX_ROUTES)
      this.routes.delete(this.routes.keys().next().value as string);
    this.routes.set(key, r);
    return r;
  }
}

export function createSyslogDecoder(options: DecoderOptions): SourceDecoder {
  const router = new SyslogRouter(options);
  return {
    push: (line) => (line.trim() === '' ? [] : router.push(line)),
    flush: () => router.flush(),
  };
}
