// The webhook channel against a real HTTP server on loopback: the signed body, the idempotency key,
// the verdict for each kind of answer, timeouts and a receiver that is down.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWebhookSink, type WebhookSink } from '@keywatch/testkit';
import {
  AlertError,
  SIGNATURE_HEADER,
  signWebhookBody,
  verifyWebhookSignature,
  WebhookNotifier,
  type Notification,
} from '../src/index.ts';

const SECRET = 'whsec-0123456789abcdef';

function notification(id: string): Notification {
  const payload = { id, type: 'alert.opened' } as unknown as Notification['payload'];
  return {
    id,
    channel: 'soc',
    alertId: 'al-1',
    body: JSON.stringify(payload),
    payload,
    attempt: 1,
  };
}

describe('webhook notifier', () => {
  let sink: WebhookSink;
  before(async () => {
    sink = await startWebhookSink();
  });
  after(() => sink.stop());

  test('posts the exact body, signed over "t.body", with the notification id as Idempotency-Key', async () => {
    const now = 1_780_000_123_456;
    const hook = new WebhookNotifier({ url: sink.url, secret: SECRET, now: () => now });
    const n = notification('nt-1');
    assert.deepEqual(await hook.send(n), { status: 'delivered', detail: 'HTTP 200' });
    const req = sink.requests.at(-1)!;
    assert.equal(req.method, 'POST');
    assert.equal(req.body.toString(), n.body);
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['idempotency-key'], 'nt-1');
    const sig = req.headers[SIGNATURE_HEADER.toLowerCase()] as string;
    assert.equal(sig, signWebhookBody(SECRET, n.body, 1_780_000_123));
    assert.match(sig, /^t=1780000123,v1=[0-9a-f]{64}$/);
    assert.ok(verifyWebhookSignature(SECRET, sig, req.body, { nowSec: 1_780_000_200 }));
    assert.ok(
      !verifyWebhookSignature('another-secret-value', sig, req.body, { nowSec: 1_780_000_200 }),
    );
    assert.ok(
      !verifyWebhookSignature(SECRET, sig, Buffer.from(`${n.body} `), { nowSec: 1_780_000_200 }),
    );
    assert.ok(
      !verifyWebhookSignature(SECRET, sig, req.body, { nowSec: 1_780_000_123 + 301 }),
      'stale',
    );
    assert.ok(
      !verifyWebhookSignature(SECRET, sig.replace('t=1780000123', 't=1780000124'), req.body, {
        nowSec: 1_780_000_124,
      }),
    );
  });

  test('verdicts: 2xx delivered; 408, 429, 5xx retry; other 4xx and 3xx fail for good', async () => {
    const hook = new WebhookNotifier({ url: sink.url, secret: SECRET });
    const cases: [number, string][] = [
      [200, 'delivered'],
      [202, 'delivered'],
      [204, 'delivered'],
      [408, 'retry'],
      [429, 'retry'],
      [500, 'retry'],
      [503, 'retry'],
      [400, 'failed'],
      [401, 'failed'],
      [404, 'failed'],
      [410, 'failed'],
      [301, 'failed'],
    ];
    for (const [status, verdict] of cases) {
      sink.respondWith(status);
      assert.deepEqual(await hook.send(notification(`nt-${status}`)), {
        status: verdict,
        detail: `HTTP ${status}`,
      });
    }
    sink.respondWith(200);
  });

  test('a receiver that is down or too slow means retry; neither URL nor secret is in the verdict', async () => {
    const down = await startWebhookSink();
    await down.stop();
    const url = `http://127.0.0.1:${down.port}/hook?token=url-secret`;
    const refused = await new WebhookNotifier({ url, secret: SECRET }).send(notification('nt-x'));
    assert.deepEqual(refused, { status: 'retry', detail: 'ECONNREFUSED' });
    const slow = createServer(() => undefined); // never answers
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
    try {
      const timedOut = await new WebhookNotifier({
        url: slowUrl,
        secret: SECRET,
        timeoutMs: 200,
      }).send(notification('nt-y'));
      assert.deepEqual(timedOut, { status: 'retry', detail: 'timed out' });
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
  });

  test('configuration mistakes are refused; the secret stays out of inspection', async () => {
    const bad = (o: { url: string; secret: string }) =>
      assert.throws(
        () => new WebhookNotifier(o),
        (e: unknown) => e instanceof AlertError && e.code === 'INVALID_CHANNEL_CONFIG',
      );
    bad({ url: 'not a url', secret: SECRET });
    bad({ url: 'ftp://x/', secret: SECRET });
    bad({ url: 'https://user:pw@x/', secret: SECRET });
    bad({ url: 'https://x/', secret: 'short' });
    const { inspect } = await import('node:util');
    const hook = new WebhookNotifier({ url: sink.url, secret: SECRET });
    assert.ok(!inspect(hook, { showHidden: true, depth: 5 }).includes(SECRET));
    assert.ok(!JSON.stringify(hook).includes(SECRET));
  });
});
