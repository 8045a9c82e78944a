// The series an agent's perf module sends (docs/keys.md), padded with disks to `count`: shared by
// bench/perf-ingest.ts and its agent processes (bench/perf-ingest-agents.ts).
const NAMES = [
  'cpu.total',
  'cpu.process.vault',
  'mem.used_pct',
  'mem.available_bytes',
  'load.1',
  'load.5',
  'load.15',
  'net.tcp_established',
  'probe.vault.latency_ms',
  'probe.vault.up',
  'crypto.rsa2048_sign.ops_per_s',
  'crypto.rsa2048_verify.ops_per_s',
  'crypto.p256_sign.ops_per_s',
  'crypto.ed25519_sign.ops_per_s',
  'crypto.aes256gcm_4k_encrypt.ops_per_s',
];

export const DAY_MS = 86_400_000;

export function perfMetricNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => NAMES[i] ?? `disk./data${i}.used_pct`);
}
