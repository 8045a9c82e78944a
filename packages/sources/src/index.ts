// @keywatch/sources: one adapter per KMS audit source, all of one shape (createDecoder → push /
// flush → NormalizedRecord), secret hashing and key-material redaction, syslog parsing and
// listening, and a rotation-safe file tailer.
export { createDecoder } from './create-decoder.ts';
export { decodeLines, decodeRecord } from './decode-record.ts';
export { decodeFile, decodeStream } from './file-decoding.ts';
export { SOURCE_KINDS } from './core/record-types.ts';
export type {
  DecoderOptions,
  NormalizedRecord,
  RoleMap,
  SourceDecoder,
  SourceKind,
} from './core/record-types.ts';
export { SourceError, SOURCE_ERROR_CODES, QUARANTINE_CODES } from './core/source-error.ts';
export type { QuarantineCode, SourceErrorCode } from './core/source-error.ts';
export { hashSecret } from './redact/secret-hash.ts';
export { parseRfc5424 } from './syslog/rfc5424-parser.ts';
export { parseRfc3164 } from './syslog/rfc3164-parser.ts';
export type { SyslogMessage, SyslogParse, StructuredData } from './syslog/syslog-message.ts';
export { SyslogRouter } from './syslog/syslog-router.ts';
export { SyslogFramer } from './syslog/syslog-framer.ts';
export type { Frame } from './syslog/syslog-framer.ts';
export { SyslogListener } from './syslog/syslog-listener.ts';
export type {
  ListenerStats,
  ReceiveMeta,
  SyslogListenerOptions,
  Transport,
} from './syslog/syslog-listener.ts';
export { FileTailer } from './tail/file-tailer.ts';
export type { FileTailerOptions, TailBatch } from './tail/file-tailer.ts';
export { readTailState, writeTailState } from './tail/tail-state.ts';
export type { TailState } from './tail/tail-state.ts';
