// keywatch import --format vault --data-dir, in-process: generates a Vault audit log of request/
// response pairs shaped like the samples (unique request ids), imports it into a fresh SQLite data
// directory and prints records/s, against the Vault decoder alone over the same file in the same
// run (ratio = import / decoder: what chunking, validation, quarantine and durable commits cost).
//   node --import tsx bench/import.ts [--n 1000000]
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { decodeStream } from '@keywatch/sources';
import { openServer } from '@keywatch/server';
import { importRecords, localChunkSink } from '../packages/cli/src/import/source-import.ts';

const arg = process.argv.indexOf('--n');
const lines = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;
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

let t = process.hrtime.bigint();
let decoded = 0;
for await (const batch of decodeStream('vault', createReadStream(file), {
  hmacKey: 'bench-hmac-key-0123456789abcdef',
}))
  decoded += batch.length;
const decoderS = Number(process.hrtime.bigint() - t) / 1e9;

const server = await openServer({ dataDir: join(dir, 'data'), logger: false });
t = process.hrtime.bigint();
const sum = await importRecords(file, 'vault', localChunkSink(server, 'vault'), bytes, {
  quiet: true,
});
const importS = Number(process.hrtime.bigint() - t) / 1e9;
await server.close();
rmSync(dir, { recursive: true, force: true });

const records = sum.accepted + sum.duplicates + sum.quarantined;
const rate = (n: number, s: number): string => Math.round(n / s).toLocaleString('en-US');
console.log(
  `decoder alone: ${decoded} records in ${decoderS.toFixed(1)} s = ${rate(decoded, decoderS)} records/s (${rate(lines, decoderS)} lines/s)`,
);
console.log(
  `import:        ${records} records in ${importS.toFixed(1)} s = ${rate(records, importS)} records/s (${rate(lines, importS)} lines/s); accepted ${sum.accepted}, quarantined ${sum.quarantined}`,
);
console.log(`ratio import / decoder: ${(decoderS / importS).toFixed(2)}`);
