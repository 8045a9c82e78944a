// Webhook channel: POST the stored JSON body, signed (webhook-signature.ts), with the notification
// id as Idempotency-Key so that a receiver can drop the repeats at-least-once delivery may bring.
// Verdicts: 2xx delivered; 408, 429, 5xx, timeouts and network errors retry; other 4xx and 3xx
// (redirects are not followed: the body would go where it was not configured to) fail for good.
// The URL and the secret never appear in a verdict: verdicts go into the audit log.
import { AlertError } from '../../alert-error.ts';
import type { DeliveryVerdict, Notification, Notifier } from '../../notify/notifier.ts';
import { SIGNATURE_HEADER, signWebhookBody } from './webhook-signature.ts';

export interface WebhookOptions {
  url: string;
  /** HMAC key, at least 16 characters (a random 32-byte value, hex or base64, is recommended). */
  secret: string;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Extra headers (e.g. a receiver's routing key); cannot replace the signed ones. */
  headers?: Record<string, string>;
  now?: () => number;
}

export class WebhookNotifier implements Notifier {
  readonly kind = 'webhook';
  readonly #url: URL;
  readonly #secret: string; // #private: not shown by util.inspect or JSON.stringify
  readonly #timeoutMs: number;
  readonly #headers: Record<string, string>;
  readonly #now: () => number;

  constructor(o: WebhookOptions) {
    let url: URL;
    try {
      url = new URL(o.url);
    } catch {
      throw new AlertError('INVALID_CHANNEL_CONFIG', 'webhook url is not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new AlertError(
        'INVALID_CHANNEL_CONFIG',
        `webhook url must be http(s), not ${url.protocol}`,
      );
    // fetch would print such a URL, password included, in its error message.
    if (url.username !== '' || url.password !== '')
      throw new AlertError('INVALID_CHANNEL_CONFIG', 'webhook url must not carry credentials');
    if (typeof o.secret !== 'string' || o.secret.length < 16)
      throw new AlertError(
        'INVALID_CHANNEL_CONFIG',
        'webhook secret must have at least 16 characters',
      );
    this.#url = url;
    this.#secret = o.secret;
    this.#timeoutMs = o.timeoutMs ?? 10_000;
    this.#headers = o.headers ?? {};
    this.#now = o.now ?? Date.now;
  }

  async send(n: Notification): Promise<DeliveryVerdict> {
    const t = Math.floor(this.#now() / 1000);
    try {
      const res = await fetch(this.#url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
        headers: {
          ...this.#headers,
          'content-type': 'application/json',
          'user-agent': 'keywatch-alert/1',
          'idempotency-key': n.id,
          [SIGNATURE_HEADER]: signWebhookBody(this.#secret, n.body, t),
        },
        body: n.body,
      });
      await res.arrayBuffer().catch(() => undefined); // drain: frees the keep-alive socket
      return verdictFor(res.status);
    } catch (err) {
      return { status: 'retry', detail: describe(err) };
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export function verdictFor(status: number): DeliveryVerdict {
  const detail = `HTTP ${status}`;
  if (status >= 200 && status < 300) return { status: 'delivered', detail };
  if (status === 408 || status === 429 || status >= 500) return { status: 'retry', detail };
  return { status: 'failed', detail };
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError') return 'timed out';
  // fetch says only "fetch failed"; the socket's error code says why (ECONNREFUSED, …).
  return e.cause?.code ?? e.message ?? String(err);
}
