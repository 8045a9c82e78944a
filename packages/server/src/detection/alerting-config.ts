// The `alerting` section of the server configuration (keywatch serve --config FILE): where
// notifications go (channels), which alerts go where (routes), and extra rule directories.
// Secrets (webhook keys, SMTP passwords) come from the file and are never logged.
import type { ChannelRoute, Notifier } from '@keywatch/alert';
import { EmailNotifier, SyslogNotifier, WebhookNotifier } from '@keywatch/alert';
import { ApiError } from '../api-error.ts';

export type ChannelConfig =
  | { name: string; kind: 'webhook'; url: string; secret: string; timeoutMs?: number }
  | {
      name: string;
      kind: 'email';
      host: string;
      port?: number;
      from: string;
      to: string[];
      requireTls?: boolean;
      auth?: { user: string; pass: string };
    }
  | { name: string; kind: 'syslog'; transport: 'udp' | 'tcp' | 'tls'; host: string; port?: number };

export interface AlertingConfig {
  channels?: ChannelConfig[];
  routes?: ChannelRoute[];
  /** Directories of site rules, loaded after the shipped pack. */
  ruleDirs?: string[];
  /** Matches within this time of an alert's last match fold into it (default 1 h). */
  dedupeWindowMs?: number;
  /**
   * `background` (default): the detection thread runs at idle priority and ingest waits when it
   * falls more than a bound behind (detection-pipeline.ts); `normal`: at the server's priority,
   * for hosts where other busy processes would leave it too little CPU.
   */
  detectionPriority?: 'background' | 'normal';
  /** Committed events detection may fall behind before ingest waits (default 50,000). */
  detectionMaxBacklog?: number;
}

export function buildNotifiers(channels: readonly ChannelConfig[]): Map<string, Notifier> {
  const out = new Map<string, Notifier>();
  for (const c of channels) {
    if (out.has(c.name)) throw new ApiError('BAD_REQUEST', `channel ${c.name} is configured twice`);
    switch (c.kind) {
      case 'webhook':
        out.set(
          c.name,
          new WebhookNotifier({
            url: c.url,
            secret: c.secret,
            ...(c.timeoutMs !== undefined && { timeoutMs: c.timeoutMs }),
          }),
        );
        break;
      case 'email':
        out.set(
          c.name,
          new EmailNotifier({
            host: c.host,
            from: c.from,
            to: c.to,
            ...(c.port !== undefined && { port: c.port }),
            ...(c.requireTls !== undefined && { requireTls: c.requireTls }),
            ...(c.auth !== undefined && { auth: c.auth }),
          }),
        );
        break;
      case 'syslog':
        out.set(
          c.name,
          new SyslogNotifier({
            transport: c.transport,
            host: c.host,
            ...(c.port !== undefined && { port: c.port }),
          }),
        );
        break;
    }
  }
  return out;
}
