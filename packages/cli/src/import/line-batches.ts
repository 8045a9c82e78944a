// Splits a byte stream into lines the way node:readline does with crlfDelay: Infinity ("\n",
// "\r\n" and a lone "\r" end a line; a last line without an end is kept, an empty last one is not),
// but hands them over as one array per chunk read. readline yields each line through its own
// promise and event, which cost about as much as a Vault line's whole SQLite insert; here a 64 KiB
// chunk costs one decode and one split. line-batches.test.ts checks it against readline.
import { StringDecoder } from 'node:string_decoder';

const ANY_END = /\r\n|\n|\r/;

export async function* lineBatches(
  input: AsyncIterable<Buffer | string>,
): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  for await (const chunk of input) {
    let text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    // A "\r" at the end may be the first half of "\r\n": wait for the next chunk to tell.
    let held = '';
    if (text.endsWith('\r')) {
      held = '\r';
      text = text.slice(0, -1);
    }
    const lines = text.includes('\r') ? text.split(ANY_END) : text.split('\n');
    carry = lines.pop()! + held;
    if (lines.length > 0) yield lines;
  }
  const rest = carry + decoder.end();
  if (rest === '') return;
  const lines = rest.split(ANY_END);
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length > 0) yield lines;
}
