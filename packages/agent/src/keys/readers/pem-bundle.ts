// A PEM (RFC 7468) or DER file as a deployment bundle: private keys, certificates and public keys.
// The first private key is paired with the first certificate (the leaf, RFC 8446 §4.4.2 order);
// other certificates are checked on their own, with their issuer when it is in the bundle.
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { fail } from '../checks/key-finding.ts';
import type { KeyUnderCheck } from '../checks/key-under-check.ts';

interface Parts {
  privs: KeyObject[];
  certs: X509Certificate[];
  pubs: KeyObject[];
  broken: string[];
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

function addBlock(p: Parts, type: string, pem: string, passphrase?: string): void {
  try {
    if (type === 'CERTIFICATE' || type === 'TRUSTED CERTIFICATE')
      p.certs.push(new X509Certificate(pem));
    else if (type.endsWith('PRIVATE KEY'))
      p.privs.push(createPrivateKey({ key: pem, ...(passphrase !== undefined && { passphrase }) }));
    else if (type.endsWith('PUBLIC KEY')) p.pubs.push(createPublicKey(pem));
    // EC PARAMETERS, DH PARAMETERS and the like carry no key.
  } catch (err) {
    p.broken.push(`${type}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function fromDer(p: Parts, der: Buffer): void {
  const tries: (() => void)[] = [
    () => p.certs.push(new X509Certificate(der)),
    () => p.privs.push(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })),
    () => p.privs.push(createPrivateKey({ key: der, format: 'der', type: 'pkcs1' })),
    () => p.privs.push(createPrivateKey({ key: der, format: 'der', type: 'sec1' })),
    () => p.pubs.push(createPublicKey({ key: der, format: 'der', type: 'spki' })),
    () => p.pubs.push(createPublicKey({ key: der, format: 'der', type: 'pkcs1' })),
  ];
  for (const t of tries) {
    try {
      t();
      return;
    } catch {
      /* next form */
    }
  }
  p.broken.push('DER: not a certificate, private key or public key');
}

function issuerOf(cert: X509Certificate, all: X509Certificate[]): X509Certificate | undefined {
  return (
    all.find((c) => c.checkIssued(cert) && c !== cert) ??
    (cert.checkIssued(cert) ? cert : undefined)
  );
}

export function parseBundle(label: string, data: Buffer, passphrase?: string): KeyUnderCheck[] {
  const p: Parts = { privs: [], certs: [], pubs: [], broken: [] };
  const text = data.toString('latin1');
  const blocks = [...text.matchAll(PEM_BLOCK)];
  if (blocks.length > 0) for (const b of blocks) addBlock(p, b[1]!, b[0], passphrase);
  else fromDer(p, data);
  const out: KeyUnderCheck[] = [];
  const name = (i: number): string => (i === 0 ? label : `${label}#${i + 1}`);
  const certs = [...p.certs];
  p.privs.forEach((priv, i) => {
    const cert = i === 0 ? certs.shift() : undefined;
    out.push({
      label: name(out.length),
      privateKey: priv,
      ...(cert ? { certificate: cert } : { publicKey: createPublicKey(priv) }),
      ...(cert && issuerOf(cert, p.certs) && { issuer: issuerOf(cert, p.certs)! }),
    });
  });
  for (const cert of certs) {
    const issuer = issuerOf(cert, p.certs);
    out.push({ label: name(out.length), certificate: cert, ...(issuer && { issuer }) });
  }
  for (const pub of p.pubs) out.push({ label: name(out.length), publicKey: pub });
  for (const reason of p.broken)
    out.push({ label: name(out.length), preFindings: [fail('parse', reason)] });
  return out;
}
