// keywatch import --format vault --data-dir, in-process: generates a Vault audit log of request/
// response pairs shaped like the samples (unique request ids), imports it into a fresh SQLite data
// directory and prints records/s, against the Vault decoder alone over the same file in the same
// run (ratio = import / decoder: what chunking, validation, quarantine and durable commits cost).
// A Vault audit device writes one record per line (request and response entries apart): records/s
// below are lines/s, pairs/s the events stored. CPU per line (the whole process, and its main
// thread, which appends) is steadier than wall-clock time on a shared machine.
//   node --import tsx bench/import.ts [--n 1000000] [--chunk LINES]
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { decodeStream } from '@keywatch/sources';
import { openServer } from '@keywatch/server';
import { importRecords, localChunkSink } from '../packages/cli/src/import/source-import.ts';
import { mainThreadSched, threadCpuDelta, threadCpus } from './thread-cpu.ts';

const arg = process.argv.indexOf('--n');
const lines = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;
const chunkArg = process.argv.indexOf('--chunk');
const chunkLines = chunkArg > 0 ? Number(process.argv[chunkArg + 1]) : undefined;
const dir = mkdtempSync(join(tmpdir(), 'kw-bench-import-'));
const file = join(dir, 'vault-audit.log');

const hex = (i: number, n: number): string => i.toString(16).padStart(n, '0');
const OPS = [
  ['update', 'transit/encrypt/payments', 'transit'],
  ['update', 'transit/decrypt/payments', 'transit'],
  ['read', 'secret/data/apps/web/db', 'kv'],
  ['update', 'pki/issue/internal-server', 'pki'],
  ['create', 'transit/keys/orders', 'transit'],
] as const;

async function generate(): Promise<void> {
  const out = createWriteStream(file);
  const t0 = Date.UTC(2026, 0, 1);
  for (let i = 0; i < lines / 2; i++) {
    const [op, path, mount] = OPS[i % OPS.length]!;
    const id = `${hex(i, 8)}-805a-d9ee-4d0d-${hex(i * 7919, 12)}`;
    const token = `hmac-sha256:${hex(i % 97, 8).repeat(8)}`;
    const auth = `{"client_token":"${token}","accessor":"hmac-sha256:${hex(i % 89, 8).repeat(8)}","display_name":"oidc-user-${i % 50}","policies":["default","group-admin"],"token_policies":["default","group-admin"],"entity_id":"ent-${i % 50}","token_type":"service"}`;
    const req = `{"id":"${id}","operation":"${op}","mount_type":"${mount}","client_token":"${token}","namespace":{"id":"root"},"path":"${path}","data":{"plaintext":"hmac-sha256:${hex(i, 8).repeat(8)}"},"remote_address":"10.0.${i % 250}.${i % 200}"}`;
    const t = (ms: number): string => new Date(t0 + i * 10 + ms).toISOString();
    const ok = out.write(
      `{"time":"${t(0)}","type":"request","auth":${auth},"request":${req}}\n` +
        `{"time":"${t(3)}","type":"response","auth":${auth},"request":${req},"response":{"mount_type":"${mount}","data":{"ciphertext":"hmac-sha256:${hex(i, 8).repeat(8)}"}}}\n`,
    );
    if (!ok) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

await generate();
const bytes = statSync(file).size;
console.log(`generated ${lines} Vault audit lines (${(bytes / 1e6).toFixed(0)} MB) in ${file}`);

const cpuNow = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

let t = process.hrtime.bigint();
let cpu = cpuNow();
let decoded = 0;
for await (const batch of decodeStream('vault', createReadStream(file), {
  hmacKey: 'bench-hmac-key-0123456789abcdef',
}))
  decoded += batch.length;
const decoderS = Number(process.hrtime.bigint() - t) / 1e9;
const decoderCpu = cpuNow() - cpu;

const server = await openServer({ dataDir: join(dir, 'data'), logger: false });
const sink = localChunkSink(server, 'vault');
t = process.hrtime.bigint();
cpu = cpuNow();
const threads0 = threadCpus();
const sched0 = mainThreadSched();
const sum = await importRecords(file, 'vault', sink, bytes, {
  quiet: true,
  ...(chunkLines !== undefined && { chunkLines }),
});
const importS = Number(process.hrtime.bigint() - t) / 1e9;
const importCpu = cpuNow() - cpu;
const threadCpu = threadCpus();
const sched1 = mainThreadSched();
const importMain = sched1.ranS - sched0.ranS;
const walMb = statSync(join(dir, 'data', 'keywatch.db-wal'), { throwIfNoEntry: false })?.size ?? 0;
await server.close();
rmSync(dir, { recursive: true, force: true });

const pairs = sum.accepted + sum.duplicates + sum.quarantined;
const rate = (n: number, s: number): string => Math.round(n / s).toLocaleString('en-US');
const perLine = (s: number): string => `${((s * 1e6) / lines).toFixed(1)} µs`;
console.log(
  `decoder alone: ${rate(lines, decoderS)} records/s = ${rate(decoded, decoderS)} pairs/s (${lines} lines → ${decoded} events in ${decoderS.toFixed(1)} s); CPU ${perLine(decoderCpu)}/line`,
);
console.log(
  `import:        ${rate(lines, importS)} records/s = ${rate(pairs, importS)} pairs/s (${lines} lines in ${importS.toFixed(1)} s; accepted ${sum.accepted}, quarantined ${sum.quarantined}); CPU ${perLine(importCpu)}/line, main thread ${perLine(importMain)}/line`,
);
// The decode thread has ended by now: its CPU is what the live threads do not account for.
let listed = 0;
for (const [name, s] of threadCpu) listed += s - (threads0.get(name) ?? 0);
console.log(
  `threads (CPU s during the import): ${threadCpuDelta(threads0, threadCpu)}; threads ended by now (the decode thread) ${(importCpu - listed).toFixed(1)}; the main thread ran ${importMain.toFixed(1)} s and waited ${(sched1.waitedS - sched0.waitedS).toFixed(1)} s for a CPU`,
);
console.log(`WAL file before close: ${(walMb / 1e6).toFixed(1)} MB`);
console.log(`ratio import / decoder: ${(decoderS / importS).toFixed(2)}`);
