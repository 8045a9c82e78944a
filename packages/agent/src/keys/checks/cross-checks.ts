// Checks across a set of keys rather than one: the same key deployed where it must not be shared,
// and RSA moduli sharing a prime (batch GCD). Adds findings to the reports they concern.
import { findSharedPrimes } from './batch-gcd.ts';
import { fail, worst, type Finding } from './key-finding.ts';
import type { KeyReport } from './key-under-check.ts';

export interface Placed {
  readonly report: KeyReport;
  /** One deployment: a file, a PKCS#12 bundle, a token. The same key twice in one group is a pair
   * (a private key and its certificate), not a duplicate. */
  readonly group: string;
  /** The inventory says this key may be deployed in several places. */
  readonly shareable?: boolean;
}

// Only private or secret material counts: a public key or certificate is meant to be everywhere.
function identity(r: KeyReport): string | undefined {
  if (r.kind !== 'private' && r.kind !== 'secret') return undefined;
  return (
    r.fingerprint ??
    ((r.kcv?.cmac ?? r.kcv?.legacy)
      ? `kcv:${r.algorithm}:${r.kcv?.cmac ?? r.kcv?.legacy}`
      : undefined)
  );
}

function add(r: KeyReport, f: Finding): KeyReport {
  const findings = [...r.findings, f];
  return { ...r, findings, verdict: worst(findings) };
}

export function crossCheck(placed: readonly Placed[]): KeyReport[] {
  const out = placed.map((p) => p.report);
  const groups = new Map<string, Set<string>>();
  placed.forEach((p) => {
    const id = identity(p.report);
    if (!id || p.shareable) return;
    groups.set(id, (groups.get(id) ?? new Set()).add(p.group));
  });
  placed.forEach((p, i) => {
    const id = identity(p.report);
    const where = id ? groups.get(id) : undefined;
    if (where && where.size > 1)
      out[i] = add(
        out[i]!,
        fail('duplicate', `same key also in ${[...where].filter((g) => g !== p.group).join(', ')}`),
      );
  });
  // One modulus per distinct key; the same key in two places is not a shared prime.
  const byModulus = new Map<string, number[]>();
  out.forEach((r, i) => {
    if (r.modulus) byModulus.set(r.modulus, [...(byModulus.get(r.modulus) ?? []), i]);
  });
  const moduli = [...byModulus.keys()];
  for (const s of findSharedPrimes(moduli.map((m) => BigInt(`0x${m}`)))) {
    for (const i of byModulus.get(moduli[s.index]!)!)
      out[i] = add(
        out[i]!,
        fail('shared_prime', `modulus shares a prime with another key: both are factorable`),
      );
  }
  return out;
}
