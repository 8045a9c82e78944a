// Keys on a PKCS#11 token: public keys and certificates are read (CKA_VALUE of public objects
// only); private keys are used in place for sign-then-verify; secret keys never leave the token —
// their KCVs come from the token's own AES-ECB: legacy KCV = E_K(0¹²⁸), and the CMAC KCV from
// RFC 4493 with one complete zero block, AES-CMAC(K, 0) = E_K(K1) with K1 = dbl(E_K(0)).
import { createHash, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cmacSubkeysFromL } from '../checks/aes-cmac.ts';
import { fail, warn, type Finding } from '../checks/key-finding.ts';
import type { KeyUnderCheck } from '../checks/key-under-check.ts';
import type { Signer } from '../checks/pair-check.ts';
import { parseObjectList, pkcs11, type TokenObject, type TokenRef } from './pkcs11-tool.ts';

async function withTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'kw-p11-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function readObject(t: TokenRef, type: 'pubkey' | 'cert', id: string): Promise<Buffer> {
  return withTemp(async (dir) => {
    const out = join(dir, 'obj.der');
    await pkcs11(t, ['--read-object', '--type', type, '--id', id, '-o', out]);
    return readFileSync(out);
  });
}

function tokenSigner(t: TokenRef, o: TokenObject, pub: KeyObject): Signer {
  const ec = pub.asymmetricKeyType === 'ec';
  return (data) =>
    withTemp(async (dir) => {
      // SoftHSM has no ECDSA-SHA256: hash here, sign the digest with plain ECDSA, DER-encoded.
      writeFileSync(join(dir, 'in'), ec ? createHash('sha256').update(data).digest() : data);
      const mech = ec
        ? ['--mechanism', 'ECDSA', '--signature-format', 'openssl']
        : ['--mechanism', 'SHA256-RSA-PKCS'];
      await pkcs11(
        t,
        ['--sign', ...mech, '--id', o.id, '-i', join(dir, 'in'), '-o', join(dir, 'sig')],
        true,
      );
      return readFileSync(join(dir, 'sig'));
    });
}

async function encryptBlock(t: TokenRef, id: string, block: Buffer): Promise<Buffer> {
  return withTemp(async (dir) => {
    writeFileSync(join(dir, 'in'), block);
    await pkcs11(
      t,
      [
        '--encrypt',
        '--mechanism',
        'AES-ECB',
        '--id',
        id,
        '-i',
        join(dir, 'in'),
        '-o',
        join(dir, 'out'),
      ],
      true,
    );
    return readFileSync(join(dir, 'out'));
  });
}

async function secretKey(t: TokenRef, o: TokenObject, label: string): Promise<KeyUnderCheck> {
  const algorithm =
    o.keyType.toLowerCase() === 'aes'
      ? 'aes'
      : o.keyType.toLowerCase().includes('des')
        ? 'tdes'
        : 'hmac';
  const sealed = { algorithm, bits: o.bits } as const;
  if (algorithm !== 'aes' || t.pin === undefined) return { label, sealedSecret: sealed };
  try {
    const l = await encryptBlock(t, o.id, Buffer.alloc(16));
    const tag = await encryptBlock(t, o.id, cmacSubkeysFromL(l).k1);
    const kcv = {
      legacy: l.subarray(0, 3).toString('hex').toUpperCase(),
      cmac: tag.subarray(0, 3).toString('hex').toUpperCase(),
    };
    return { label, sealedSecret: { ...sealed, kcv } };
  } catch (err) {
    return {
      label,
      sealedSecret: sealed,
      preFindings: [warn('kat', `no KCV: ${(err as Error).message}`)],
    };
  }
}

export async function readToken(t: TokenRef): Promise<KeyUnderCheck[]> {
  const objects = parseObjectList(await pkcs11(t, ['--list-objects'], true));
  const at = (o: TokenObject): string => `pkcs11:slot=${t.slot};id=${o.id};object=${o.label}`;
  const out: KeyUnderCheck[] = [];
  for (const o of objects.filter((x) => x.kind === 'pubkey' || x.kind === 'cert')) {
    const pre: Finding[] = [];
    try {
      const der = await readObject(t, o.kind as 'pubkey' | 'cert', o.id);
      const cert = o.kind === 'cert' ? new X509Certificate(der) : undefined;
      const pub = cert?.publicKey ?? createPublicKey({ key: der, format: 'der', type: 'spki' });
      const priv = objects.find((x) => x.kind === 'privkey' && x.id === o.id);
      if (!priv && t.pin !== undefined && o.kind === 'pubkey')
        pre.push(warn('pair', 'no private key with this ID'));
      if (t.pin === undefined) pre.push(warn('pair', 'no PIN given: sign-then-verify not run'));
      out.push({
        label: at(o),
        ...(cert ? { certificate: cert } : { publicKey: pub }),
        ...(priv && t.pin !== undefined && { signer: tokenSigner(t, priv, pub) }),
        preFindings: pre,
      });
    } catch (err) {
      out.push({ label: at(o), preFindings: [fail('parse', (err as Error).message)] });
    }
  }
  for (const o of objects.filter((x) => x.kind === 'secrkey'))
    out.push(await secretKey(t, o, at(o)));
  return out;
}
