// AES-CMAC, RFC 4493, on node's AES-ECB (one block at a time; no native addon).
import { createCipheriv } from 'node:crypto';

const BLOCK = 16;
const RB = 0x87; // RFC 4493 §2.3: the constant for 128-bit blocks

function aesBlock(key: Buffer, block: Buffer): Buffer {
  const c = createCipheriv(`aes-${key.length * 8}-ecb`, key, null).setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

/** RFC 4493 §2.3 Generate_Subkey: one left shift, XOR Rb when the top bit fell off. */
function doubleBlock(b: Buffer): Buffer {
  const out = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++) out[i] = ((b[i]! << 1) | ((b[i + 1] ?? 0) >> 7)) & 0xff;
  if (b[0]! & 0x80) out[BLOCK - 1]! ^= RB;
  return out;
}

/** Subkeys from L = AES-K(0¹²⁸): lets a token that only offers AES-ECB compute a CMAC KCV. */
export function cmacSubkeysFromL(l: Buffer): { k1: Buffer; k2: Buffer } {
  const k1 = doubleBlock(l);
  return { k1, k2: doubleBlock(k1) };
}

export function cmacSubkeys(key: Buffer): { k1: Buffer; k2: Buffer } {
  return cmacSubkeysFromL(aesBlock(key, Buffer.alloc(BLOCK)));
}

/** RFC 4493 §2.4 AES-CMAC(K, M) → the 16-byte tag. Keys of 16, 24 or 32 bytes. */
export function aesCmac(key: Buffer, message: Buffer): Buffer {
  const { k1, k2 } = cmacSubkeys(key);
  const n = Math.max(1, Math.ceil(message.length / BLOCK));
  const complete = message.length > 0 && message.length % BLOCK === 0;
  const last = Buffer.alloc(BLOCK);
  message.copy(last, 0, (n - 1) * BLOCK);
  if (!complete) last[message.length - (n - 1) * BLOCK] = 0x80; // padding 10^i
  const sub = complete ? k1 : k2;
  for (let i = 0; i < BLOCK; i++) last[i]! ^= sub[i]!;
  const c = createCipheriv(`aes-${key.length * 8}-ecb`, key, null).setAutoPadding(false);
  let x = Buffer.alloc(BLOCK);
  for (let b = 0; b < n; b++) {
    const m = b === n - 1 ? last : message.subarray(b * BLOCK, (b + 1) * BLOCK);
    const y = Buffer.alloc(BLOCK);
    for (let i = 0; i < BLOCK; i++) y[i] = x[i]! ^ m[i]!;
    x = c.update(y);
  }
  return x;
}
