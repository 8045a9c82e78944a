// Real keys for the keys tests, made in a temp dir with openssl and node:crypto, and a real
// SoftHSM2 token (temp SOFTHSM2_CONF; the PIN only ever in the environment).
import { execFileSync, spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, generatePrimeSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so';
const bin = new URL('../bin/keywatch.mjs', import.meta.url).pathname;

export function kw(
  args: string[],
  env: Record<string, string> = {},
): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export const ossl = (dir: string, args: string[]): string =>
  execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A private key and a self-signed certificate (days ahead), and both in one bundle. */
export function makeBundle(dir: string, name: string, days = 365, key = 'rsa:2048'): string {
  ossl(dir, [
    'req',
    '-x509',
    '-newkey',
    key,
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    String(days),
    '-subj',
    `/CN=${name}`,
  ]);
  execFileSync('sh', ['-c', `cat ${name}.key ${name}.crt > ${name}.pem`], { cwd: dir });
  return join(dir, `${name}.pem`);
}

/** A self-signed certificate valid 2020-01-01 … 2021-01-01 (openssl ca sets the dates). */
export function makeExpired(dir: string): string {
  writeFileSync(
    join(dir, 'ca.cnf'),
    `[ca]\ndefault_ca=d\n[d]\ndatabase=${dir}/index.txt\nnew_certs_dir=${dir}\nserial=${dir}/serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n`,
  );
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '01\n');
  ossl(dir, [
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-out',
    'old.key',
  ]);
  ossl(dir, ['req', '-new', '-key', 'old.key', '-subj', '/CN=old', '-out', 'old.csr']);
  ossl(dir, [
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-selfsign',
    '-keyfile',
    'old.key',
    '-in',
    'old.csr',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20210101000000Z',
    '-out',
    'old.crt',
  ]);
  return join(dir, 'old.crt');
}

export function rsaPublicPem(n: bigint): string {
  const hex = n.toString(16);
  const b = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex').toString('base64url');
  return createPublicKey({ format: 'jwk', key: { kty: 'RSA', n: b, e: 'AQAB' } }).export({
    type: 'spki',
    format: 'pem',
  }) as string;
}

/** Two RSA-2048 public keys whose moduli share a prime. */
export function sharedPrimePair(dir: string): [string, string] {
  const [p, q, r] = [0, 1, 2].map(() => generatePrimeSync(1024, { bigint: true }));
  writeFileSync(join(dir, 'sp1.pub'), rsaPublicPem(p! * q!));
  writeFileSync(join(dir, 'sp2.pub'), rsaPublicPem(p! * r!));
  return [join(dir, 'sp1.pub'), join(dir, 'sp2.pub')];
}

export interface Token {
  env: Record<string, string>;
  slot: string;
}

/** A fresh SoftHSM2 token with an RSA and an EC pair (ids 01, 02) and a known AES key (id 03). */
export function makeToken(dir: string, aesKey: Buffer): Token {
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens);
  writeFileSync(
    join(dir, 'softhsm2.conf'),
    `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  const env = { SOFTHSM2_CONF: join(dir, 'softhsm2.conf'), KEYWATCH_PKCS11_PIN: '1234' };
  const run = (cmd: string, args: string[]): string =>
    execFileSync(cmd, args, {
      cwd: dir,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const init = run('softhsm2-util', [
    '--init-token',
    '--free',
    '--label',
    'kw',
    '--so-pin',
    '5678',
    '--pin',
    '1234',
  ]);
  const slot = /reassigned to slot (\d+)/.exec(init)![1]!;
  const p11 = (args: string[]): string =>
    run('pkcs11-tool', [
      '--module',
      SOFTHSM,
      '--slot',
      slot,
      '--login',
      '--pin',
      'env:KEYWATCH_PKCS11_PIN',
      ...args,
    ]);
  p11(['--keypairgen', '--key-type', 'rsa:2048', '--id', '01', '--label', 'rsa']);
  p11(['--keypairgen', '--key-type', 'EC:prime256v1', '--id', '02', '--label', 'ec']);
  writeFileSync(join(dir, 'aes.bin'), aesKey);
  p11([
    '--write-object',
    'aes.bin',
    '--type',
    'secrkey',
    '--key-type',
    'AES:32',
    '--id',
    '03',
    '--label',
    'aes',
    '--usage-decrypt',
  ]);
  return { env, slot };
}

/** Replaces the token's public object 01 with another key's public half: a mismatched pair. */
export function swapTokenPublic(dir: string, t: Token): void {
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
  writeFileSync(join(dir, 'other.der'), other.export({ type: 'spki', format: 'der' }));
  const run = (args: string[]): string =>
    execFileSync(
      'pkcs11-tool',
      [
        '--module',
        SOFTHSM,
        '--slot',
        t.slot,
        '--login',
        '--pin',
        'env:KEYWATCH_PKCS11_PIN',
        ...args,
      ],
      {
        cwd: dir,
        env: { ...process.env, ...t.env },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  run(['--delete-object', '--type', 'pubkey', '--id', '01']);
  run(['--write-object', 'other.der', '--type', 'pubkey', '--id', '01', '--label', 'rsa']);
}
