// keywatch keys check FILE… [--pkcs11 MODULE --slot N] [--server URL --token T] [--inventory FILE]
// The deployment gate (DESIGN.md): one line per key with its verdict and reasons; exit 1 when any
// key fails. Secrets come from the environment only: KEYWATCH_KEY_PASSPHRASE (encrypted PEM),
// KEYWATCH_PKCS12_PASSWORD, KEYWATCH_PKCS11_PIN.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import {
  checkDeployedKeys,
  KeyCheckError,
  PKCS11_PIN_ENV,
  PKCS12_PASSWORD_ENV,
  type KeyReport,
} from '@keywatch/agent';
import { parseInventory, type KeyInventoryEntry } from '@keywatch/protocol';
import { ApiClient } from '../api-client.ts';
import { CliError } from '../cli-error.ts';

interface KeysCheckFlags {
  pkcs11?: string;
  slot?: string;
  server?: string;
  token?: string;
  inventory?: string;
  host?: string;
  json?: boolean;
}

interface ServerAnswer {
  results: { label: string; findings: KeyReport['findings'] }[];
}

function readInventory(path: string): KeyInventoryEntry[] {
  try {
    return parseInventory(readFileSync(path, 'utf8'), path.endsWith('.csv') ? 'csv' : 'json');
  } catch (err) {
    throw new CliError('INPUT_INVALID', `--inventory ${path}: ${(err as Error).message}`);
  }
}

export function formatReport(r: KeyReport): string {
  const id =
    r.fingerprint ??
    (r.kcv?.cmac ? `kcv:${r.kcv.cmac}` : r.kcv?.legacy ? `kcv:${r.kcv.legacy}` : '-');
  const alg = `${r.curve ?? r.algorithm}${r.curve ? '' : `-${r.bits}`}`;
  const bad = r.findings.filter((f) => f.status !== 'pass');
  const reasons = bad.length ? bad.map((f) => `${f.check}: ${f.reason}`).join('; ') : 'ok';
  return `${r.verdict.toUpperCase()} ${r.label} ${alg} ${id} ${reasons}`;
}

async function record(f: KeysCheckFlags, host: string, reports: KeyReport[]): Promise<KeyReport[]> {
  const client = new ApiClient(f.server!, f.token ?? process.env['KEYWATCH_TOKEN']);
  const res = await client.request('/v1/keys/checks', {
    method: 'POST',
    contentType: 'application/json',
    body: JSON.stringify({ host, origin: 'gate', reports }),
  });
  const answer = (await res.json()) as ServerAnswer;
  return reports.map((r, i) => {
    const extra = answer.results[i]?.findings ?? [];
    const findings = [...r.findings, ...extra];
    const verdict = findings.some((x) => x.status === 'fail')
      ? 'fail'
      : findings.some((x) => x.status === 'warn')
        ? 'warn'
        : 'pass';
    return { ...r, findings, verdict };
  });
}

async function check(files: string[], f: KeysCheckFlags): Promise<number> {
  if (files.length === 0 && !f.pkcs11)
    throw new CliError('USAGE', 'name at least one FILE or --pkcs11 MODULE');
  if (f.pkcs11 && f.slot === undefined)
    throw new CliError('USAGE', '--pkcs11 needs --slot N (the slot ID)');
  const host = f.host ?? hostname();
  const env = process.env;
  let reports = await checkDeployedKeys(
    {
      files,
      ...(f.pkcs11 && {
        pkcs11: [
          {
            module: f.pkcs11,
            slot: f.slot!,
            ...(env[PKCS11_PIN_ENV] !== undefined && { pin: env[PKCS11_PIN_ENV] }),
          },
        ],
      }),
      ...(env['KEYWATCH_KEY_PASSPHRASE'] !== undefined && {
        passphrase: env['KEYWATCH_KEY_PASSPHRASE'],
      }),
      ...(env[PKCS12_PASSWORD_ENV] !== undefined && { pkcs12Password: env[PKCS12_PASSWORD_ENV] }),
    },
    { host, ...(f.inventory && { inventory: readInventory(f.inventory) }) },
  );
  if (f.server) reports = await record(f, host, reports);
  for (const r of reports) {
    // The modulus is public but long: it goes to the server (batch GCD), not to the terminal.
    const shown = { ...r, modulus: undefined };
    process.stdout.write(`${f.json ? JSON.stringify(shown) : formatReport(r)}\n`);
  }
  return reports.some((r) => r.verdict === 'fail') ? 1 : 0;
}

export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description('keys in production: checks and the deployment gate');
  keys
    .command('check')
    .description(
      'check keys before they go live: one line per key with its verdict and reasons (exit 1 when any key fails)',
    )
    .argument(
      '[file...]',
      'PEM/DER keys and certificates, PKCS#12 (.p12/.pfx), OpenSSH public keys, JWK secret keys',
    )
    .option(
      '--pkcs11 <module>',
      'also check the keys on a PKCS#11 token through this module (PIN from KEYWATCH_PKCS11_PIN)',
    )
    .option('--slot <n>', 'the PKCS#11 slot ID')
    .option('--inventory <file>', 'compare with this inventory (JSON or CSV)')
    .option(
      '--server <url>',
      'record the result on this keywatch server and compare with its inventory',
    )
    .option('--token <t>', 'API token for --server (or KEYWATCH_TOKEN)')
    .option('--host <name>', 'the host name the keys are deployed on (default: this host)')
    .option('--json', 'one JSON object per key instead of a line of text')
    .action(async (files: string[], flags: KeysCheckFlags) => {
      try {
        process.exitCode = await check(files, flags);
      } catch (e) {
        if (!(e instanceof KeyCheckError)) throw e;
        throw new CliError('INPUT_INVALID', `${e.code}: ${e.message}`);
      }
    });
}
