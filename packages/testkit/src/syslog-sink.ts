// A syslog collector for tests: UDP (one message per datagram, RFC 5426), TCP or TLS with octet
// counting (RFC 6587 §3.4.1, RFC 5425 §4.3), on 127.0.0.1 port 0. Keeps every message as text and
// every stream frame's declared length, so framing mistakes show up as test failures. `port`
// reopens a collector on the port of one that was stopped.
import { createSocket } from 'node:dgram';
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { SelfSignedCert } from './self-signed-cert.ts';

export interface SyslogSink {
  readonly port: number;
  readonly messages: string[];
  /** Stream transports: framing errors seen (a bad length prefix). */
  readonly framingErrors: string[];
  /** Stream transports: connections accepted so far. */
  readonly connections: number;
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startSyslogSink(
  opts: { transport: 'udp' | 'tcp' | 'tls'; tls?: SelfSignedCert; port?: number } = {
    transport: 'udp',
  },
): Promise<SyslogSink> {
  const messages: string[] = [];
  const framingErrors: string[] = [];
  const waiters = new Set<() => void>();
  const push = (m: string): void => {
    messages.push(m);
    for (const w of waiters) w();
  };
  let connections = 0;
  let port: number;
  let stop: () => Promise<void>;

  if (opts.transport === 'udp') {
    const socket = createSocket('udp4');
    socket.on('message', (m) => push(m.toString('utf8')));
    await new Promise<void>((resolve) => socket.bind(opts.port ?? 0, '127.0.0.1', resolve));
    port = socket.address().port;
    stop = () => new Promise((resolve) => socket.close(() => resolve()));
  } else {
    const sockets = new Set<Socket>();
    const onConnection = (socket: Socket): void => {
      sockets.add(socket);
      connections++;
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      let buffered = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        for (;;) {
          const space = buffered.indexOf(0x20);
          if (space < 0) return;
          const head = buffered.subarray(0, space).toString('latin1');
          if (!/^[1-9]\d{0,8}$/.test(head)) {
            framingErrors.push(`bad length prefix "${head.slice(0, 20)}"`);
            socket.destroy();
            return;
          }
          const len = Number(head);
          if (buffered.length < space + 1 + len) return;
          push(buffered.subarray(space + 1, space + 1 + len).toString('utf8'));
          buffered = buffered.subarray(space + 1 + len);
        }
      });
    };
    let server: Server;
    if (opts.transport === 'tls') {
      if (!opts.tls) throw new Error('startSyslogSink: tls needs a certificate');
      server = createTlsServer({ key: opts.tls.key, cert: opts.tls.cert }, onConnection);
    } else server = createTcpServer(onConnection);
    await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    stop = () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
  }

  return {
    port,
    messages,
    framingErrors,
    get connections() {
      return connections;
    },
    stop,
    waitFor(n, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (messages.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`syslog sink: ${messages.length} of ${n} messages after ${timeoutMs} ms`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
