// Ed25519 note keys (c2sp.org/signed-note §Ed25519 signatures, signature type 0x01) in the text
// forms of golang.org/x/mod/sumdb/note: verifier "name+hex8+base64(0x01 ‖ pubkey)" and signer
// "PRIVATE+KEY+name+hex8+base64(0x01 ‖ seed)". The key ID binds name, type and key:
// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ pubkey)[:4].
import {
  createPrivateKey,
  createPublicKey,
  hash,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { AuditLogError } from './audit-log-error.ts';
import { isValidKeyName } from './note-text.ts';
import { decodeBase64Strict } from './strict-base64.ts';

export interface NoteSigner {
  readonly name: string;
  readonly keyId: Buffer;
  sign(message: Uint8Array): Buffer;
}
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: Buffer;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

const ED25519 = 0x01;
const KEY_SIZE = 32;
const SIGNATURE_SIZE = 64;
// DER prefixes of an Ed25519 PKCS#8 private key (RFC 8410 §7) and SubjectPublicKeyInfo (§4).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const HEX8 = /^[0-9a-fA-F]{8}$/;

function malformed(message: string, cause?: unknown): AuditLogError {
  return new AuditLogError('KEY_MALFORMED', message, cause === undefined ? undefined : { cause });
}

function keyId(name: string, typeAndKey: Uint8Array): Buffer {
  return Buffer.from(
    hash(
      'sha256',
      Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), typeAndKey]),
      'buffer',
    ).subarray(0, 4),
  );
}

/** Splits at the first `count` '+' signs (the base64 tail may itself contain '+'). */
function splitPlus(text: string, count: number): string[] | undefined {
  if (typeof text !== 'string') return undefined;
  const parts: string[] = [];
  let rest = text;
  for (let i = 0; i < count; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return undefined;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

/** Decodes "hex8+base64(0x01 ‖ 32 bytes)" after the name; checks the name too. */
function decodeKeyFields(
  name: string,
  hex: string,
  b64: string,
  what: string,
): { id: Buffer; key: Buffer } {
  if (!isValidKeyName(name)) throw malformed(`${what}: invalid key name`);
  const typeAndKey = decodeBase64Strict(b64);
  if (!HEX8.test(hex) || typeAndKey === undefined)
    throw malformed(`${what}: expected name+hex8+base64`);
  if (typeAndKey.length !== 1 + KEY_SIZE || typeAndKey[0] !== ED25519) {
    throw malformed(`${what}: only Ed25519 keys (type 0x01, 32 bytes) are supported`);
  }
  return { id: Buffer.from(hex, 'hex'), key: typeAndKey.subarray(1) };
}

interface SignerParts {
  name: string;
  keyId: Buffer;
  privateKey: KeyObject;
  publicKey: Buffer;
}

function parseSigner(text: string): SignerParts {
  const parts = splitPlus(text, 4);
  if (parts === undefined || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    throw malformed('signer key: expected PRIVATE+KEY+name+hex8+base64');
  }
  const [, , name = '', hex = '', b64 = ''] = parts;
  const { id, key: seed } = decodeKeyFields(name, hex, b64, 'signer key');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    });
  } catch (cause) {
    throw malformed('signer key: not a valid Ed25519 seed', cause);
  }
  const publicKey = createPublicKey(privateKey)
    .export({ format: 'der', type: 'spki' })
    .subarray(SPKI_PREFIX.length);
  const expected = keyId(name, Buffer.concat([Buffer.from([ED25519]), publicKey]));
  if (!expected.equals(id)) throw malformed(`signer key: key id ${hex} does not match the key`);
  return { name, keyId: expected, privateKey, publicKey };
}

export function parseSignerKey(text: string): NoteSigner {
  const { name, keyId: id, privateKey } = parseSigner(text);
  return {
    name,
    keyId: id,
    sign: (message: Uint8Array): Buffer => sign(null, message, privateKey),
  };
}

/** Go's text form: "PRIVATE+KEY+<name>+<hex keyid>+base64(0x01 ‖ 32-byte seed)". */
export function generateSignerKey(name: string): string {
  if (typeof name !== 'string' || !isValidKeyName(name)) throw malformed('invalid key name');
  const seed = randomBytes(KEY_SIZE);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey)
    .export({ format: 'der', type: 'spki' })
    .subarray(SPKI_PREFIX.length);
  const id = keyId(name, Buffer.concat([Buffer.from([ED25519]), publicKey]));
  return `PRIVATE+KEY+${name}+${id.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), seed]).toString('base64')}`;
}

export function verifierKeyFromSignerKey(text: string): string {
  const { name, keyId: id, publicKey } = parseSigner(text);
  return `${name}+${id.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString('base64')}`;
}

/** "name+hex8+base64(0x01 ‖ pubkey)"; KEY_MALFORMED. */
export function parseVerifierKey(text: string): NoteVerifier {
  const parts = splitPlus(text, 2);
  if (parts === undefined) throw malformed('verifier key: expected name+hex8+base64');
  const [name = '', hex = '', b64 = ''] = parts;
  const { id, key } = decodeKeyFields(name, hex, b64, 'verifier key');
  const expected = keyId(name, Buffer.concat([Buffer.from([ED25519]), key]));
  if (!expected.equals(id)) throw malformed(`verifier key: key id ${hex} does not match the key`);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, key]),
      format: 'der',
      type: 'spki',
    });
  } catch (cause) {
    throw malformed('verifier key: not a valid Ed25519 public key', cause);
  }
  return {
    name,
    keyId: expected,
    verify(message: Uint8Array, signature: Uint8Array): boolean {
      if (!(signature instanceof Uint8Array) || signature.length !== SIGNATURE_SIZE) return false;
      try {
        return verify(null, message, publicKey, signature);
      } catch {
        return false;
      }
    },
  };
}
