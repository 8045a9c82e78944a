// Sending syslog messages: UDP (RFC 5426: one message per datagram), TCP with octet counting
// (RFC 6587 §3.4.1: "MSG-LEN SP SYSLOG-MSG"), or TLS (RFC 5425 §4.3, the same framing). One
// connection is kept and reopened after any error. Syslog has no acknowledgement: a send resolves
// when the kernel has taken the bytes (UDP) or the socket has flushed them (TCP, TLS).
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface SyslogTarget {
  transport: 'udp' | 'tcp' | 'tls';
  host: string;
  /** Default 514 (UDP, TCP) or 6514 (TLS, RFC 5425 §4.1). */
  port?: number;
  /** PEM CA certificate(s) for TLS besides the system's. */
  ca?: string | string[];
  /** TLS client certificate and key, for collectors that authenticate senders (§5.1). */
  cert?: string;
  key?: string;
  /** Connect and write timeout. Default 10 s. */
  timeoutMs?: number;
}

export class SyslogTransport {
  private udp: UdpSocket | undefined;
  private stream: Promise<Socket> | undefined;

  readonly #t: SyslogTarget; // #private: may hold a TLS client key

  constructor(t: SyslogTarget) {
    this.#t = t;
  }

  async send(message: Buffer): Promise<void> {
    if (this.#t.transport === 'udp') return this.sendUdp(message);
    const socket = await (this.stream ??= this.open());
    const frame = Buffer.concat([Buffer.from(`${message.length} `), message]);
    try {
      await withTimeout(
        new Promise<void>((resolve, reject) =>
          socket.write(frame, (err) => (err ? reject(err) : resolve())),
        ),
        this.#t.timeoutMs ?? 10_000,
      );
    } catch (err) {
      this.reset(socket);
      throw err;
    }
  }

  close(): Promise<void> {
    this.udp?.close();
    this.udp = undefined;
    const s = this.stream;
    this.stream = undefined;
    return s
      ? s.then(
          (sock) => void sock.end(),
          () => undefined,
        )
      : Promise.resolve();
  }

  private sendUdp(message: Buffer): Promise<void> {
    this.udp ??= createSocket(this.#t.host.includes(':') ? 'udp6' : 'udp4');
    return new Promise((resolve, reject) =>
      this.udp!.send(message, this.#t.port ?? 514, this.#t.host, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }

  private open(): Promise<Socket> {
    const { host, transport } = this.#t;
    const port = this.#t.port ?? (transport === 'tls' ? 6514 : 514);
    const opening = new Promise<Socket>((resolve, reject) => {
      const socket =
        transport === 'tls'
          ? tlsConnect(
              {
                host,
                port,
                servername: isIp(host) ? '' : host,
                minVersion: 'TLSv1.2',
                ...pick(this.#t),
              },
              () => resolve(socket),
            )
          : tcpConnect({ host, port }, () => resolve(socket));
      socket.setTimeout(this.#t.timeoutMs ?? 10_000, () => socket.destroy(new Error('timed out')));
      socket.once('error', reject);
      socket.on('error', () => this.reset(socket));
      socket.on('close', () => this.reset(socket));
      socket.on('data', () => undefined); // collectors do not answer; ignore anything they send
    }).then((socket) => {
      socket.setTimeout(0);
      return socket;
    });
    opening.catch(() => (this.stream = undefined));
    return opening;
  }

  private reset(socket: Socket): void {
    socket.destroy();
    this.stream = undefined;
  }
}

function pick(t: SyslogTarget): { ca?: string | string[]; cert?: string; key?: string } {
  return {
    ...(t.ca !== undefined && { ca: t.ca }),
    ...(t.cert !== undefined && { cert: t.cert }),
    ...(t.key !== undefined && { key: t.key }),
  };
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
