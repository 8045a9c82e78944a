// Big-endian bytes ↔ BigInt, for JWK fields (RFC 7518 §6.3: base64url unsigned big-endian).
export function bytesToBigInt(b: Buffer): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${b.toString('hex')}`);
}

export function b64uToBigInt(s: string): bigint {
  return bytesToBigInt(Buffer.from(s, 'base64url'));
}

export function bigIntToB64u(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, 'hex').toString('base64url');
}
