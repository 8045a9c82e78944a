// The independent verifier against: the known-answer vector of shared/research/verifiable-log.md
// §1.7 (with proofs built here from the recursive RFC 9162 definitions), the transparency-dev/merkle
// vectors in shared/testdata/merkle, and single-bit tampering.
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  independentOpenCheckpoint,
  independentParseVerifierKey,
  independentVerifyConsistency,
  independentVerifyInclusion,
  independentVerifyInclusionHash,
} from '../src/index.ts';

// ---- Known-answer vector (verifiable-log.md §1.7) ----
const ORIGIN = 'kms.example.com/audit';
const VKEY = 'kms.example.com/audit+7e1ed3e7+AepKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs';
const CHECKPOINT =
  'kms.example.com/audit\n7\nu4M4YpxiC8NyE4TZqJnK/P1tChEy01g+ctekQQ6SBIw=\n\n' +
  '\u2014 kms.example.com/audit fh7T59tOhukzxFyxULnTQVzfdCc1bohv4PYR0jqUdlwkY/Qm8OIjEfEERtaKFnpJmrJ2J2Psl4H3swSAUwUh/1rmQAY=\n';
const LEAVES = Array.from({ length: 7 }, (_, i) =>
  Buffer.from(JSON.stringify({ seq: i, type: 'KeyRotate', status: 'success' }), 'utf8'),
);

// RFC 8410 PKCS#8 wrapping of a 32-byte Ed25519 seed.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const privateKey = createPrivateKey({
  key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.alloc(32, 0x07)]),
  format: 'der',
  type: 'pkcs8',
});
const rawPublicKey = (): Buffer => {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  assert.ok(jwk.x !== undefined);
  return Buffer.from(jwk.x, 'base64url');
};

// ---- Reference Merkle tree, straight from the recursive definitions of RFC 9162 §2.1 ----
const sha = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const largestPow2Below = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
// §2.1.1 MTH.
function mth(d: Buffer[]): Buffer {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Buffer.from([0]), d[0] ?? Buffer.alloc(0));
  const k = largestPow2Below(d.length);
  return sha(Buffer.from([1]), mth(d.slice(0, k)), mth(d.slice(k)));
}
// §2.1.3.1 PATH(m, D[n]).
function path(m: number, d: Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  const k = largestPow2Below(d.length);
  return m < k
    ? [...path(m, d.slice(0, k)), mth(d.slice(k))]
    : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}
// §2.1.4.1 SUBPROOF(m, D[n], b); PROOF(m, D[n]) = SUBPROOF(m, D[n], true).
function subproof(m: number, d: Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = largestPow2Below(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

function flipBit(b: Uint8Array, bit: number): Buffer {
  const c = Buffer.from(b);
  c[bit >> 3] = (c[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return c;
}

test('known answer: verifier key and signed checkpoint of 7 leaves', () => {
  const pub = rawPublicKey();
  const keyId = sha(Buffer.from(`${ORIGIN}\n`), Buffer.from([1]), pub).subarray(0, 4);
  const vkey = `${ORIGIN}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([1]), pub]).toString('base64')}`;
  assert.equal(vkey, VKEY);
  assert.deepEqual(independentParseVerifierKey(VKEY), { name: ORIGIN, keyId, publicKey: pub });

  const root = mth(LEAVES);
  const text = `${ORIGIN}\n7\n${root.toString('base64')}\n`;
  const sig = sign(null, Buffer.from(text), privateKey);
  const note = `${text}\n\u2014 ${ORIGIN} ${Buffer.concat([keyId, sig]).toString('base64')}\n`;
  assert.equal(note, CHECKPOINT);
  assert.deepEqual(independentOpenCheckpoint(CHECKPOINT, VKEY), { origin: ORIGIN, size: 7n, root });
});

test('known answer: inclusion of every leaf in every tree size', () => {
  for (let n = 1; n <= LEAVES.length; n++) {
    const tree = LEAVES.slice(0, n);
    for (let m = 0; m < n; m++) {
      independentVerifyInclusion(
        LEAVES[m] ?? Buffer.alloc(0),
        BigInt(m),
        BigInt(n),
        path(m, tree),
        mth(tree),
      );
    }
  }
});

test('known answer: consistency between every pair of sizes', () => {
  for (let n = 1; n <= LEAVES.length; n++) {
    for (let m = 1; m <= n; m++) {
      const proof = subproof(m, LEAVES.slice(0, n), true);
      independentVerifyConsistency(
        BigInt(m),
        BigInt(n),
        proof,
        mth(LEAVES.slice(0, m)),
        mth(LEAVES.slice(0, n)),
      );
    }
  }
});

// ---- transparency-dev/merkle vectors ----
const VECTORS = fileURLToPath(new URL('../../auditlog/test/vectors/merkle/', import.meta.url));
function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? jsonFiles(p) : name.endsWith('.json') ? [p] : [];
  });
}
// Sizes and indexes go up to 2^64-1, which JSON.parse would round: quote them, then read as BigInt.
function readVector(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8').replace(
    /"(leafIdx|treeSize|size1|size2)":\s*(\d+)/g,
    '"$1":"$2"',
  );
  return JSON.parse(text) as Record<string, unknown>;
}
const b64 = (v: unknown): Buffer => Buffer.from(String(v), 'base64');
const b64list = (v: unknown): Buffer[] => ((v ?? []) as string[]).map(b64);
const outcome = (f: () => void): boolean => {
  try {
    f();
    return false;
  } catch {
    return true;
  }
};

test('transparency-dev/merkle inclusion vectors', () => {
  const files = jsonFiles(join(VECTORS, 'inclusion'));
  assert.ok(files.length > 80);
  for (const file of files) {
    const v = readVector(file);
    const failed = outcome(() =>
      independentVerifyInclusionHash(
        b64(v.leafHash),
        BigInt(String(v.leafIdx)),
        BigInt(String(v.treeSize)),
        b64list(v.proof),
        b64(v.root),
      ),
    );
    assert.equal(failed, v.wantErr, file);
  }
});

test('transparency-dev/merkle consistency vectors', () => {
  const files = jsonFiles(join(VECTORS, 'consistency'));
  assert.ok(files.length > 80);
  for (const file of files) {
    const v = readVector(file);
    const failed = outcome(() =>
      independentVerifyConsistency(
        BigInt(String(v.size1)),
        BigInt(String(v.size2)),
        b64list(v.proof),
        b64(v.root1),
        b64(v.root2),
      ),
    );
    assert.equal(failed, v.wantErr, file);
  }
});

// ---- Tampering ----
test('any flipped bit in the signed note makes it fail', () => {
  const bytes = Buffer.from(CHECKPOINT, 'utf8');
  for (let bit = 0; bit < bytes.length * 8; bit++) {
    const tampered = flipBit(bytes, bit).toString('utf8');
    assert.throws(() => independentOpenCheckpoint(tampered, VKEY), Error, `bit ${bit}`);
  }
});

test('an en dash, a wrong key id, or another key fails', () => {
  assert.throws(
    () => independentOpenCheckpoint(CHECKPOINT.replace('\u2014', '\u2013'), VKEY),
    /em dash/,
  );
  const wrongId = VKEY.replace('+7e1ed3e7+', '+7e1ed3e6+');
  assert.throws(() => independentParseVerifierKey(wrongId), /key id/);
  assert.throws(() => independentOpenCheckpoint(CHECKPOINT, wrongId), /key id/);
  const other = VKEY.replace('kms.example.com/audit+7e1ed3e7', 'other+7e1ed3e7');
  assert.throws(() => independentParseVerifierKey(other), /key id/);
  // A well-formed key for a different public key: no signature by it.
  const pub = Buffer.alloc(32, 0x09);
  const id = sha(Buffer.from(`${ORIGIN}\n`), Buffer.from([1]), pub)
    .subarray(0, 4)
    .toString('hex');
  const otherKey = `${ORIGIN}+${id}+${Buffer.concat([Buffer.from([1]), pub]).toString('base64')}`;
  assert.throws(() => independentOpenCheckpoint(CHECKPOINT, otherKey), /no signature/);
});

test('any flipped bit in the leaf, a proof hash or a root makes proofs fail', () => {
  const n = LEAVES.length;
  const root = mth(LEAVES);
  for (let m = 0; m < n; m++) {
    const leaf = LEAVES[m] ?? Buffer.alloc(0);
    const proof = path(m, LEAVES);
    const check = (l: Buffer, p: Buffer[], r: Buffer): void =>
      independentVerifyInclusion(l, BigInt(m), BigInt(n), p, r);
    for (let bit = 0; bit < leaf.length * 8; bit++)
      assert.throws(() => check(flipBit(leaf, bit), proof, root));
    for (let bit = 0; bit < 256; bit++) assert.throws(() => check(leaf, proof, flipBit(root, bit)));
    proof.forEach((h, i) => {
      for (let bit = 0; bit < 256; bit++) {
        assert.throws(() =>
          check(
            leaf,
            proof.map((x, j) => (j === i ? flipBit(h, bit) : x)),
            root,
          ),
        );
      }
    });
  }
  for (let m = 1; m < n; m++) {
    const proof = subproof(m, LEAVES, true);
    const old = mth(LEAVES.slice(0, m));
    const check = (p: Buffer[], a: Buffer, b: Buffer): void =>
      independentVerifyConsistency(BigInt(m), BigInt(n), p, a, b);
    for (let bit = 0; bit < 256; bit++) {
      assert.throws(() => check(proof, flipBit(old, bit), root));
      assert.throws(() => check(proof, old, flipBit(root, bit)));
    }
    proof.forEach((h, i) => {
      for (let bit = 0; bit < 256; bit++) {
        assert.throws(() =>
          check(
            proof.map((x, j) => (j === i ? flipBit(h, bit) : x)),
            old,
            root,
          ),
        );
      }
    });
  }
});

test('a proof padded past the root fails even when the roots are forged to match', () => {
  const n = LEAVES.length;
  const extra = Buffer.alloc(32, 0x5a);
  const lift = (r: Buffer): Buffer => sha(Buffer.from([1]), extra, r);
  for (let m = 0; m < n; m++) {
    const leaf = LEAVES[m] ?? Buffer.alloc(0);
    const proof = [...path(m, LEAVES), extra];
    assert.throws(
      () => independentVerifyInclusion(leaf, BigInt(m), BigInt(n), proof, lift(mth(LEAVES))),
      /too long/,
    );
  }
  for (let m = 1; m < n; m++) {
    const proof = [...subproof(m, LEAVES, true), extra];
    const [a, b] = [lift(mth(LEAVES.slice(0, m))), lift(mth(LEAVES))];
    assert.throws(
      () => independentVerifyConsistency(BigInt(m), BigInt(n), proof, a, b),
      /too long/,
    );
  }
});

test('sizes out of range fail', () => {
  const root = mth(LEAVES);
  const leaf = LEAVES[0] ?? Buffer.alloc(0);
  assert.throws(() => independentVerifyConsistency(0n, 7n, [], mth([]), root), /at least 1/);
  assert.throws(() => independentVerifyConsistency(-1n, 7n, [root], root, root), /64-bit/);
  assert.throws(() => independentVerifyConsistency(8n, 7n, [], root, root), /exceeds/);
  assert.throws(() => independentVerifyInclusion(leaf, 7n, 7n, path(0, LEAVES), root), /below/);
  assert.throws(() => independentVerifyInclusion(leaf, 0n, 1n << 64n, [], root), /64-bit/);
});

test('checkpoint body: extension lines allowed, empty lines and bad numbers refused', () => {
  const keyId = Buffer.from('7e1ed3e7', 'hex');
  const signed = (text: string): string =>
    `${text}\n\u2014 ${ORIGIN} ${Buffer.concat([keyId, sign(null, Buffer.from(text), privateKey)]).toString('base64')}\n`;
  const root = mth(LEAVES).toString('base64');
  assert.equal(independentOpenCheckpoint(signed(`${ORIGIN}\n7\n${root}\next\n`), VKEY).size, 7n);
  for (const bad of [
    `${ORIGIN}\n7\n${root}\n\next\n`,
    `${ORIGIN}\n07\n${root}\n`,
    `${ORIGIN}\n+7\n${root}\n`,
    `${ORIGIN}\n18446744073709551616\n${root}\n`,
    `${ORIGIN}\n7\n${root.slice(0, -1)}\n`,
    `${ORIGIN}\n7\n`,
    `\n7\n${root}\n`,
  ]) {
    assert.throws(() => independentOpenCheckpoint(signed(bad), VKEY), Error, JSON.stringify(bad));
  }
});
