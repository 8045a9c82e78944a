// Email channel: SMTP via nodemailer, STARTTLS required by default (RFC 3207), certificates
// checked. Verdicts: accepted by the server = delivered; a 5xx answer to the envelope or the
// message fails for good (mailbox or sender refused); everything else is retried until the max
// age: 4xx, timeouts, network errors, and refused STARTTLS or AUTH (fixable configuration).
// The password lives in a #private field and never reaches a verdict or a log: nodemailer's own
// logger is off, and verdicts are built from codes, not from its messages.
import { createTransport, type Transporter } from 'nodemailer';
import { AlertError } from '../../alert-error.ts';
import type { DeliveryVerdict, Notification, Notifier } from '../../notify/notifier.ts';
import { emailContent } from './email-message.ts';

export interface EmailOptions {
  host: string;
  /** Default 587 (submission with STARTTLS). */
  port?: number;
  /** Implicit TLS from the first byte (port 465). Default false: STARTTLS. */
  implicitTls?: boolean;
  /** Refuse to send unless STARTTLS succeeds. Default true. */
  requireTls?: boolean;
  auth?: { user: string; pass: string };
  from: string;
  to: string[];
  /** PEM CA certificate(s) to trust besides the system's (a private CA, a test certificate). */
  ca?: string | string[];
  /** Per connection stage. Default 15 s. */
  timeoutMs?: number;
  /** Right-hand side of Message-IDs. Default keywatch.invalid. */
  messageDomain?: string;
}

export class EmailNotifier implements Notifier {
  readonly kind = 'email';
  readonly #transport: Transporter;
  readonly #from: string;
  readonly #to: string[];
  readonly #domain: string | undefined;

  constructor(o: EmailOptions) {
    if (!o.host || o.to.length === 0 || !o.from)
      throw new AlertError(
        'INVALID_CHANNEL_CONFIG',
        'email needs a host, a sender and at least one recipient',
      );
    const timeout = o.timeoutMs ?? 15_000;
    this.#transport = createTransport({
      host: o.host,
      port: o.port ?? (o.implicitTls ? 465 : 587),
      secure: o.implicitTls ?? false,
      requireTLS: o.requireTls ?? true,
      ...(o.auth && { auth: { user: o.auth.user, pass: o.auth.pass } }),
      tls: {
        minVersion: 'TLSv1.2',
        rejectUnauthorized: true,
        ...(o.ca !== undefined && { ca: o.ca }),
      },
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      logger: false,
      debug: false,
    });
    this.#from = o.from;
    this.#to = [...o.to];
    this.#domain = o.messageDomain;
  }

  async send(n: Notification): Promise<DeliveryVerdict> {
    const content = emailContent(n.payload, this.#domain);
    try {
      const info = (await this.#transport.sendMail({
        from: this.#from,
        to: this.#to,
        subject: content.subject,
        text: content.text,
        messageId: content.messageId,
        headers: { 'X-Keywatch-Notification-Id': n.id, 'X-Keywatch-Alert-Id': n.alertId },
      })) as { accepted: unknown[]; rejected: unknown[]; response?: string };
      if (info.rejected.length > 0 && info.accepted.length === 0)
        return { status: 'failed', detail: 'SMTP: every recipient was refused' };
      const some = info.rejected.length > 0 ? `; ${info.rejected.length} recipient(s) refused` : '';
      return { status: 'delivered', detail: `SMTP ${firstCode(info.response)} accepted${some}` };
    } catch (err) {
      return verdictForSmtpError(err);
    }
  }

  close(): Promise<void> {
    this.#transport.close();
    return Promise.resolve();
  }
}

export function verdictForSmtpError(err: unknown): DeliveryVerdict {
  const e = err as { code?: string; responseCode?: number; command?: string };
  const detail = `SMTP ${e.code ?? 'error'}${e.responseCode ? ` ${e.responseCode}` : ''}${e.command ? ` at ${e.command.split(' ')[0]}` : ''}`;
  // Only a 5xx to the envelope or the message itself is final; a 5xx to STARTTLS or AUTH is a
  // configuration problem (or a downgrade attack) that must not lose the notification.
  const refused = e.code === 'EENVELOPE' || e.code === 'EMESSAGE';
  if (refused && e.responseCode !== undefined && e.responseCode >= 500)
    return { status: 'failed', detail };
  return { status: 'retry', detail };
}

function firstCode(response: string | undefined): string {
  return /^\d{3}/.exec(response ?? '')?.[0] ?? '250';
}
