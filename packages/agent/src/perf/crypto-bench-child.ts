// Runs the crypto benchmark and prints its figures as one JSON line (spawned at nice 19).
import { runCryptoBench } from './crypto-bench.ts';

process.stdout.write(`${JSON.stringify(runCryptoBench(Number(process.argv[2] ?? 40)))}\n`);
