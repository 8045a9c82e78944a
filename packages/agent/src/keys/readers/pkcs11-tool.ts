// A thin runner for OpenSC's `pkcs11-tool`: node has no PKCS#11 binding without a native addon.
// The PIN goes through the environment (`--pin env:NAME`, OpenSC ≥ 0.23), never the command line.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { KeyCheckError } from '../checks/key-check-error.ts';

const run = promisify(execFile);

export const PKCS11_PIN_ENV = 'KEYWATCH_PKCS11_PIN';

export interface TokenRef {
  readonly module: string;
  /** The PKCS#11 slot ID (as `pkcs11-tool --slot` and `softhsm2-util --show-slots` print it). */
  readonly slot: string;
  readonly pin?: string;
}

export async function pkcs11(t: TokenRef, args: string[], login = false): Promise<string> {
  const base = ['--module', t.module, '--slot', t.slot];
  const auth = login && t.pin !== undefined ? ['--login', '--pin', `env:${PKCS11_PIN_ENV}`] : [];
  try {
    const r = await run('pkcs11-tool', [...base, ...auth, ...args], {
      env: { ...process.env, ...(t.pin !== undefined && { [PKCS11_PIN_ENV]: t.pin }) },
      maxBuffer: 8 << 20,
    });
    return r.stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const why = (e.stderr ?? e.message).split('\n').find((l) => /error|fail/i.test(l)) ?? e.message;
    throw new KeyCheckError(
      'TOKEN_FAILED',
      `pkcs11-tool ${args.slice(0, 2).join(' ')}: ${why.trim()}`,
    );
  }
}

export interface TokenObject {
  readonly kind: 'pubkey' | 'privkey' | 'secrkey' | 'cert' | 'data';
  readonly keyType: string;
  readonly bits: number;
  readonly label: string;
  readonly id: string;
  readonly usage: string[];
}

const KINDS: [RegExp, TokenObject['kind']][] = [
  [/^Public Key Object/, 'pubkey'],
  [/^Private Key Object/, 'privkey'],
  [/^Secret Key Object/, 'secrkey'],
  [/^Certificate Object/, 'cert'],
  [/^Data object/i, 'data'],
];

/** Parses `pkcs11-tool --list-objects` (attributes only; values are never asked for). */
export function parseObjectList(text: string): TokenObject[] {
  const out: TokenObject[] = [];
  let cur: { -readonly [K in keyof TokenObject]: TokenObject[K] } | undefined;
  for (const line of text.split('\n')) {
    const kind = KINDS.find(([re]) => re.test(line))?.[1];
    if (kind) {
      const head = line.split(';')[1]?.trim() ?? '';
      const bits = Number(/(\d+) bits/.exec(head)?.[1] ?? /length (\d+)/.exec(head)?.[1] ?? 0);
      cur = { kind, keyType: head.split(/\s+/)[0] ?? '', bits, label: '', id: '', usage: [] };
      if (kind === 'secrkey') cur.bits = bits * 8; // SoftHSM/OpenSC print the length in bytes
      out.push(cur);
      continue;
    }
    const m = /^\s+(label|ID|Usage):\s*(.*)$/.exec(line);
    if (!cur || !m) continue;
    if (m[1] === 'label') cur.label = m[2]!.trim();
    if (m[1] === 'ID') cur.id = m[2]!.trim();
    if (m[1] === 'Usage') cur.usage = m[2]!.split(',').map((s) => s.trim());
  }
  return out;
}
