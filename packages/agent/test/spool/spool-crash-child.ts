// Child of file-spool.test.ts: appends records as fast as the spool takes them and prints each
// sequence number once its append resolved (durable), until the parent SIGKILLs it.
import { FileSpool } from '../../src/spool/file-spool.ts';

const spool = await FileSpool.open({ dir: process.argv[2]!, segmentBytes: 64 * 1024 });
for (let round = 0; ; round++) {
  const seqs = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      spool.append((seq) => Buffer.from(JSON.stringify({ seq, round, i, pad: 'x'.repeat(200) }))),
    ),
  );
  process.stdout.write(seqs.join('\n') + '\n');
}
