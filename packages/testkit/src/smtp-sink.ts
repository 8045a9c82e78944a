// An SMTP receiver for tests: smtp-server on 127.0.0.1, port 0. With `tls` it offers STARTTLS
// (and refuses AUTH before it, as smtp-server does by default); with `auth` it requires that user
// and password. Every accepted message is kept raw, with its envelope and whether the session was
// encrypted. `rejectRecipients` answers RCPT TO with a permanent 550.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SelfSignedCert } from './self-signed-cert.ts';

export interface SmtpMessage {
  from: string;
  to: string[];
  raw: string;
  /** True when the message came over STARTTLS. */
  secure: boolean;
  user: string | undefined;
}

export interface SmtpSink {
  readonly port: number;
  readonly messages: SmtpMessage[];
  /** Auth attempts seen (usernames only). */
  readonly logins: string[];
  stop(): Promise<void>;
}

export async function startSmtpSink(
  opts: {
    tls?: SelfSignedCert;
    auth?: { user: string; pass: string };
    rejectRecipients?: boolean;
  } = {},
): Promise<SmtpSink> {
  const messages: SmtpMessage[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    secure: false,
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : { disabledCommands: ['STARTTLS'] }),
    authOptional: opts.auth === undefined,
    logger: false,
    onAuth(auth, _session, cb) {
      logins.push(auth.username ?? '');
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass)
        cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, cb) {
      if (opts.rejectRecipients)
        cb(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        messages.push({
          from: from === false ? '' : from.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          secure: session.secure,
          user: session.user as string | undefined,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined); // client disconnects mid-session are not test failures
  return {
    port: (server.server.address() as AddressInfo).port,
    messages,
    logins,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
