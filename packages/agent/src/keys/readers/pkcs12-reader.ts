// PKCS#12 (RFC 7292) through `openssl pkcs12`: node has no parser for it. The password goes through
// the environment (`-passin env:…`), never the command line, where any user could read it in ps.
import { spawnSync } from 'node:child_process';
import { KeyCheckError } from '../checks/key-check-error.ts';
import type { KeyUnderCheck } from '../checks/key-under-check.ts';
import { parseBundle } from './pem-bundle.ts';

export const PKCS12_PASSWORD_ENV = 'KEYWATCH_PKCS12_PASSWORD';

export function readPkcs12(path: string, password: string | undefined): KeyUnderCheck[] {
  const r = spawnSync(
    'openssl',
    ['pkcs12', '-in', path, '-nodes', '-passin', `env:${PKCS12_PASSWORD_ENV}`],
    {
      env: { ...process.env, [PKCS12_PASSWORD_ENV]: password ?? '' },
      maxBuffer: 16 << 20,
    },
  );
  if (r.error) throw new KeyCheckError('KEY_UNREADABLE', `cannot run openssl: ${r.error.message}`);
  if (r.status !== 0) {
    const msg = r.stderr.toString();
    if (/mac verify|invalid password/i.test(msg))
      throw new KeyCheckError(
        'PASSPHRASE_REQUIRED',
        `${path}: wrong or missing PKCS#12 password: set ${PKCS12_PASSWORD_ENV}`,
      );
    throw new KeyCheckError(
      'KEY_UNREADABLE',
      `${path}: openssl pkcs12 failed: ${msg.split('\n')[0]}`,
    );
  }
  return parseBundle(path, r.stdout);
}
