// Decodes whole files and byte streams, gunzipping them when they start with the gzip magic
// bytes (RFC 1952 §2.3.1: 1f 8b) — CloudTrail delivers `…_CloudTrail_….json.gz` objects.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { DecoderOptions, NormalizedRecord, SourceKind } from './core/record-types.ts';
import { createDecoder } from './create-decoder.ts';

async function* bytes(input: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  for await (const c of input) yield typeof c === 'string' ? Buffer.from(c) : c;
}

/** Yields the records of a (possibly gzipped) stream, one batch per input line. */
export async function* decodeStream(
  kind: SourceKind,
  input: AsyncIterable<Buffer | string>,
  options: DecoderOptions,
): AsyncGenerator<NormalizedRecord[]> {
  const it = bytes(input)[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const rest = { [Symbol.asyncIterator]: () => it };
  let body: Readable = Readable.from(
    (async function* () {
      yield first.value;
      yield* rest;
    })(),
  );
  if (first.value[0] === 0x1f && first.value[1] === 0x8b) body = body.pipe(createGunzip());
  const decoder = createDecoder(kind, options);
  for await (const line of createInterface({ input: body, crlfDelay: Infinity })) {
    const out = decoder.push(line);
    if (out.length > 0) yield out;
  }
  const tail = decoder.flush();
  if (tail.length > 0) yield tail;
}

/** Decodes a whole file (plain or gzip) into its records. */
export async function decodeFile(
  kind: SourceKind,
  path: string,
  options: DecoderOptions,
): Promise<NormalizedRecord[]> {
  const out: NormalizedRecord[] = [];
  for await (const batch of decodeStream(kind, createReadStream(path), options)) out.push(...batch);
  return out;
}
