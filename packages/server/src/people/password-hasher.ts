// argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum for argon2id). An
// unknown username is checked against a dummy hash so that its answer takes as long as a wrong
// password: response time does not tell which usernames exist.
import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** Algorithm.Argon2id: the enum is ambient const, which verbatimModuleSyntax cannot read. */
const OPTIONS = { algorithm: 2 as Algorithm.Argon2id };
let dummy: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(
  stored: string | undefined,
  password: string,
): Promise<boolean> {
  const target = stored ?? (await (dummy ??= hashPassword('keywatch-dummy-password')));
  try {
    return (await verify(target, password)) && stored !== undefined;
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}

/** Passwords people choose: long enough to resist guessing, short enough to bound hashing work. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 12) return 'a password needs at least 12 characters';
  if (password.length > 1024) return 'a password may have at most 1024 characters';
  return undefined;
}
