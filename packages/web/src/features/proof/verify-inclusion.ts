// Verifies, in the browser, that log entry I is in the tree the signed checkpoint commits to:
// fetch the exact leaf bytes, the inclusion proof, the checkpoint and the verifier key; check the
// Ed25519 signature; recompute the RFC 9162 §2.1.3.2 root from SHA-256(0x00‖leaf) and the proof
// path; compare. The server is not trusted for any of it: only the verifier key is.
import { getBytes, getJson, getText } from '../../api/api-client.ts';
import {
  fromBase64,
  openCheckpoint,
  parseVerifierKey,
  ProofError,
  sha256,
  toHex,
} from './signed-note.ts';

export interface InclusionResult {
  ok: boolean;
  index: number;
  treeSize?: number;
  origin?: string;
  root?: string;
  /** Each step that passed, in order; on failure the step and reason that failed. */
  passed: string[];
  failed?: { step: string; reason: string };
}

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

/** RFC 9162 §2.1.3.2; integer halving by division, because indexes may exceed 32 bits. */
export async function rootFromInclusionProof(
  index: number,
  size: number,
  leafHash: Uint8Array,
  path: Uint8Array[],
): Promise<Uint8Array> {
  if (index >= size)
    throw new ProofError('proof', `index ${index} is not below the tree size ${size}`);
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) throw new ProofError('proof', 'the proof is longer than the tree is deep');
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(NODE, p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else r = await sha256(NODE, r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new ProofError('proof', 'the proof is shorter than the tree is deep');
  return r;
}

export async function verifyInclusion(index: number): Promise<InclusionResult> {
  const passed: string[] = [];
  const result: InclusionResult = { ok: false, index, passed };
  try {
    const [keyText, note, leaf] = await Promise.all([
      getText('/v1/log/key'),
      getText('/v1/log/checkpoint'),
      getBytes(`/v1/log/entries/${index}`),
    ]);
    const key = await parseVerifierKey(keyText);
    passed.push(`verifier key ${key.name}+${toHex(key.keyId)} is well formed`);
    const cp = await openCheckpoint(note, key);
    Object.assign(result, { treeSize: cp.size, origin: cp.origin });
    passed.push(`checkpoint of size ${cp.size} carries a valid Ed25519 signature`);
    let named: unknown;
    try {
      named = (
        JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(leaf)) as { index?: unknown }
      ).index;
    } catch {
      throw new ProofError('leaf', 'the entry is not UTF-8 JSON');
    }
    if (named !== index)
      throw new ProofError('leaf', `the entry names index ${String(named)}, not ${index}`);
    passed.push(`entry ${index} names its own position`);
    const proof = await getJson<{ index: number; treeSize: number; hashes: string[] }>(
      `/v1/log/proof/inclusion?index=${index}&size=${cp.size}`,
    );
    if (proof.index !== index || proof.treeSize !== cp.size)
      throw new ProofError('proof', 'the proof is for another index or tree size');
    const path = proof.hashes.map((h) => fromBase64(h, 'proof'));
    if (path.some((h) => h.length !== 32))
      throw new ProofError('proof', 'a proof hash is not 32 bytes');
    const root = await rootFromInclusionProof(index, cp.size, await sha256(LEAF, leaf), path);
    result.root = btoa(String.fromCharCode(...cp.root));
    if (toHex(root) !== toHex(cp.root))
      throw new ProofError(
        'root',
        `the entry and its proof hash to ${btoa(String.fromCharCode(...root))}, not the signed root: the entry or the proof was altered`,
      );
    passed.push(`SHA-256 of the entry and ${path.length} proof hashes give the signed root`);
    result.ok = true;
  } catch (err) {
    result.failed =
      err instanceof ProofError
        ? { step: err.step, reason: err.message }
        : { step: 'fetch', reason: (err as Error).message };
  }
  return result;
}
