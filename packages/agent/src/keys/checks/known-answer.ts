// Known-answer tests: before trusting a key, check that this process's implementation of its
// algorithm gives the published answers (the FIPS 140-3 IG 10.3.A self-test idea).
import { createCipheriv, createHash, createHmac, createPrivateKey, sign } from 'node:crypto';
import { aesCmac } from './aes-cmac.ts';

export type KatFamily = 'aes' | 'tdes' | 'sha256' | 'hmac' | 'ed25519' | 'cmac';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

const KATS: Record<KatFamily, () => boolean> = {
  // FIPS 197 Appendix C.1
  aes: () => {
    const c = createCipheriv('aes-128-ecb', hex('000102030405060708090a0b0c0d0e0f'), null);
    return (
      c.update(hex('00112233445566778899aabbccddeeff')).toString('hex') ===
      '69c4e0d86a7b0430d8cdb78070b4c55a'
    );
  },
  // The classic DES worked example (K = 133457799BBCDFF1); TDEA with K1 = K2 = K3 is DES.
  tdes: () => {
    const k = hex('133457799bbcdff1'.repeat(3));
    const c = createCipheriv('des-ede3-ecb', k, null).setAutoPadding(false);
    return c.update(hex('0123456789abcdef')).toString('hex') === '85e813540f0ab405';
  },
  // FIPS 180-4 example "abc"
  sha256: () =>
    createHash('sha256').update('abc').digest('hex') ===
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  // RFC 4231 test case 1
  hmac: () =>
    createHmac('sha256', Buffer.alloc(20, 0x0b)).update('Hi There').digest('hex') ===
    'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
  // RFC 4493 §4 example 2
  cmac: () =>
    aesCmac(
      hex('2b7e151628aed2a6abf7158809cf4f3c'),
      hex('6bc1bee22e409f96e93d7e117393172a'),
    ).toString('hex') === '070a16b46b4d4144f79bdd9dd04a287c',
  // RFC 8032 §7.1 TEST 1 (empty message)
  ed25519: () => {
    const d = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
    const x = hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const key = createPrivateKey({
      format: 'jwk',
      key: { kty: 'OKP', crv: 'Ed25519', d: d.toString('base64url'), x: x.toString('base64url') },
    });
    return (
      sign(null, Buffer.alloc(0), key).toString('hex') ===
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'
    );
  },
};

const cache = new Map<KatFamily, boolean>();

/** Runs (once per process) the KATs of the families; returns the ones that failed. */
export function runKats(families: readonly KatFamily[]): KatFamily[] {
  return families.filter((f) => {
    if (!cache.has(f)) {
      let ok: boolean;
      try {
        ok = KATS[f]();
      } catch {
        ok = false;
      }
      cache.set(f, ok);
    }
    return !cache.get(f);
  });
}
