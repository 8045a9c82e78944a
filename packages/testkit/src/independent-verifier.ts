// An independent second verifier for keywatch's audit log, written straight from the specs and
// deliberately sharing no code with @keywatch/auditlog (the implementation under test):
// - RFC 9162 §2.1: Merkle tree hashing, §2.1.3.2 inclusion and §2.1.4.2 consistency verification;
// - c2sp.org/signed-note (Ed25519, signature type 0x01) and c2sp.org/tlog-checkpoint.
// Only node:crypto. Every check throws an Error naming what failed.
import { createHash, createPublicKey, verify } from 'node:crypto';

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

// RFC 9162 §2.1.1: leaf hash = HASH(0x00 ‖ leaf), interior node hash = HASH(0x01 ‖ left ‖ right).
const leafHash = (leaf: Uint8Array): Buffer => sha256(Buffer.from([0x00]), leaf);
const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer =>
  sha256(Buffer.from([0x01]), left, right);

const MAX_U64 = (1n << 64n) - 1n;

function checkU64(what: string, n: bigint): void {
  if (n < 0n || n > MAX_U64) throw new Error(`${what} ${n} is not a 64-bit unsigned integer`);
}

function checkHashes(proof: readonly Uint8Array[]): void {
  if (proof.some((p) => p.length !== 32)) throw new Error('proof: a hash is not 32 bytes');
}

/** Strict RFC 4648 §4 base64 (with padding, canonical trailing bits); Node's decoder is lenient. */
function decodeBase64(what: string, s: string): Buffer {
  const b = Buffer.from(s, 'base64');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0 || b.toString('base64') !== s) {
    throw new Error(`${what} is not canonical standard base64`);
  }
  return b;
}

/** RFC 9162 §2.1.3.2, from step 1, given the leaf's hash rather than the leaf itself. */
export function independentVerifyInclusionHash(
  hash: Uint8Array,
  index: bigint,
  size: bigint,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  checkU64('index', index);
  checkU64('tree size', size);
  if (hash.length !== 32) throw new Error(`leaf hash is ${hash.length} bytes, not 32`);
  checkHashes(proof);
  // Step 1: leaf_index must be below tree_size.
  if (index >= size) throw new Error(`inclusion: index ${index} is not below tree size ${size}`);
  // Steps 2-3.
  let fn = index;
  let sn = size - 1n;
  let r: Buffer = Buffer.from(hash);
  // Step 4.
  for (const p of proof) {
    if (sn === 0n) throw new Error('inclusion: proof is too long');
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      // If LSB(fn) is not set, shift both right until LSB(fn) is set or fn is 0.
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  // Step 5.
  if (sn !== 0n) throw new Error('inclusion: proof is too short');
  if (!r.equals(root)) throw new Error('inclusion: computed root does not match the given root');
}

/** RFC 9162 §2.1.3.2. Throws unless the leaf (raw bytes: hash as SHA-256(0x00‖leaf)) at index is included in a tree of size with that root. */
export function independentVerifyInclusion(
  leaf: Uint8Array,
  index: bigint,
  size: bigint,
  proof: Buffer[],
  root: Buffer,
): void {
  independentVerifyInclusionHash(leafHash(leaf), index, size, proof, root);
}

/** RFC 9162 §2.1.4.2: the tree of size `from` with root fromRoot is a prefix of the tree of size `size` with root toRoot. */
export function independentVerifyConsistency(
  from: bigint,
  size: bigint,
  proof: Buffer[],
  fromRoot: Buffer,
  toRoot: Buffer,
): void {
  checkU64('from', from);
  checkU64('tree size', size);
  checkHashes(proof);
  // No checkpoint of size 0 is ever signed (DESIGN.md, Formats), so an empty old tree is refused.
  if (from === 0n) throw new Error('consistency: from must be at least 1');
  if (from > size) throw new Error(`consistency: from ${from} exceeds tree size ${size}`);
  if (from === size) {
    // Equal sizes: nothing to prove beyond equal roots (RFC 9162 §2.1.4.1: PROOF(n, D[n]) is empty).
    if (proof.length !== 0) throw new Error('consistency: equal sizes need an empty proof');
    if (!fromRoot.equals(toRoot)) throw new Error('consistency: equal sizes, different roots');
    return;
  }
  // Step 1.
  if (proof.length === 0) throw new Error('consistency: empty proof');
  // Step 2: when `from` is a power of two, its root is implicit.
  const path = (from & (from - 1n)) === 0n ? [fromRoot, ...proof] : proof;
  // Step 3.
  let fn = from - 1n;
  let sn = size - 1n;
  // Step 4.
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  // Step 5.
  const [first, ...rest] = path;
  if (first === undefined) throw new Error('consistency: empty proof');
  let fr: Buffer = Buffer.from(first);
  let sr: Buffer = Buffer.from(first);
  // Step 6.
  for (const c of rest) {
    if (sn === 0n) throw new Error('consistency: proof is too long');
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  // Step 7.
  if (sn !== 0n) throw new Error('consistency: proof is too short');
  if (!fr.equals(fromRoot)) throw new Error('consistency: computed old root does not match');
  if (!sr.equals(toRoot)) throw new Error('consistency: computed new root does not match');
}

/** c2sp.org/signed-note: a key name is non-empty and has no Unicode whitespace and no '+'. */
function checkKeyName(name: string): void {
  if (name === '' || /[\s+]/u.test(name)) throw new Error(`bad key name ${JSON.stringify(name)}`);
}

/** signed-note, Ed25519: key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]. */
const ed25519KeyId = (name: string, pub: Uint8Array): Buffer =>
  sha256(Buffer.from(`${name}\n`, 'utf8'), Buffer.from([0x01]), pub).subarray(0, 4);

/** Parses a verifier key "name+hex8+base64(0x01‖pub)" and checks the key id = SHA-256(name‖0x0A‖0x01‖pub)[:4]. */
export function independentParseVerifierKey(vkey: string): {
  name: string;
  keyId: Buffer;
  publicKey: Buffer;
} {
  // The name holds no '+', but the standard base64 of the key may: split at the first two only.
  const m = /^([^+]*)\+([^+]*)\+(.*)$/s.exec(vkey);
  const [, name, hex, b64] = m ?? [];
  if (name === undefined || hex === undefined || b64 === undefined) {
    throw new Error('verifier key: expected name+keyid+key');
  }
  checkKeyName(name);
  if (!/^[0-9a-f]{8}$/.test(hex)) throw new Error('verifier key: key id is not 8 lower hex');
  const data = decodeBase64('verifier key data', b64);
  if (data.length !== 33 || data[0] !== 0x01) throw new Error('verifier key: not Ed25519 (0x01)');
  const publicKey = data.subarray(1);
  const keyId = Buffer.from(hex, 'hex');
  if (!keyId.equals(ed25519KeyId(name, publicKey))) throw new Error('verifier key: wrong key id');
  return { name, keyId, publicKey };
}

// RFC 8410 SubjectPublicKeyInfo for Ed25519: SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (32 bytes) }.
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Opens a signed note carrying a C2SP checkpoint: checks structure (text, blank line, "— name base64" lines with U+2014), the Ed25519 signature by the given key over the text (through its final LF), and parses origin / decimal size / base64 32-byte root. Throws Error with a clear message on any problem. */
export function independentOpenCheckpoint(
  note: string,
  vkey: string,
): { origin: string; size: bigint; root: Buffer } {
  const key = independentParseVerifierKey(vkey);
  // signed-note: UTF-8 text; LF is the only control character allowed.
  if (Buffer.from(note, 'utf8').toString('utf8') !== note) throw new Error('note: not valid UTF-8');
  for (const ch of note) {
    const c = ch.charCodeAt(0);
    if ((c < 0x20 && c !== 0x0a) || c === 0x7f) throw new Error('note: control character');
  }
  // signed-note: text (ending in LF), one blank line, then signature lines each ending in LF.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Error('note: no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const sigBlock = note.slice(split + 2);
  if (!sigBlock.endsWith('\n')) throw new Error('note: signature block must end with LF');
  const lines = sigBlock.slice(0, -1).split('\n');
  if (lines.length > 100) throw new Error('note: too many signatures');
  const publicKey = createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, key.publicKey]),
    format: 'der',
    type: 'spki',
  });
  let verified = 0;
  for (const line of lines) {
    // "— " is U+2014 EM DASH then a space; an en dash (U+2013) is malformed.
    if (!line.startsWith('\u2014 ')) throw new Error('note: no em dash (U+2014) + space');
    const fields = line.slice(2).split(' ');
    const [name, b64] = fields;
    if (fields.length !== 2 || name === undefined || b64 === undefined) {
      throw new Error('note: malformed signature line');
    }
    checkKeyName(name);
    const sig = decodeBase64('signature', b64);
    if (sig.length < 5) throw new Error('note: signature too short');
    // Verifiers ignore signatures by unknown (name, key ID) pairs.
    if (name !== key.name || !sig.subarray(0, 4).equals(key.keyId)) continue;
    if (sig.length !== 68) throw new Error('note: Ed25519 signature is not 64 bytes');
    // The signature covers the text through its final LF, not the blank line.
    if (!verify(null, Buffer.from(text), publicKey, sig.subarray(4))) {
      throw new Error('note: invalid signature');
    }
    verified++;
  }
  if (verified === 0) throw new Error(`note: no signature by key ${key.name}`);
  return parseCheckpointText(text);
}

/** c2sp.org/tlog-checkpoint: origin LF, decimal size LF, base64 root LF, optional non-empty extension lines. */
function parseCheckpointText(text: string): { origin: string; size: bigint; root: Buffer } {
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (origin === undefined || sizeText === undefined || rootText === undefined) {
    throw new Error('checkpoint: fewer than 3 lines');
  }
  if (origin === '') throw new Error('checkpoint: empty origin');
  if (extensions.some((l) => l === '')) throw new Error('checkpoint: empty extension line');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new Error('checkpoint: size is not canonical');
  const size = BigInt(sizeText);
  checkU64('checkpoint size', size);
  const root = decodeBase64('checkpoint root', rootText);
  if (root.length !== 32) throw new Error('checkpoint: root is not 32 bytes');
  return { origin, size, root };
}
