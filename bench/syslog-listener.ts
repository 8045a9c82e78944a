// bench/syslog-listener: messages per second received, parsed and routed by SyslogListener over
// TCP on loopback with RFC 6587 octet counting, none lost, beside a raw TCP baseline measured in
// the same run (a server that only splits the same byte stream into frames and counts them).
// The mix: generic RFC 5424 messages and Vault audit JSON entries (request/response pairs).
//   node --import tsx bench/syslog-listener.ts [--n 200000]
import { readFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { SyslogListener } from '@keywatch/sources';

const { values } = parseArgs({ options: { n: { type: 'string', default: '200000' } } });
const N = Number(values.n);
const vault = readFileSync(
  new URL('../packages/sources/test/data/vault/audit.log', import.meta.url),
  'utf8',
)
  .split('\n')
  .slice(4, 8);
const frames: Buffer[] = [];
for (let i = 0; i < N; i++) {
  const m =
    i % 4 === 0
      ? `<110>1 2026-02-01T12:00:00.${String(i % 1000).padStart(3, '0')}Z vault-1 vault - - - ${vault[Math.floor(i / 4) % 4]!}`
      : `<134>1 2026-02-01T12:00:00Z kms-1 kmsd ${i} OP [meta sequenceId="${i}"] operation ${i} done`;
  frames.push(Buffer.from(`${Buffer.byteLength(m)} ${m}`));
}
const stream = Buffer.concat(frames);

async function send(port: number): Promise<void> {
  const s: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((r) => s.once('connect', () => r()));
  for (let off = 0; off < stream.length; off += 1 << 16) {
    if (!s.write(stream.subarray(off, off + (1 << 16))))
      await new Promise<void>((r) => s.once('drain', () => r()));
  }
  s.end();
}

async function baseline(): Promise<number> {
  let count = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const server = createServer((sock) => {
    let buf: Buffer = Buffer.alloc(0);
    sock.on('data', (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        const sp = buf.indexOf(0x20);
        if (sp < 0) break;
        const len = Number(buf.subarray(0, sp).toString('latin1'));
        if (buf.length < sp + 1 + len) break;
        count++;
        buf = buf.subarray(sp + 1 + len);
      }
      if (count === N) done();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const t = performance.now();
  await send(port);
  await finished;
  const s = (performance.now() - t) / 1000;
  server.close();
  return N / s;
}

async function listener(): Promise<{
  rate: number;
  events: number;
  quarantined: number;
  messages: number;
}> {
  let messages = 0;
  let events = 0;
  let quarantined = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const l = new SyslogListener({
    decoder: { hmacKey: 'bench-hmac-key-0123456789abcdef' },
    tcp: { port: 0, host: '127.0.0.1' },
    onRecords: async (records) => {
      for (const r of records) {
        if (r.kind === 'event') events++;
        else quarantined++;
      }
      messages = l.stats.messages;
      if (messages === N) done();
    },
  });
  const { tcp } = await l.start();
  const t = performance.now();
  await send(tcp!);
  await finished;
  const s = (performance.now() - t) / 1000;
  await l.stop();
  return { rate: N / s, events, quarantined, messages };
}

const base = await baseline();
const r = await listener();
console.log(`messages sent            ${N}`);
console.log(`messages parsed          ${r.messages} (lost ${N - r.messages})`);
console.log(
  `records                  ${r.events} events, ${r.quarantined} quarantined (Vault pairs join two messages into one event)`,
);
console.log(`listener                 ${r.rate.toFixed(0)} messages/s`);
console.log(`raw TCP frame count      ${base.toFixed(0)} messages/s`);
console.log(`ratio listener/baseline  ${(r.rate / base).toFixed(3)}`);
