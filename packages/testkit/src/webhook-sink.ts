// A webhook receiver for tests and benchmarks: a real node:http server on 127.0.0.1 that keeps
// every request (method, path, headers, raw body) and answers with a scripted status. stop() closes
// it and every open connection (a receiver that went down); restart() listens again on the same
// port (the receiver came back).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The status this sink answered. */
  status: number;
  receivedMs: number;
}

export interface WebhookSink {
  readonly url: string;
  readonly port: number;
  readonly requests: WebhookRequest[];
  /** The status for the next requests (default 200), or a function of the request. */
  respondWith(status: number | ((req: Omit<WebhookRequest, 'status'>) => number)): void;
  /** Resolves once `n` requests have arrived (or rejects after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  readonly listening: boolean;
}

export async function startWebhookSink(opts: { port?: number } = {}): Promise<WebhookSink> {
  const requests: WebhookRequest[] = [];
  const waiters = new Set<() => void>();
  let respond: number | ((req: Omit<WebhookRequest, 'status'>) => number) = 200;
  let server: Server | undefined;

  const listen = async (port: number): Promise<number> => {
    const s = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const seen = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks),
          receivedMs: Date.now(),
        };
        const status = typeof respond === 'number' ? respond : respond(seen);
        requests.push({ ...seen, status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
        for (const w of waiters) w();
      });
    });
    s.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    server = s;
    return (s.address() as AddressInfo).port;
  };

  const port = await listen(opts.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    respondWith(status) {
      respond = status;
    },
    waitFor(n, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (requests.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`webhook sink: ${requests.length} of ${n} requests after ${timeoutMs} ms`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      const s = server;
      if (s === undefined) return;
      server = undefined;
      const closed = new Promise<void>((resolve) => s.close(() => resolve()));
      s.closeAllConnections();
      await closed;
    },
    async restart() {
      if (server === undefined) await listen(port);
    },
    get listening() {
      return server !== undefined;
    },
  };
}
