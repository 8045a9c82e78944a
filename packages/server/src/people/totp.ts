// RFC 6238 TOTP (SHA-1, 6 digits, 30 s: what authenticator apps expect), with one step of clock
// drift either way. Enrolment hands out a fresh secret that is stored only once the person proves
// their app has it by sending a valid code.
import { Secret, TOTP } from 'otpauth';

const ISSUER = 'keywatch';

function totpFor(secret: string, label = 'keywatch'): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    secret: Secret.fromBase32(secret),
    digits: 6,
    period: 30,
  });
}

export function checkTotp(secret: string, code: string, timestamp = Date.now()): boolean {
  return totpStep(secret, code, timestamp) !== null;
}

/** The 30-second time step the code belongs to, or null when it matches none in the window. */
export function totpStep(secret: string, code: string, timestamp = Date.now()): number | null {
  if (!/^[0-9]{6}$/.test(code)) return null;
  const delta = totpFor(secret).validate({ token: code, timestamp, window: 1 });
  return delta === null ? null : Math.floor(timestamp / 30_000) + delta;
}

export function newTotpSecret(username: string): { secret: string; uri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totpFor(secret, username).toString() };
}

/** For tests and the CLI: the current code of a secret. */
export function totpCode(secret: string, timestamp = Date.now()): string {
  return totpFor(secret).generate({ timestamp });
}
