// The public entry point: one decoder per source kind, all of the same shape (issue 3).
import { decodeContext } from './core/decode-context.ts';
import { createJsonDecoder, DEFAULT_MAX_RECORD_CHARS } from './core/json-decoder.ts';
import type { DecoderOptions, SourceDecoder, SourceKind } from './core/record-types.ts';
import { sinkFor, WRAPPERS } from './record-sinks.ts';
import { createCloudHsmDecoder } from './cloudhsm/cloudhsm-decoder.ts';
import { createAuditdDecoder } from './auditd/auditd-decoder.ts';
import { createSyslogDecoder } from './syslog/syslog-router.ts';

export function createDecoder(kind: SourceKind, options: DecoderOptions): SourceDecoder {
  const ctx = decodeContext(kind, options);
  switch (kind) {
    case 'cloudhsm':
      return createCloudHsmDecoder(ctx, options);
    case 'auditd':
      return createAuditdDecoder(ctx, options);
    case 'syslog':
      return createSyslogDecoder(options);
    default:
      return createJsonDecoder(
        sinkFor(kind, ctx, options),
        ctx,
        WRAPPERS[kind] ?? [],
        options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS,
      );
  }
}
