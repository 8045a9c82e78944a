// The agent policy's `keys` section: where to look for deployed keys and how often.
//   keys:
//     paths: [/etc/kms/tls.pem, /etc/ssh]      # files, or directories (their key-like files)
//     pkcs11: [{ module: /usr/lib/softhsm/libsofthsm2.so, slot: "123", pin_env: HSM_PIN }]
//     interval_seconds: 3600
// Secrets are never in the policy: PINs and passwords come from the agent's environment.
import { KeyCheckError } from './checks/key-check-error.ts';
import type { TokenRef } from './readers/pkcs11-tool.ts';

export interface KeysPolicy {
  readonly paths: readonly string[];
  readonly pkcs11: readonly TokenRef[];
  readonly intervalSeconds: number;
  readonly pkcs12PasswordEnv?: string;
}

const bad = (msg: string): KeyCheckError =>
  new KeyCheckError('POLICY_INVALID', `keys policy: ${msg}`);

export function parseKeysPolicy(raw: unknown, env: NodeJS.ProcessEnv = process.env): KeysPolicy {
  const r = (raw ?? {}) as Record<string, unknown>;
  if (typeof r !== 'object' || Array.isArray(r)) throw bad('must be a mapping');
  const paths = r['paths'] ?? [];
  if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string'))
    throw bad('paths must be a list of paths');
  const interval = r['interval_seconds'] ?? 3600;
  if (typeof interval !== 'number' || interval < 10)
    throw bad('interval_seconds must be a number ≥ 10');
  const tokens = r['pkcs11'] ?? [];
  if (!Array.isArray(tokens)) throw bad('pkcs11 must be a list');
  const pkcs11 = tokens.map((t: Record<string, unknown>, i) => {
    if (
      typeof t['module'] !== 'string' ||
      (typeof t['slot'] !== 'string' && typeof t['slot'] !== 'number')
    )
      throw bad(`pkcs11[${i}] needs module and slot`);
    const pinEnv = typeof t['pin_env'] === 'string' ? t['pin_env'] : undefined;
    const pin = pinEnv ? env[pinEnv] : undefined;
    return { module: t['module'], slot: String(t['slot']), ...(pin !== undefined && { pin }) };
  });
  const p12 = r['pkcs12_password_env'];
  return {
    paths: paths,
    pkcs11,
    intervalSeconds: interval,
    ...(typeof p12 === 'string' && { pkcs12PasswordEnv: p12 }),
  };
}
