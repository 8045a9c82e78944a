// The syslog channel against real collectors on loopback: the RFC 5424 message (PRI, header,
// escaped structured data, BOM), UDP truncation, octet-counted framing over TCP and TLS, and a
// collector that restarts.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSelfSignedCert, startSyslogSink, type SelfSignedCert } from '@keywatch/testkit';
import {
  notificationPayload,
  openAlert,
  rfc5424Message,
  SyslogNotifier,
  type Notification,
} from '../src/index.ts';
import { detection, T0 } from './fixtures.ts';

const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (\[.*\]) \u{FEFF}(.*)$/su;

function notification(id: string, extra: Parameters<typeof detection>[0] = {}): Notification {
  const payload = notificationPayload(id, openAlert('al-9', detection(extra), T0));
  return {
    id,
    channel: 'siem',
    alertId: 'al-9',
    body: JSON.stringify(payload),
    payload,
    attempt: 1,
  };
}

describe('syslog notifier', () => {
  let cert: SelfSignedCert;
  before(() => {
    cert = createSelfSignedCert();
  });

  test('RFC 5424: PRI from facility and severity, header fields, escaped SD params, BOM + text', () => {
    const n = notification('nt-1', {
      title: 'Key "destroy" [x]',
      summary: 'line1\nline2 ✓',
      severity: 'critical',
    });
    const m = rfc5424Message(n.payload, { hostname: 'kw-1', facility: 13 });
    const [, pri, time, host, app, procid, msgid, sd, text] = RFC5424.exec(m) ?? [];
    assert.equal(Number(pri), 13 * 8 + 2);
    assert.equal(time, new Date(T0).toISOString());
    assert.deepEqual([host, app, procid, msgid], ['kw-1', 'keywatch', '-', 'alert.opened']);
    assert.match(
      sd!,
      /^\[keywatch@32473 notification_id="nt-1" alert_id="al-9" rule_id="kms.destroy_scheduled" severity="critical" status="open" count="1" /,
    );
    assert.equal(text, 'Key "destroy" [x]: line1 line2 ✓');
    const escaped = rfc5424Message(notification('nt-2', { tags: ['a]b', 'c"d\\e'] }).payload);
    assert.match(escaped, / tags="a\\]b,c\\"d\\\\e"/);
    assert.match(
      rfc5424Message(n.payload),
      /^<106>1 \S+ - keywatch - alert\.opened /,
      'nil hostname',
    );
  });

  test('UDP: one datagram per message, cut to the limit on a character boundary', async () => {
    const sink = await startSyslogSink({ transport: 'udp' });
    const siem = new SyslogNotifier({
      transport: 'udp',
      host: '127.0.0.1',
      port: sink.port,
      maxMessageBytes: 700,
    });
    try {
      const long = notification('nt-3', { summary: '✓'.repeat(1000) });
      const v = await siem.send(long);
      assert.equal(v.status, 'delivered');
      await sink.waitFor(1);
      const got = Buffer.from(sink.messages[0]!, 'utf8');
      assert.ok(got.length <= 700 && got.length >= 698, `${got.length} octets`);
      assert.ok(!sink.messages[0]!.includes('\uFFFD'), 'no split character');
      assert.match(sink.messages[0]!, RFC5424);
    } finally {
      await siem.close();
      await sink.stop();
    }
  });

  for (const transport of ['tcp', 'tls'] as const) {
    test(`${transport.toUpperCase()}: octet-counted frames, one connection, reconnects after the collector restarts`, async () => {
      let sink = await startSyslogSink({ transport, tls: cert });
      const port = sink.port;
      const siem = new SyslogNotifier({
        transport,
        host: '127.0.0.1',
        port,
        ca: cert.cert,
        hostname: 'kw-1',
      });
      try {
        const sent = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            siem.send(notification(`nt-${i}`, { summary: `é ${i}` })),
          ),
        );
        assert.ok(sent.every((v) => v.status === 'delivered'));
        await sink.waitFor(20);
        assert.deepEqual(sink.framingErrors, []);
        assert.equal(sink.connections, 1);
        assert.deepEqual(
          sink.messages.map((m) => /notification_id="([^"]+)"/.exec(m)?.[1]).sort(),
          Array.from({ length: 20 }, (_, i) => `nt-${i}`).sort(),
        );
        for (const m of sink.messages) assert.match(m, RFC5424);
        await sink.stop();
        // The collector's FIN must arrive first: a write racing it would vanish unacknowledged
        // (syslog has no application-level acknowledgement; docs/alerts.md).
        await new Promise((resolve) => setTimeout(resolve, 100));
        const down = await siem.send(notification('nt-down'));
        assert.equal(down.status, 'retry', JSON.stringify(down));
        assert.match(down.detail, /ECONNREFUSED/);
        sink = await startSyslogSink({ transport, tls: cert, port });
        assert.equal((await siem.send(notification('nt-back'))).status, 'delivered');
        await sink.waitFor(1);
        assert.match(sink.messages[0]!, /notification_id="nt-back"/);
      } finally {
        await siem.close();
        await sink.stop();
      }
    });
  }

  test('TLS: an untrusted collector certificate is refused (retry)', async () => {
    const sink = await startSyslogSink({ transport: 'tls', tls: cert });
    const siem = new SyslogNotifier({
      transport: 'tls',
      host: '127.0.0.1',
      port: sink.port,
      ca: createSelfSignedCert().cert,
    });
    try {
      const v = await siem.send(notification('nt-x'));
      assert.equal(v.status, 'retry');
      assert.equal(sink.messages.length, 0);
    } finally {
      await siem.close();
      await sink.stop();
    }
  });
});
