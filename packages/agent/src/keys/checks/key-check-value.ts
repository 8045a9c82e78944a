// Key check values: a short public value that identifies a symmetric key without revealing it.
// - CMAC KCV: AES-CMAC (RFC 4493) of one zero block, first 3 bytes — the form payment HSMs and
//   ANSI X9.24-1:2017 use for AES keys.
// - Legacy KCV: encrypt one zero block under the key (ECB), first 3 bytes — the classic 3DES
//   (X9.24) form, also seen for AES on older HSMs.
import { createCipheriv } from 'node:crypto';
import { aesCmac } from './aes-cmac.ts';
import { KeyCheckError } from './key-check-error.ts';

export type SymmetricAlgorithm = 'aes' | 'tdes' | 'des' | 'hmac';

export function cmacKcv(key: Buffer): string {
  if (![16, 24, 32].includes(key.length))
    throw new KeyCheckError(
      'KEY_FORMAT_UNSUPPORTED',
      `AES keys are 16, 24 or 32 bytes, not ${key.length}`,
    );
  return aesCmac(key, Buffer.alloc(16)).subarray(0, 3).toString('hex').toUpperCase();
}

export function legacyKcv(algorithm: 'aes' | 'tdes', key: Buffer): string {
  let cipher: string;
  let block: number;
  let k = key;
  if (algorithm === 'aes') {
    cipher = `aes-${key.length * 8}-ecb`;
    block = 16;
  } else {
    // Two-key TDEA (16 bytes) is K1‖K2‖K1 (SP 800-67 Rev. 2 keying option 2).
    if (key.length === 16) k = Buffer.concat([key, key.subarray(0, 8)]);
    if (k.length !== 24)
      throw new KeyCheckError(
        'KEY_FORMAT_UNSUPPORTED',
        `TDEA keys are 16 or 24 bytes, not ${key.length}`,
      );
    cipher = 'des-ede3-ecb';
    block = 8;
  }
  const c = createCipheriv(cipher, k, null).setAutoPadding(false);
  return Buffer.concat([c.update(Buffer.alloc(block)), c.final()])
    .subarray(0, 3)
    .toString('hex')
    .toUpperCase();
}
