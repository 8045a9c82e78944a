// Policy: algorithms and sizes per NIST SP 800-131A Rev. 2 (transitions, March 2019), and
// cryptoperiods per SP 800-57 Part 1 Rev. 5 §5.3.6 (Table 1), checked against a clock.
import { checkCryptoperiod as cryptoperiod, type Lifecycle } from '@keywatch/protocol';
import { fail, pass, warn, type Finding } from './key-finding.ts';

export type KeyFamily =
  'rsa' | 'ec' | 'ed25519' | 'ed448' | 'dsa' | 'aes' | 'tdes' | 'des' | 'hmac';

export interface KeyShape {
  readonly family: KeyFamily;
  readonly bits: number;
  readonly curve?: string;
}

export function checkAlgorithm(k: KeyShape, now: Date): Finding {
  const year = now.getUTCFullYear();
  switch (k.family) {
    case 'rsa': // §3 / §4: < 2048 bits disallowed for signing and key transport
      return k.bits < 2048
        ? fail('algorithm_policy', `RSA-${k.bits} is disallowed (SP 800-131A: ≥ 2048 bits)`)
        : pass('algorithm_policy', `RSA-${k.bits} acceptable`);
    case 'dsa': // §3: DSA signature generation disallowed (FIPS 186-5 drops it)
      return fail(
        'algorithm_policy',
        'DSA signature generation is disallowed (SP 800-131A, FIPS 186-5)',
      );
    case 'ec':
      return k.bits < 224
        ? fail('algorithm_policy', `EC keys of ${k.bits} bits are disallowed (< 224)`)
        : pass('algorithm_policy', `EC ${k.curve ?? k.bits} acceptable`);
    case 'ed25519':
    case 'ed448':
      return pass('algorithm_policy', `${k.family} acceptable (FIPS 186-5)`);
    case 'aes':
      return pass('algorithm_policy', `AES-${k.bits} acceptable`);
    case 'des':
      return fail('algorithm_policy', 'single DES is disallowed');
    case 'tdes': // §2: two-key TDEA disallowed; three-key TDEA encryption disallowed after 2023
      if (k.bits <= 128) return fail('algorithm_policy', 'two-key TDEA is disallowed');
      return year > 2023
        ? fail(
            'algorithm_policy',
            'three-key TDEA encryption is disallowed after 2023 (legacy decrypt only)',
          )
        : warn('algorithm_policy', 'three-key TDEA is deprecated through 2023');
    case 'hmac': // §9: HMAC keys < 112 bits disallowed
      return k.bits < 112
        ? fail('algorithm_policy', `HMAC key of ${k.bits} bits is disallowed (< 112)`)
        : pass('algorithm_policy', `HMAC key of ${k.bits} bits acceptable`);
  }
}

// Cryptoperiods live in @keywatch/protocol: the server applies them to agents' reports too.
export type { KeyUsage, Lifecycle } from '@keywatch/protocol';

const DAY = 86_400_000;

export function checkCryptoperiod(l: Lifecycle, now: Date): Finding {
  const f = cryptoperiod(l, now);
  return { check: 'cryptoperiod', status: f.status, reason: f.reason };
}

export function checkCertificateValidity(
  notBefore: Date,
  notAfter: Date,
  now: Date,
  warnDays = 30,
): Finding {
  if (notAfter.getTime() < now.getTime())
    return fail('cert_expiry', `certificate expired ${notAfter.toISOString().slice(0, 10)}`);
  if (notBefore.getTime() > now.getTime())
    return fail(
      'cert_expiry',
      `certificate not valid before ${notBefore.toISOString().slice(0, 10)}`,
    );
  const left = Math.floor((notAfter.getTime() - now.getTime()) / DAY);
  return left < warnDays
    ? warn(
        'cert_expiry',
        `certificate expires in ${left} days (${notAfter.toISOString().slice(0, 10)})`,
      )
    : pass('cert_expiry', `certificate valid until ${notAfter.toISOString().slice(0, 10)}`);
}
