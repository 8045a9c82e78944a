// keywatch sca oval FILE [--root DIR] and keywatch sca run POLICY.yml [--root DIR] (DESIGN.md):
// one JSON line per definition or check, {"id":…,"result":…}. Exit 0 when nothing failed,
// 1 when a check failed (or, for OVAL, when a compliance definition is false or a vulnerability
// definition true), 2 when the input itself is unusable (ScaError). Also `sca inventory` and
// `sca remote` (the same checks over SSH from a monitoring host).
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  evaluateOval,
  loadPolicyFile,
  parseOvalDocument,
  parseOvalVariables,
  readInventory,
  runPolicy,
  ScaError,
  HostRoot,
  inventoryEvent,
  planFor,
  scaEvents,
  sshCommand,
  withRemoteRoot,
} from '@keywatch/agent';

const line = (o: unknown): boolean => process.stdout.write(JSON.stringify(o) + '\n');

function vars(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq < 1) throw new ScaError('POLICY_INVALID', `--var ${p}: expected name=value`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

async function guarded(fn: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await fn();
  } catch (e) {
    if (!(e instanceof ScaError)) throw e;
    process.stderr.write(`keywatch: sca: ${e.code}: ${e.message}\n`);
    process.exitCode = 2;
  }
}

export function registerSca(program: Command): void {
  const sca = program.command('sca').description('configuration and software assessment');
  sca
    .command('run')
    .description('evaluate a YAML policy: one JSON line per check (exit 1 when a check failed)')
    .argument('<policy>', 'the policy file (e.g. packages/agent/policies/kms-hardening.yml)')
    .option('--root <dir>', 'assess a mounted or copied filesystem instead of this host', '/')
    .option('--allow-commands', "run the policy's command rules (this host's opt-in)")
    .option(
      '--var <name=value>',
      'override a policy variable (repeatable)',
      (v: string, a: string[]) => [...a, v],
      [],
    )
    .option('--verbose', 'add title and reasons to each line')
    .action(
      (
        file: string,
        f: { root: string; allowCommands?: boolean; var: string[]; verbose?: boolean },
      ) =>
        guarded(async () => {
          const policy = await loadPolicyFile(file, vars(f.var));
          const results = await runPolicy(policy, {
            root: f.root,
            allowCommands: f.allowCommands === true,
          });
          for (const r of results)
            line(
              f.verbose
                ? { id: r.id, result: r.result, title: r.title, reasons: r.reasons }
                : { id: r.id, result: r.result },
            );
          return results.some((r) => r.result === 'fail') ? 1 : 0;
        }),
    );
  sca
    .command('oval')
    .description('evaluate OVAL 5.11 definitions: one JSON line per definition')
    .argument('<file>', 'an oval_definitions XML file')
    .option('--root <dir>', 'assess a mounted or copied filesystem instead of this host', '/')
    .option('--variables <file>', 'an oval_variables XML file with external variable values')
    .action((file: string, f: { root: string; variables?: string }) =>
      guarded(async () => {
        const read = async (p: string, code: 'OVAL_INVALID' | 'VARIABLES_INVALID') =>
          readFile(p, 'utf8').catch((e: Error) => {
            throw new ScaError(code, `cannot read ${p}: ${e.message}`);
          });
        const doc = parseOvalDocument(await read(file, 'OVAL_INVALID'));
        const externals = f.variables
          ? parseOvalVariables(await read(f.variables, 'VARIABLES_INVALID'))
          : undefined;
        const results = await evaluateOval(doc, { root: f.root, ...(externals && { externals }) });
        for (const r of results) line({ id: r.id, result: r.result });
        const bad = results.some(
          (r) =>
            (r.class === 'compliance' && r.result === 'false') ||
            (r.class === 'vulnerability' && r.result === 'true'),
        );
        return bad ? 1 : 0;
      }),
    );
  sca
    .command('remote')
    .description(
      'agentless: run a YAML policy on a host over the system ssh client (same output as run)',
    )
    .argument('<policy>', 'the policy file')
    .requiredOption('--ssh <destination>', 'user@host to assess (key authentication, BatchMode)')
    .option('--port <n>', 'ssh port')
    .option('--identity <file>', 'ssh private key')
    .option(
      '-o, --ssh-option <opt>',
      'an ssh -o option (repeatable)',
      (v: string, a: string[]) => [...a, v],
      [],
    )
    .option(
      '--var <name=value>',
      'override a policy variable (repeatable)',
      (v: string, a: string[]) => [...a, v],
      [],
    )
    .option(
      '--remote-prefix <dir>',
      'assess a tree mounted at DIR on the remote host instead of its /',
    )
    .option('--server <url>', 'also send the results as events to this keywatch server')
    .option('--token <token>', 'an ingest token for --server')
    .action(
      (
        file: string,
        f: {
          ssh: string;
          port?: string;
          identity?: string;
          sshOption: string[];
          var: string[];
          remotePrefix?: string;
          server?: string;
          token?: string;
        },
      ) =>
        guarded(async () => {
          const policy = await loadPolicyFile(file, vars(f.var));
          const argv = sshCommand({
            destination: f.ssh,
            ...(f.port !== undefined && { port: Number(f.port) }),
            ...(f.identity !== undefined && { identity: f.identity }),
            options: f.sshOption,
          });
          // With a server, the host's package inventory goes too: the server compares it with
          // the host group's baseline and the vulnerability feed by itself.
          const plan = planFor(policy);
          if (f.server !== undefined) plan.single.add('/var/lib/dpkg/status');
          const [results, inventory] = await withRemoteRoot(
            argv,
            plan,
            async (root) =>
              [
                await runPolicy(policy, { root }),
                f.server !== undefined ? await readInventory(new HostRoot(root)) : undefined,
              ] as const,
            f.remotePrefix ?? '',
          );
          for (const r of results) line({ id: r.id, result: r.result });
          if (f.server !== undefined) {
            const host = f.ssh.replace(/^.*@/, '');
            const actor = { id: 'keywatch-sca-remote', type: 'service' };
            const events = scaEvents(policy, results, actor, { host });
            if (inventory && inventory.sources.length > 0)
              events.push(inventoryEvent(inventory.packages, actor, { host }));
            const res = await fetch(new URL('/v1/events', f.server), {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${f.token ?? ''}`,
              },
              body: JSON.stringify(events),
            });
            if (!res.ok)
              throw new ScaError(
                'REMOTE_FAILED',
                `the server refused the results: ${res.status} ${await res.text()}`,
              );
          }
          return results.some((r) => r.result === 'fail') ? 1 : 0;
        }),
    );
  sca
    .command('inventory')
    .description('installed packages and versions: one JSON line per package')
    .option('--root <dir>', 'read a mounted or copied filesystem instead of this host', '/')
    .action((f: { root: string }) =>
      guarded(async () => {
        const inv = await readInventory(new HostRoot(f.root));
        if (inv.sources.length === 0)
          process.stderr.write('keywatch: sca: no package database found\n');
        for (const p of inv.packages) line(p);
        return 0;
      }),
    );
}
