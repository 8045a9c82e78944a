// Receives syslog over UDP (RFC 5426: one message per datagram), TCP (RFC 6587) and TLS
// (RFC 5425, node:tls with the caller's certificate and key), parses and routes every message
// (syslog-router.ts) and hands the records to `onRecords`. Backpressure: a TCP/TLS connection is
// paused while the promise returned for its previous chunk is pending. UDP cannot be paused: its
// backlog is bounded and overflow is counted and reported, never silent.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import {
  createServer as createTlsServer,
  type Server as TlsServer,
  type TlsOptions,
} from 'node:tls';
import type { DecoderOptions, NormalizedRecord } from '../core/record-types.ts';
import { SourceError } from '../core/source-error.ts';
import { SyslogFramer } from './syslog-framer.ts';
import { SyslogRouter } from './syslog-router.ts';

export type Transport = 'udp' | 'tcp' | 'tls';
export interface ReceiveMeta {
  transport: Transport;
  remote: string;
}

export interface SyslogListenerOptions {
  decoder: DecoderOptions;
  udp?: { port: number; host?: string };
  tcp?: { port: number; host?: string };
  tls?: {
    port: number;
    host?: string;
    cert: string | Buffer;
    key: string | Buffer;
    ca?: string | Buffer;
    requestCert?: boolean;
  };
  /** Largest message accepted, in octets (default 64 KiB). */
  maxMessageSize?: number;
  /** Datagrams waiting for onRecords before new ones are dropped (and counted). Default 10,000. */
  maxUdpBacklog?: number;
  onRecords: (records: NormalizedRecord[], meta: ReceiveMeta) => void | Promise<void>;
  onError?: (error: SourceError, meta: ReceiveMeta) => void;
}

export interface ListenerStats {
  messages: number;
  events: number;
  quarantined: number;
  framingErrors: number;
  udpDropped: number;
  connections: number;
}

export class SyslogListener {
  readonly stats: ListenerStats = {
    messages: 0,
    events: 0,
    quarantined: 0,
    framingErrors: 0,
    udpDropped: 0,
    connections: 0,
  };
  private readonly router: SyslogRouter;
  private readonly sockets = new Set<Socket>();
  private tcp?: Server;
  private tls?: TlsServer;
  private udp?: UdpSocket;
  private udpChain: Promise<void> = Promise.resolve();
  private udpBacklog = 0;

  constructor(private readonly opts: SyslogListenerOptions) {
    this.router = new SyslogRouter(opts.decoder);
  }

  /** Binds every configured transport; resolves to the bound ports (port 0 picks a free one). */
  async start(): Promise<Partial<Record<Transport, number>>> {
    const ports: Partial<Record<Transport, number>> = {};
    const o = this.opts;
    try {
      if (o.tcp) {
        this.tcp = createServer((s) => this.connection(s, 'tcp'));
        ports.tcp = await listen(this.tcp, o.tcp.port, o.tcp.host);
      }
      if (o.tls) {
        const tlsOpts: TlsOptions = {
          cert: o.tls.cert,
          key: o.tls.key,
          requestCert: o.tls.requestCert ?? false,
        };
        if (o.tls.ca !== undefined) tlsOpts.ca = o.tls.ca;
        this.tls = createTlsServer(tlsOpts, (s) => this.connection(s, 'tls'));
        ports.tls = await listen(this.tls, o.tls.port, o.tls.host);
      }
      if (o.udp) ports.udp = await this.bindUdp(o.udp.port, o.udp.host);
    } catch (e) {
      await this.stop();
      throw new SourceError(
        'LISTENER_FAILED',
        `syslog listener could not bind: ${(e as Error).message}`,
        { cause: e },
      );
    }
    return ports;
  }

  /** Stops accepting, closes connections, waits for pending callbacks, flushes open decoders. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all([
      close(this.tcp),
      close(this.tls),
      new Promise<void>((r) => (this.udp ? this.udp.close(() => r()) : r())),
    ]);
    this.udp = undefined as unknown as UdpSocket;
    await this.udpChain;
    const rest = this.router.flush();
    if (rest.length > 0) await this.deliver(rest, { transport: 'tcp', remote: 'flush' });
  }

  private connection(socket: Socket, transport: Transport): void {
    this.stats.connections++;
    this.sockets.add(socket);
    const meta: ReceiveMeta = {
      transport,
      remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`,
    };
    const framer = new SyslogFramer(this.opts.maxMessageSize);
    let chain = Promise.resolve();
    const handle = (frames: ReturnType<SyslogFramer['push']>) => {
      const records: NormalizedRecord[] = [];
      for (const f of frames) {
        if (f.ok) records.push(...this.parse(f.text));
        else {
          this.stats.framingErrors++;
          this.opts.onError?.(f.error, meta);
          if (f.fatal) socket.destroy();
        }
      }
      if (records.length === 0) return;
      socket.pause();
      chain = chain
        .then(() => this.deliver(records, meta))
        .catch((e: unknown) =>
          this.opts.onError?.(
            new SourceError('LISTENER_FAILED', `onRecords failed: ${String(e)}`),
            meta,
          ),
        )
        .finally(() => {
          if (!socket.destroyed) socket.resume();
        });
    };
    socket.on('data', (chunk: Buffer) => handle(framer.push(chunk)));
    socket.on('end', () => handle(framer.end()));
    socket.on('error', (e) =>
      this.opts.onError?.(
        new SourceError('LISTENER_FAILED', `connection error: ${e.message}`),
        meta,
      ),
    );
    socket.on('close', () => this.sockets.delete(socket));
  }

  private bindUdp(port: number, host?: string): Promise<number> {
    const udp = createSocket(host?.includes(':') ? 'udp6' : 'udp4');
    this.udp = udp;
    const max = this.opts.maxUdpBacklog ?? 10_000;
    udp.on('message', (msg, rinfo) => {
      const meta: ReceiveMeta = { transport: 'udp', remote: `${rinfo.address}:${rinfo.port}` };
      if (this.udpBacklog >= max) {
        this.stats.udpDropped++;
        this.opts.onError?.(
          new SourceError(
            'LISTENER_FAILED',
            `UDP backlog of ${max} datagrams is full; datagram dropped`,
          ),
          meta,
        );
        return;
      }
      const text = msg.toString('utf8').replace(/[\r\n\0]+$/, '');
      const records = this.parse(text);
      this.udpBacklog++;
      this.udpChain = this.udpChain
        .then(() => this.deliver(records, meta))
        .catch((e: unknown) =>
          this.opts.onError?.(
            new SourceError('LISTENER_FAILED', `onRecords failed: ${String(e)}`),
            meta,
          ),
        )
        .finally(() => this.udpBacklog--);
    });
    return new Promise((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(port, host, () => resolve(udp.address().port));
    });
  }

  private parse(text: string): NormalizedRecord[] {
    this.stats.messages++;
    return this.router.push(text);
  }

  private async deliver(records: NormalizedRecord[], meta: ReceiveMeta): Promise<void> {
    for (const r of records) {
      if (r.kind === 'event') this.stats.events++;
      else this.stats.quarantined++;
    }
    await this.opts.onRecords(records, meta);
  }
}

function listen(server: Server | TlsServer, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : port);
    });
  });
}

function close(server: Server | TlsServer | undefined): Promise<void> {
  return new Promise((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
}
