// Opens a C2SP signed note holding a tlog checkpoint, in the browser (docs/formats.md): the
// verifier key "name+hexkeyid+base64(0x01‖pubkey)", key id = SHA-256(name‖0x0A‖0x01‖pubkey)[0:4],
// signature lines "— name base64(keyid‖sig)" over the note text (which ends in LF). Ed25519 comes
// from WebCrypto. Every field is treated as hostile: each check says exactly what failed.

export class ProofError extends Error {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(message);
  }
}

const enc = new TextEncoder();

export function fromBase64(text: string, what: string): Uint8Array {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    throw new ProofError(what, `${what} is not base64`);
  }
}

export const toHex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
}

export interface VerifierKey {
  name: string;
  keyId: Uint8Array;
  publicKey: Uint8Array<ArrayBuffer>;
}

export async function parseVerifierKey(text: string): Promise<VerifierKey> {
  // name+hexid+base64: base64 may itself hold '+', so split at the first two only.
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(text.trim());
  if (!m) throw new ProofError('key', 'the verifier key is not name+keyid+key');
  const [, name, hexId, b64] = m as unknown as [string, string, string, string];
  const raw = fromBase64(b64, 'key');
  if (raw.length !== 33 || raw[0] !== 1)
    throw new ProofError('key', 'the verifier key is not an Ed25519 key (0x01 + 32 bytes)');
  const publicKey = raw.slice(1);
  const keyId = (await sha256(enc.encode(name), new Uint8Array([0x0a, 0x01]), publicKey)).slice(
    0,
    4,
  );
  if (toHex(keyId) !== hexId)
    throw new ProofError(
      'key',
      `the key id ${hexId} does not match the key (expected ${toHex(keyId)})`,
    );
  return { name, keyId, publicKey };
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: Uint8Array;
}

/** Verifies the note's signature by `key` and parses the checkpoint text inside. */
export async function openCheckpoint(note: string, key: VerifierKey): Promise<Checkpoint> {
  const split = note.lastIndexOf('\n\n');
  if (split < 0)
    throw new ProofError(
      'signature',
      'the checkpoint note has no blank line before its signatures',
    );
  const text = note.slice(0, split + 1);
  const sigLines = note
    .slice(split + 2)
    .split('\n')
    .filter((l) => l !== '');
  let verified = false;
  for (const line of sigLines) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m)
      throw new ProofError('signature', `a signature line is malformed: ${line.slice(0, 80)}`);
    if (m[1] !== key.name) continue;
    const sig = fromBase64(m[2]!, 'signature');
    if (sig.length !== 68 || toHex(sig.slice(0, 4)) !== toHex(key.keyId)) continue;
    const pub = await crypto.subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, [
      'verify',
    ]);
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, pub, sig.slice(4), enc.encode(text))))
      throw new ProofError(
        'signature',
        `the Ed25519 signature of ${key.name} on the checkpoint is invalid`,
      );
    verified = true;
  }
  if (!verified)
    throw new ProofError(
      'signature',
      `the checkpoint carries no signature by ${key.name}+${toHex(key.keyId)}`,
    );
  const lines = text.split('\n');
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (lines.length < 4 || !/^[1-9][0-9]{0,15}$/.test(sizeText ?? ''))
    throw new ProofError('checkpoint', 'the checkpoint text is not origin, size, root');
  if (origin !== key.name)
    throw new ProofError('checkpoint', `the checkpoint is for ${origin}, not ${key.name}`);
  const root = fromBase64(rootText, 'root');
  if (root.length !== 32) throw new ProofError('checkpoint', 'the checkpoint root is not 32 bytes');
  return { origin, size: Number(sizeText), root };
}
