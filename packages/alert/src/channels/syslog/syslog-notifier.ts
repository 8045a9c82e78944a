// Syslog channel: alert notifications to a SIEM as RFC 5424 messages (rfc5424-message.ts) over
// UDP, TCP or TLS (syslog-transport.ts). Over UDP a message is cut to maxMessageBytes (RFC 5426
// §3.2: receivers must take 480 octets over IPv4 and should take 2048); the structured data comes
// before the free text, so the cut falls on the text. Every send error is a retry: a collector
// never refuses a message for good.
import type { DeliveryVerdict, Notification, Notifier } from '../../notify/notifier.ts';
import { rfc5424Message, truncateUtf8, type Rfc5424Options } from './rfc5424-message.ts';
import { SyslogTransport, type SyslogTarget } from './syslog-transport.ts';

export interface SyslogOptions extends SyslogTarget, Rfc5424Options {
  /** Default 2048 for UDP, 65536 for TCP and TLS. */
  maxMessageBytes?: number;
}

export class SyslogNotifier implements Notifier {
  readonly kind = 'syslog';
  readonly #o: SyslogOptions; // #private: a TLS client key may be in it
  readonly #transport: SyslogTransport;
  readonly #max: number;

  constructor(o: SyslogOptions) {
    this.#o = o;
    this.#transport = new SyslogTransport(o);
    this.#max = o.maxMessageBytes ?? (o.transport === 'udp' ? 2048 : 65_536);
  }

  async send(n: Notification): Promise<DeliveryVerdict> {
    const message = truncateUtf8(rfc5424Message(n.payload, this.#o), this.#max);
    try {
      await this.#transport.send(message);
      return {
        status: 'delivered',
        detail: `syslog/${this.#o.transport}: ${message.length} octets sent`,
      };
    } catch (err) {
      const e = err as { code?: string; message?: string };
      return {
        status: 'retry',
        detail: `syslog/${this.#o.transport}: ${e.code ?? e.message ?? 'error'}`,
      };
    }
  }

  close(): Promise<void> {
    return this.#transport.close();
  }
}
