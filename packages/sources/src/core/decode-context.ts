// Checks decoder options once and turns them into the context every adapter shares.
import type { BuildContext } from './event-builder.ts';
import { SOURCE_KINDS, type DecoderOptions, type SourceKind } from './record-types.ts';
import { SourceError } from './source-error.ts';

export function decodeContext(kind: SourceKind, options: DecoderOptions): BuildContext {
  if (!(SOURCE_KINDS as readonly string[]).includes(kind)) {
    throw new SourceError(
      'UNKNOWN_SOURCE',
      `unknown source kind "${String(kind)}"; expected one of ${SOURCE_KINDS.join(', ')}`,
    );
  }
  const key: unknown = options?.hmacKey;
  if (!(typeof key === 'string' || key instanceof Uint8Array) || key.length < 16) {
    throw new SourceError(
      'INVALID_OPTIONS',
      'options.hmacKey must be a string or bytes of at least 16 characters',
    );
  }
  const max = options.maxRecordChars;
  if (max !== undefined && (!Number.isInteger(max) || max < 1024)) {
    throw new SourceError('INVALID_OPTIONS', 'options.maxRecordChars must be an integer ≥ 1024');
  }
  return { kind, hmacKey: key, now: options.now ?? (() => new Date()), host: options.host };
}
