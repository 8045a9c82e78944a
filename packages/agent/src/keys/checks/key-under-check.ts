// A key as the checks see it, and the report they produce. The report carries fingerprints and
// metadata only: it is what leaves the host (agent events, gate output, the server), so it never
// holds private or secret bytes.
import type { KeyObject, X509Certificate } from 'node:crypto';
import type { Finding, Verdict } from './key-finding.ts';
import type { SymmetricAlgorithm } from './key-check-value.ts';
import type { Lifecycle } from './key-policy.ts';
import type { Signer } from './pair-check.ts';

export interface KeyUnderCheck {
  /** Where it was found: `path`, `path#2`, `pkcs11:slot=0;id=01`. */
  readonly label: string;
  readonly publicKey?: KeyObject;
  /** A local private half (never exported); or `signer` when it lives in a token. */
  readonly privateKey?: KeyObject;
  readonly signer?: Signer;
  readonly certificate?: X509Certificate;
  /** The certificate's issuer, when it is in the same bundle (self-signed: itself). */
  readonly issuer?: X509Certificate;
  readonly secret?: { readonly algorithm: SymmetricAlgorithm; readonly key: Buffer };
  /** A secret key that never leaves its token: only its size and token-computed KCVs. */
  readonly sealedSecret?: {
    readonly algorithm: SymmetricAlgorithm;
    readonly bits: number;
    readonly kcv?: { readonly cmac?: string; readonly legacy?: string };
  };
  readonly lifecycle?: Lifecycle;
  /** Findings made before the checks ran (e.g. a part that did not parse). */
  readonly preFindings?: readonly Finding[];
}

export type KeyKind = 'public' | 'private' | 'certificate' | 'secret';

export interface KeyReport {
  readonly label: string;
  readonly kind: KeyKind;
  /** e.g. rsa, ec, ed25519, aes, tdes */
  readonly algorithm: string;
  readonly bits: number;
  readonly curve?: string;
  /** sha256:<hex> of the SubjectPublicKeyInfo (asymmetric keys and certificates). */
  readonly fingerprint?: string;
  /** Key check values (symmetric keys). */
  readonly kcv?: { readonly cmac?: string; readonly legacy?: string };
  /** RSA modulus, hex (public; the server's batch GCD runs over the whole inventory's). */
  readonly modulus?: string;
  readonly subject?: string;
  readonly notAfter?: string;
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
}
