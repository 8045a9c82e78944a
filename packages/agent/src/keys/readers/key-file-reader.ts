// Reads one key file of any supported form into keys to check: PEM/DER bundles, PKCS#12, OpenSSH
// public keys (one per line: authorized_keys, *.pub host keys, known_hosts) and OpenSSH private
// keys (their public half through `ssh-keygen -y`), and JWK secret keys (RFC 7517/7518 "oct").
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { KeyCheckError } from '../checks/key-check-error.ts';
import { fail } from '../checks/key-finding.ts';
import type { SymmetricAlgorithm } from '../checks/key-check-value.ts';
import type { KeyUnderCheck } from '../checks/key-under-check.ts';
import { parseBundle } from './pem-bundle.ts';
import { readPkcs12 } from './pkcs12-reader.ts';
import { parseSshPublicKey, SSH_LINE } from './ssh-public-key.ts';

export interface ReadOptions {
  readonly passphrase?: string;
  readonly pkcs12Password?: string;
}

function sshLines(path: string, text: string): KeyUnderCheck[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((line, i) => {
      const label = i === 0 ? path : `${path}#${i + 1}`;
      try {
        return { label, publicKey: parseSshPublicKey(line) };
      } catch (err) {
        return { label, preFindings: [fail('parse', (err as Error).message)] };
      }
    });
}

function opensshPrivate(path: string): KeyUnderCheck[] {
  const r = spawnSync('ssh-keygen', ['-y', '-P', '', '-f', path], { encoding: 'utf8' });
  if (r.status !== 0)
    throw new KeyCheckError('KEY_UNREADABLE', `${path}: ssh-keygen -y failed: ${r.stderr.trim()}`);
  return sshLines(path, r.stdout);
}

function jwkSecret(path: string, jwk: { kty?: string; k?: string; alg?: string }): KeyUnderCheck[] {
  if (jwk.kty !== 'oct' || typeof jwk.k !== 'string')
    throw new KeyCheckError(
      'KEY_FORMAT_UNSUPPORTED',
      `${path}: only JWK "oct" keys are read from JSON`,
    );
  const alg = jwk.alg ?? '';
  const algorithm: SymmetricAlgorithm = /^A\d+/.test(alg)
    ? 'aes'
    : /^HS/.test(alg)
      ? 'hmac'
      : 'aes';
  return [{ label: path, secret: { algorithm, key: Buffer.from(jwk.k, 'base64url') } }];
}

export function readKeyFile(path: string, opts: ReadOptions = {}): KeyUnderCheck[] {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (err) {
    throw new KeyCheckError('KEY_UNREADABLE', `${path}: ${(err as Error).message}`);
  }
  if (/\.(p12|pfx)$/i.test(path)) return readPkcs12(path, opts.pkcs12Password);
  const text = data.toString('utf8');
  if (text.includes('-----BEGIN OPENSSH PRIVATE KEY-----')) return opensshPrivate(path);
  if (SSH_LINE.test(text.trim().replace(/^\S+\s+(?=ssh-|ecdsa-)/, ''))) return sshLines(path, text);
  if (text.trimStart().startsWith('{')) {
    try {
      return jwkSecret(path, JSON.parse(text) as { kty?: string; k?: string });
    } catch (err) {
      if (err instanceof KeyCheckError) throw err;
    }
  }
  const keys = parseBundle(path, data, opts.passphrase);
  if (keys.length === 0)
    throw new KeyCheckError('KEY_FORMAT_UNSUPPORTED', `${path}: no key or certificate found`);
  return keys;
}
