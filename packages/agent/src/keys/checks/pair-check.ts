// Private and public halves match: sign a fresh random challenge with the private half (locally,
// or inside a token through `signer`) and verify it with the public half. A FIPS 140-3 pairwise
// consistency test; a corrupted private key or a certificate for another key fails it.
import { randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { fail, pass, type Finding } from './key-finding.ts';

/** Signs `data` with the private half; the digest/padding must be `digestFor(publicKey)`'s. */
export type Signer = (data: Buffer) => Promise<Buffer>;

export function digestFor(key: KeyObject): string | null {
  return key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448' ? null : 'sha256';
}

export function localSigner(privateKey: KeyObject): Signer {
  return async (data) => sign(digestFor(privateKey), data, privateKey);
}

export async function checkPair(signer: Signer, publicKey: KeyObject): Promise<Finding> {
  const challenge = randomBytes(32);
  try {
    const sig = await signer(challenge);
    const ok = verify(digestFor(publicKey), challenge, publicKey, sig);
    return ok
      ? pass('pair', 'sign-then-verify: halves match')
      : fail('pair', 'sign-then-verify failed: private and public halves do not match');
  } catch (err) {
    return fail(
      'pair',
      `sign-then-verify failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
