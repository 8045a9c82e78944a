// The email channel against a real SMTP server on loopback (smtp-server from testkit) with
// STARTTLS under a throwaway certificate: delivered encrypted and authenticated, refused without
// TLS when TLS is required, 5xx fails for good, and the password never shows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  createSelfSignedCert,
  startSmtpSink,
  type SelfSignedCert,
  type SmtpSink,
} from '@keywatch/testkit';
import { EmailNotifier, notificationPayload, openAlert, type Notification } from '../src/index.ts';
import { detection, T0 } from './fixtures.ts';

const PASS = 'smtp-pass-never-logged-9f8e7d';
const AUTH = { user: 'keywatch', pass: PASS };

function notification(id: string): Notification {
  const payload = notificationPayload(id, openAlert('al-7', detection(), T0));
  return {
    id,
    channel: 'mail',
    alertId: 'al-7',
    body: JSON.stringify(payload),
    payload,
    attempt: 1,
  };
}

describe('email notifier', () => {
  let cert: SelfSignedCert;
  let tls: SmtpSink;
  let plain: SmtpSink;
  before(async () => {
    cert = createSelfSignedCert();
    tls = await startSmtpSink({ tls: cert, auth: AUTH });
    plain = await startSmtpSink();
  });
  after(async () => {
    await tls.stop();
    await plain.stop();
  });
  const mailer = (
    port: number,
    extra: Partial<ConstructorParameters<typeof EmailNotifier>[0]> = {},
  ) =>
    new EmailNotifier({
      host: '127.0.0.1',
      port,
      from: 'keywatch@bank.example',
      to: ['soc@bank.example'],
      ca: cert.cert,
      auth: AUTH,
      timeoutMs: 5000,
      ...extra,
    });

  test('delivers over STARTTLS with authentication; the message carries the alert', async () => {
    const m = mailer(tls.port);
    const verdict = await m.send(notification('nt-mail-1'));
    await m.close();
    assert.deepEqual(verdict, { status: 'delivered', detail: 'SMTP 250 accepted' });
    assert.equal(tls.messages.length, 1);
    const msg = tls.messages[0]!;
    assert.equal(msg.secure, true, 'STARTTLS was used');
    assert.equal(msg.user, 'keywatch');
    assert.deepEqual([msg.from, msg.to], ['keywatch@bank.example', ['soc@bank.example']]);
    assert.match(
      msg.raw,
      /^Subject: \[keywatch\] HIGH alert opened: Key destruction scheduled\r$/m,
    );
    assert.match(msg.raw, /^Message-ID: <nt-mail-1@keywatch\.invalid>/m);
    assert.match(msg.raw, /^X-Keywatch-Notification-Id: nt-mail-1/im);
    assert.match(msg.raw, /Alert al-7 opened at/);
    assert.ok(!msg.raw.includes(PASS));
  });

  test('requireTls refuses a server without STARTTLS: retried, nothing sent', async () => {
    const m = mailer(plain.port);
    const verdict = await m.send(notification('nt-mail-2'));
    await m.close();
    assert.equal(verdict.status, 'retry');
    assert.equal(plain.messages.length, 0);
    assert.ok(!verdict.detail.includes(PASS));
    // Without the requirement, the same server takes it (an explicit operator choice).
    const open = mailer(plain.port, { requireTls: false, auth: undefined as never });
    assert.equal((await open.send(notification('nt-mail-3'))).status, 'delivered');
    await open.close();
  });

  test('an untrusted certificate is refused (retried); a wrong password is retried; neither shows it', async () => {
    const untrusted = mailer(tls.port, { ca: createSelfSignedCert().cert });
    const v1 = await untrusted.send(notification('nt-mail-4'));
    await untrusted.close();
    assert.equal(v1.status, 'retry');
    const wrong = mailer(tls.port, { auth: { user: 'keywatch', pass: `${PASS}-wrong` } });
    const v2 = await wrong.send(notification('nt-mail-5'));
    await wrong.close();
    assert.deepEqual(v2, { status: 'retry', detail: 'SMTP EAUTH 535 at AUTH' });
    assert.ok(!inspect(wrong, { showHidden: true, depth: 8 }).includes(PASS));
    assert.equal(tls.messages.length, 1, 'only the first test’s message');
  });

  test('a permanent refusal (550 at RCPT) fails for good', async () => {
    const refusing = await startSmtpSink({ tls: cert, rejectRecipients: true });
    try {
      const m = mailer(refusing.port, { auth: undefined as never });
      const verdict = await m.send(notification('nt-mail-6'));
      await m.close();
      assert.equal(verdict.status, 'failed');
      assert.equal(refusing.messages.length, 0);
    } finally {
      await refusing.stop();
    }
  });
});
