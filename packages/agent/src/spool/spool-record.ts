// The spool's record framing: a 16-byte header — payload length (u32 LE), CRC-32 (u32 LE) of the
// sequence number and payload, sequence number (u64 LE) — then the payload. A torn or bit-flipped
// record fails the CRC (zlib.crc32, in Node since 20.15; no native addon).
import { crc32 } from 'node:zlib';

export const HEADER_BYTES = 16;
/** Larger than any event the server accepts (60,000 bytes), far below what a torn length could claim. */
export const MAX_PAYLOAD_BYTES = 1 << 20;

export interface SpoolRecord {
  seq: number;
  payload: Buffer;
}

export function encodeRecord(seq: number, payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeBigUInt64LE(BigInt(seq), 8);
  payload.copy(out, HEADER_BYTES);
  out.writeUInt32LE(crc32(out.subarray(8)), 4);
  return out;
}

export type Decoded =
  | { kind: 'record'; record: SpoolRecord; size: number }
  /** Not enough bytes for the whole record: a torn tail, or read more. */
  | { kind: 'short'; need: number }
  | { kind: 'corrupt'; reason: string };

/** Decodes the record at `offset` of `buf`. */
export function decodeRecord(buf: Buffer, offset: number): Decoded {
  if (buf.length - offset < HEADER_BYTES) return { kind: 'short', need: HEADER_BYTES };
  const length = buf.readUInt32LE(offset);
  if (length > MAX_PAYLOAD_BYTES) return { kind: 'corrupt', reason: `length ${length}` };
  const size = HEADER_BYTES + length;
  if (buf.length - offset < size) return { kind: 'short', need: size };
  const body = buf.subarray(offset + 8, offset + size);
  if (crc32(body) !== buf.readUInt32LE(offset + 4))
    return { kind: 'corrupt', reason: 'CRC mismatch' };
  const seq = Number(buf.readBigUInt64LE(offset + 8));
  return { kind: 'record', record: { seq, payload: Buffer.from(body.subarray(8)) }, size };
}
