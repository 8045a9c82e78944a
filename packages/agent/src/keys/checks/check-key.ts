// Runs every check that applies to one key and returns its report (worst finding wins).
import type { KeyObject } from 'node:crypto';
import { checkEc } from './ec-checks.ts';
import { fail, pass, worst, type Finding } from './key-finding.ts';
import { cmacKcv, legacyKcv } from './key-check-value.ts';
import {
  checkAlgorithm,
  checkCertificateValidity,
  checkCryptoperiod,
  type KeyFamily,
  type KeyShape,
} from './key-policy.ts';
import type { KeyKind, KeyReport, KeyUnderCheck } from './key-under-check.ts';
import { runKats, type KatFamily } from './known-answer.ts';
import { checkRsaPrivate } from './rsa-private-check.ts';
import { checkPair, localSigner } from './pair-check.ts';
import { checkRsa, rsaParams } from './rsa-checks.ts';
import { spkiFingerprint } from './spki-fingerprint.ts';
import { checkSymmetric } from './symmetric-checks.ts';

// OpenSSL curve names → the NIST / JWK names the policy speaks.
const CURVE_NAMES: Record<string, string> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  secp224r1: 'P-224',
};

export function shapeOf(key: KeyObject): KeyShape {
  const t = key.asymmetricKeyType ?? 'unknown';
  const d = key.asymmetricKeyDetails ?? {};
  if (t === 'rsa' || t === 'rsa-pss') return { family: 'rsa', bits: d.modulusLength ?? 0 };
  if (t === 'dsa') return { family: 'dsa', bits: d.modulusLength ?? 0 };
  if (t === 'ec') {
    const curve = CURVE_NAMES[d.namedCurve ?? ''] ?? d.namedCurve ?? 'unknown';
    const bits = Number(/(\d{3})/.exec(curve)?.[1] ?? 0);
    return { family: 'ec', bits, curve };
  }
  if (t === 'ed25519') return { family: 'ed25519', bits: 256, curve: 'Ed25519' };
  if (t === 'ed448') return { family: 'ed448', bits: 456, curve: 'Ed448' };
  return { family: t as KeyFamily, bits: 0 };
}

const KAT_FOR: Record<string, KatFamily[]> = {
  rsa: ['sha256'],
  ec: ['sha256'],
  dsa: ['sha256'],
  ed25519: ['ed25519'],
  ed448: [],
  aes: ['aes', 'cmac'],
  tdes: ['tdes'],
  des: ['tdes'],
  hmac: ['hmac', 'sha256'],
};

function katFinding(family: string): Finding {
  const failed = runKats(KAT_FOR[family] ?? []);
  return failed.length > 0
    ? fail(
        'kat',
        `known-answer test failed: ${failed.join(', ')} — do not trust this crypto library`,
      )
    : pass('kat', `known-answer tests pass (${(KAT_FOR[family] ?? []).join(', ') || 'none'})`);
}

function publicFindings(key: KeyObject, shape: KeyShape): Finding[] {
  try {
    if (shape.family === 'rsa') {
      const { n, e } = rsaParams(key);
      return checkRsa(n, e);
    }
    if (shape.family === 'ec' || shape.family === 'ed25519' || shape.family === 'ed448')
      return checkEc(key);
  } catch (err) {
    return [fail('parse', `cannot read the key's parameters: ${(err as Error).message}`)];
  }
  return [];
}

export async function checkKey(k: KeyUnderCheck, now = new Date()): Promise<KeyReport> {
  const findings: Finding[] = [...(k.preFindings ?? [])];
  if (k.secret) {
    const { algorithm, key } = k.secret;
    findings.push(...checkSymmetric(algorithm, key), katFinding(algorithm));
    findings.push(checkAlgorithm({ family: algorithm, bits: key.length * 8 }, now));
    if (k.lifecycle) findings.push(checkCryptoperiod(k.lifecycle, now));
    const kcv: { cmac?: string; legacy?: string } = {};
    try {
      if (algorithm === 'aes')
        Object.assign(kcv, { cmac: cmacKcv(key), legacy: legacyKcv('aes', key) });
      if (algorithm === 'tdes') kcv.legacy = legacyKcv('tdes', key);
    } catch {
      /* length already failed above */
    }
    return {
      label: k.label,
      kind: 'secret',
      algorithm,
      bits: key.length * 8,
      kcv,
      verdict: worst(findings),
      findings,
    };
  }
  if (k.sealedSecret) {
    const { algorithm, bits, kcv } = k.sealedSecret;
    const lengths: Record<string, number[]> = { aes: [128, 192, 256], tdes: [128, 192], des: [64] };
    const okLength = algorithm === 'hmac' ? bits >= 112 : (lengths[algorithm] ?? []).includes(bits);
    findings.push(
      okLength
        ? pass('sym_length', `${bits}-bit ${algorithm} key`)
        : fail('sym_length', `${bits} bits is not a valid ${algorithm} length`),
      katFinding(algorithm),
      checkAlgorithm({ family: algorithm, bits }, now),
    );
    if (k.lifecycle) findings.push(checkCryptoperiod(k.lifecycle, now));
    return {
      label: k.label,
      kind: 'secret',
      algorithm,
      bits,
      ...(kcv && { kcv }),
      verdict: worst(findings),
      findings,
    };
  }
  const pub = k.publicKey ?? k.certificate?.publicKey;
  if (!pub) {
    findings.push(fail('parse', 'no key found'));
    return {
      label: k.label,
      kind: 'public',
      algorithm: 'unknown',
      bits: 0,
      verdict: 'fail',
      findings,
    };
  }
  const shape = shapeOf(pub);
  findings.push(
    ...publicFindings(pub, shape),
    katFinding(shape.family),
    checkAlgorithm(shape, now),
  );
  const signer = k.signer ?? (k.privateKey ? localSigner(k.privateKey) : undefined);
  if (signer) findings.push(await checkPair(signer, pub));
  const whole = k.privateKey ? checkRsaPrivate(k.privateKey) : undefined;
  if (whole) findings.push(whole);
  const cert = k.certificate;
  if (cert) {
    findings.push(checkCertificateValidity(new Date(cert.validFrom), new Date(cert.validTo), now));
    const issuer = k.issuer ?? (cert.checkIssued(cert) ? cert : undefined);
    if (issuer)
      findings.push(
        cert.verify(issuer.publicKey)
          ? pass('cert_signature', 'issuer signature verifies')
          : fail('cert_signature', 'certificate signature does not verify: altered or corrupted'),
      );
  }
  if (k.lifecycle) findings.push(checkCryptoperiod(k.lifecycle, now));
  const kind: KeyKind = k.privateKey || k.signer ? 'private' : cert ? 'certificate' : 'public';
  return {
    label: k.label,
    kind,
    algorithm: shape.family,
    bits: shape.bits,
    ...(shape.curve !== undefined && { curve: shape.curve }),
    fingerprint: spkiFingerprint(pub),
    ...(shape.family === 'rsa' && { modulus: rsaParams(pub).n.toString(16) }),
    ...(cert && {
      subject: cert.subject.replaceAll('\n', ', '),
      notAfter: new Date(cert.validTo).toISOString(),
    }),
    verdict: worst(findings),
    findings,
  };
}
