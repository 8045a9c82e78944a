// bench/keys-batch-gcd: batch GCD (product tree, remainder tree; BigInt) over N RSA-2048 moduli,
// beside the naive pairwise gcd it replaces (timed on a sample of pairs, extrapolated to N²/2).
// Making 20,000 distinct 1024-bit primes takes minutes, so the moduli are distinct products of a
// pool of primes: every modulus shares a prime with others, which the run checks. The tree work
// depends on the sizes only, not on the answers, so the time is the time for N real moduli.
// A planted shared prime among real-looking moduli is tested in packages/agent/test/keys/.
// Last, the server's incremental form (ModulusEstate): the running product once, then one key.
//   node --import tsx bench/keys-batch-gcd.ts [--n 10000] [--pool 160]
import { generatePrimeSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import { batchGcd, gcd, ModulusEstate } from '@keywatch/protocol';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '10000' }, pool: { type: 'string', default: '160' } },
});
const N = Number(values.n);
const POOL = Number(values.pool);

let t = performance.now();
const primes = Array.from({ length: POOL }, () => generatePrimeSync(1024, { bigint: true }));
const moduli: bigint[] = [];
for (let i = 0; i < POOL && moduli.length < N; i++)
  for (let j = i + 1; j < POOL && moduli.length < N; j++) moduli.push(primes[i]! * primes[j]!);
if (moduli.length < N) throw new Error(`--pool ${POOL} gives only ${moduli.length} moduli`);
console.log(
  `setup: ${POOL} primes, ${N} moduli of ${moduli[0]!.toString(2).length} bits in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

t = performance.now();
// CPU time beside wall time: on a shared machine the wall clock measures the neighbours too.
const cpu0 = process.cpuUsage();
const g = batchGcd(moduli);
const batchS = (performance.now() - t) / 1000;
const cpu = process.cpuUsage(cpu0);
const batchCpuS = (cpu.user + cpu.system) / 1e6;
const hits = g.filter((x) => x !== 1n).length;
console.log(
  `batch GCD over ${N} moduli: ${batchS.toFixed(2)} s wall, ${batchCpuS.toFixed(2)} s CPU (${hits} share a prime, expected ${N})`,
);

const SAMPLE = 20_000;
t = performance.now();
for (let k = 0; k < SAMPLE; k++) gcd(moduli[k % N]!, moduli[(k * 7919 + 1) % N]!);
const perPair = (performance.now() - t) / 1000 / SAMPLE;
const naiveS = (perPair * N * (N - 1)) / 2;
console.log(
  `naive pairwise gcd: ${(perPair * 1e6).toFixed(1)} µs/pair → ${naiveS.toFixed(0)} s for ${N} moduli (extrapolated)`,
);
console.log(
  `ratio naive / batch: ${(naiveS / batchS).toFixed(0)}×; target < 60 s: ${batchS < 60 ? 'met' : 'missed'} (wall), ${batchCpuS < 60 ? 'met' : 'missed'} (CPU)`,
);

// The server's incremental form: the estate's running product, then one new key at a time.
t = performance.now();
const estate = new ModulusEstate();
estate.add(moduli);
const initS = (performance.now() - t) / 1000;
const fresh = generatePrimeSync(1024, { bigint: true }) * generatePrimeSync(1024, { bigint: true });
t = performance.now();
estate.add([fresh]);
const one = estate.sharedFactor(fresh);
console.log(
  `server estate: product of ${N} moduli ${initS.toFixed(2)} s once; one new key checked in ${(performance.now() - t).toFixed(0)} ms (shares a prime: ${one !== 1n})`,
);
