// Crypto capacity: a short benchmark of the operations a KMS host spends its CPU on, as ops/s.
// Each operation runs for a fixed slice of time; the whole run is a few hundred milliseconds, at
// most once per bench interval, in a child process at nice 19 (crypto-bench-child.ts) so the KMS
// it measures keeps the CPU. A drop against the host's own history means lost capacity (a
// throttled CPU, a noisy neighbour, a lost AES-NI), which the server turns into perf.capacity_drop.
import {
  createCipheriv,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

function rate(sliceMs: number, op: () => void): number {
  const end = performance.now() + sliceMs;
  let n = 0;
  const start = performance.now();
  while (performance.now() < end) {
    op();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

export function runCryptoBench(sliceMs = 40): Record<string, number> {
  const msg = randomBytes(32);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed = generateKeyPairSync('ed25519');
  const pair = (
    alg: string | null,
    k: { privateKey: KeyObject; publicKey: KeyObject },
    name: string,
  ) => {
    const sig = sign(alg, msg, k.privateKey);
    return {
      [`crypto.${name}_sign.ops_per_s`]: rate(sliceMs, () => sign(alg, msg, k.privateKey)),
      [`crypto.${name}_verify.ops_per_s`]: rate(sliceMs, () => verify(alg, msg, k.publicKey, sig)),
    };
  };
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const block = randomBytes(4096);
  return {
    ...pair('sha256', rsa, 'rsa2048'),
    ...pair('sha256', p256, 'p256'),
    ...pair(null, ed, 'ed25519'),
    'crypto.aes256gcm_4k_encrypt.ops_per_s': rate(sliceMs, () => {
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.update(block);
      c.final();
    }),
  };
}
