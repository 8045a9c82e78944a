// lineBatches must cut exactly where node:readline (crlfDelay: Infinity) cuts, whatever the chunk
// boundaries: inside "\r\n", inside a multi-byte UTF-8 character, at the end of the input.
import assert from 'node:assert/strict';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import fc from 'fast-check';
import { lineBatches } from '../src/import/line-batches.ts';

async function viaReadline(chunks: Buffer[]): Promise<string[]> {
  const out: string[] = [];
  for await (const line of createInterface({ input: Readable.from(chunks), crlfDelay: Infinity }))
    out.push(line);
  return out;
}

async function viaBatches(chunks: Buffer[]): Promise<string[]> {
  const out: string[] = [];
  for await (const lines of lineBatches(Readable.from(chunks))) out.push(...lines);
  return out;
}

/** `bytes` cut at the given offsets. */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const p of [...points, bytes.length]) {
    if (p > start) chunks.push(bytes.subarray(start, p));
    start = Math.max(start, p);
  }
  return chunks;
}

test('the cases readline is known for: CRLF, lone CR, empty lines, no final end', async () => {
  const cases: [string, string[]][] = [
    ['a\nb\n', ['a', 'b']],
    ['a\r\nb\r\n', ['a', 'b']],
    ['a\rb\r', ['a', 'b']],
    ['a\n\n\nb', ['a', '', '', 'b']],
    ['\n', ['']],
    ['', []],
    ['last', ['last']],
    ['é\r\n😀', ['é', '😀']],
  ];
  for (const [text, want] of cases) {
    assert.deepEqual(await viaBatches([Buffer.from(text)]), want, JSON.stringify(text));
    assert.deepEqual(
      await viaReadline([Buffer.from(text)]),
      want,
      `readline: ${JSON.stringify(text)}`,
    );
  }
});

test('a "\\r\\n" or a UTF-8 character split between two chunks is one line end or one character', async () => {
  assert.deepEqual(await viaBatches([Buffer.from('a\r'), Buffer.from('\nb')]), ['a', 'b']);
  const euro = Buffer.from('x€y\n'); // € is three bytes
  assert.deepEqual(await viaBatches([euro.subarray(0, 2), euro.subarray(2)]), ['x€y']);
});

test('property: the same lines as readline for any text cut anywhere', async () => {
  const piece = fc.constantFrom('a', 'bc', 'é', '😀', '\n', '\r', '\r\n', ' ', '{"k":1}');
  await fc.assert(
    fc.asyncProperty(
      fc.array(piece, { maxLength: 40 }),
      fc.array(fc.nat({ max: 200 }), { maxLength: 8 }),
      async (pieces, at) => {
        const chunks = cut(Buffer.from(pieces.join('')), at);
        assert.deepEqual(await viaBatches(chunks), await viaReadline(chunks));
      },
    ),
    { numRuns: 2000 },
  );
});
