// Builds the standalone agent into packages/agent/dist (or --out DIR inside the repository):
// keywatch-agent.mjs is src/agent-bin.ts with the @keywatch packages it uses bundled to plain
// JavaScript, beside the scripts it starts: hash-worker.mjs (FIM hash threads) and
// crypto-bench-child.mjs (the perf module's benchmark). npm packages stay outside the bundle and
// resolve from node_modules when it runs (piscina finds its own worker file that way), so DIR must
// be under the repository. Why: run from source, tsx's loader thread alone is 77 MB against a bare
// Node's 43, of the 80 MB an idle agent may use (docs/agents.md, "Running the agent on a host").
//   node --import tsx packages/agent/scripts/build-agent.ts [--out DIR]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

/** Bare imports other than @keywatch/* (TypeScript sources) and node: builtins stay external. */
const npmExternal: Plugin = {
  name: 'npm-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@keywatch/') || args.kind === 'entry-point'
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

/**
 * @keywatch/protocol's modules only define things (no module is imported for what it does when
 * loaded), so the ones the agent uses nothing from are left out. Without this the agent loaded
 * the event schema and its validator (typebox: some 560 modules) though it never validates an
 * event: about 20 MB of an idle agent's memory (docs/agents.md, "Running the agent on a host").
 */
const protocolPure: Plugin = {
  name: 'protocol-pure',
  setup(b) {
    const inProtocol = /[/\\]packages[/\\]protocol[/\\]src[/\\]/;
    b.onResolve({ filter: /^(@keywatch\/protocol$|\.)/ }, async (args) => {
      if (args.pluginData === 'protocol-pure') return undefined; // the resolve below
      if (args.path.startsWith('.') && !inProtocol.test(args.importer)) return undefined;
      const { kind, resolveDir } = args;
      const r = await b.resolve(args.path, { kind, resolveDir, pluginData: 'protocol-pure' });
      return r.errors.length > 0 ? { errors: r.errors } : { path: r.path, sideEffects: false };
    });
  },
};

/** The perf module names its benchmark child by its source file name; the bundle has the .mjs. */
const childScript: Plugin = {
  name: 'child-script',
  setup(b) {
    b.onLoad({ filter: /perf[/\\]crypto-bench-runner\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const out = text.replace("'./crypto-bench-child.ts'", "'./crypto-bench-child.mjs'");
      if (out === text) throw new Error(`${args.path}: the child script's name was not found`);
      return { contents: out, loader: 'ts' };
    });
  },
};

export async function buildAgent(out = join(root, 'dist')): Promise<string> {
  await build({
    entryPoints: {
      'keywatch-agent': join(root, 'src/agent-bin.ts'),
      'hash-worker': join(root, 'src/fim/hash-worker.ts'),
      'crypto-bench-child': join(root, 'src/perf/crypto-bench-child.ts'),
    },
    outdir: out,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [protocolPure, npmExternal, childScript],
    logLevel: 'warning',
  });
  return join(out, 'keywatch-agent.mjs');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  process.stdout.write(`${await buildAgent(values.out)}\n`);
}
