// The deployment gate and the agent's key probe share this: read every configured location, run
// the per-key checks, then the checks across keys (duplicates, shared primes) and the comparison
// with the inventory (a key at an inventoried location that is not the expected one is a
// corrupted or substituted key).
import { matchInventory, type KeyInventoryEntry } from '@keywatch/protocol';
import { checkKey } from './checks/check-key.ts';
import { crossCheck, type Placed } from './checks/cross-checks.ts';
import { KeyCheckError } from './checks/key-check-error.ts';
import { fail, worst, type Finding } from './checks/key-finding.ts';
import { checkCryptoperiod, type KeyUsage } from './checks/key-policy.ts';
import type { KeyReport, KeyUnderCheck } from './checks/key-under-check.ts';
import { readKeyFile } from './readers/key-file-reader.ts';
import { readToken } from './readers/pkcs11-reader.ts';
import type { TokenRef } from './readers/pkcs11-tool.ts';

export interface KeyLocations {
  readonly files: readonly string[];
  readonly pkcs11?: readonly TokenRef[];
  readonly passphrase?: string;
  readonly pkcs12Password?: string;
}

export interface CheckOptions {
  readonly inventory?: readonly KeyInventoryEntry[];
  /** This host's name, for inventory locations written `host:path`. */
  readonly host?: string;
  readonly now?: Date;
}

async function collect(loc: KeyLocations): Promise<{ group: string; key: KeyUnderCheck }[]> {
  const out: { group: string; key: KeyUnderCheck }[] = [];
  const unreadable = (label: string, err: unknown): KeyUnderCheck => {
    if (!(err instanceof KeyCheckError)) throw err;
    return { label, preFindings: [fail('parse', `${err.code}: ${err.message}`)] };
  };
  for (const file of loc.files) {
    try {
      const opts = {
        ...(loc.passphrase !== undefined && { passphrase: loc.passphrase }),
        ...(loc.pkcs12Password !== undefined && { pkcs12Password: loc.pkcs12Password }),
      };
      for (const key of readKeyFile(file, opts)) out.push({ group: file, key });
    } catch (err) {
      out.push({ group: file, key: unreadable(file, err) });
    }
  }
  for (const t of loc.pkcs11 ?? []) {
    const group = `pkcs11:slot=${t.slot}`;
    try {
      for (const key of await readToken(t)) out.push({ group, key });
    } catch (err) {
      out.push({ group, key: unreadable(group, err) });
    }
  }
  return out;
}

function withInventory(r: KeyReport, opts: CheckOptions, now: Date): KeyReport {
  if (!opts.inventory) return r;
  const m = matchInventory(r, opts.inventory, opts.host);
  const extra: Finding[] = [m.finding as Finding];
  if (m.entry && !m.mismatch && (m.entry.activation || m.entry.expiry)) {
    const lifecycle = {
      ...(m.entry.usage !== undefined && { usage: m.entry.usage as KeyUsage }),
      ...(m.entry.activation !== undefined && { activation: m.entry.activation }),
      ...(m.entry.expiry !== undefined && { expiry: m.entry.expiry }),
    };
    extra.push(checkCryptoperiod(lifecycle, now));
  }
  const findings = [...r.findings, ...extra];
  return { ...r, findings, verdict: worst(findings) };
}

export async function checkDeployedKeys(
  loc: KeyLocations,
  opts: CheckOptions = {},
): Promise<KeyReport[]> {
  const now = opts.now ?? new Date();
  const found = await collect(loc);
  const placed: Placed[] = [];
  for (const { group, key } of found) {
    const report = withInventory(await checkKey(key, now), opts, now);
    const entry = opts.inventory && matchInventory(report, opts.inventory, opts.host).entry;
    placed.push({ report, group, ...(entry?.shareable && { shareable: true }) });
  }
  return crossCheck(placed);
}
