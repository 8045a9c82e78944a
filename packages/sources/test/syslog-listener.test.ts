// The listener against real clients: util-linux `logger` over UDP, TCP with LF framing and TCP
// with octet counting; node:tls with a throw-away openssl certificate (RFC 5425); routing of
// Vault JSON and audisp lines; backpressure while onRecords is pending.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { after, test } from 'node:test';
import { SyslogListener } from '../src/index.ts';
import type { NormalizedRecord } from '../src/core/record-types.ts';
import { OPTIONS, SAMPLES } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'kw-syslog-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function collect() {
  const records: NormalizedRecord[] = [];
  const waiters: [number, () => void][] = [];
  const onRecords = (r: NormalizedRecord[]) => {
    records.push(...r);
    for (const [n, done] of waiters) if (records.length >= n) done();
  };
  const until = (n: number) =>
    new Promise<void>((resolve, reject) => {
      if (records.length >= n) return resolve();
      waiters.push([n, resolve]);
      setTimeout(() => reject(new Error(`timeout: ${records.length}/${n} records`)), 5000).unref();
    });
  return { records, onRecords, until };
}

const logger = (...args: string[]) => execFileSync('/usr/bin/logger', args, { stdio: 'pipe' });

test('logger over UDP, TCP and TCP with octet counting; RFC 5424 and 3164', async () => {
  const c = collect();
  const l = new SyslogListener({
    decoder: OPTIONS,
    udp: { port: 0, host: '127.0.0.1' },
    tcp: { port: 0, host: '127.0.0.1' },
    onRecords: c.onRecords,
  });
  const ports = await l.start();
  try {
    logger(
      '--server',
      '127.0.0.1',
      '--port',
      String(ports.udp),
      '--udp',
      '--rfc5424',
      '-t',
      'kmsd',
      '--msgid',
      'M1',
      '--sd-id',
      'test@32473',
      '--sd-param',
      'a="1"',
      'udp five',
    );
    logger(
      '--server',
      '127.0.0.1',
      '--port',
      String(ports.tcp),
      '--tcp',
      '--rfc3164',
      '-t',
      'kmsd',
      'tcp bsd',
    );
    logger(
      '--server',
      '127.0.0.1',
      '--port',
      String(ports.tcp),
      '--tcp',
      '--octet-count',
      '--rfc5424',
      '-t',
      'kmsd',
      'tcp counted',
    );
    await c.until(3);
    const msgs = c.records.map((r) => (r.kind === 'event' ? r.event.message : r.reason)).sort();
    assert.deepEqual(msgs, ['tcp bsd', 'tcp counted', 'udp five']);
    const udp = c.records.find((r) => r.kind === 'event' && r.event.message === 'udp five');
    assert.ok(udp?.kind === 'event');
    assert.equal(udp.event.type, 'syslog.message');
    assert.equal(udp.event.actor.id, 'kmsd');
    const sd = udp.event.detail?.['structured_data'] as Record<string, unknown>;
    assert.deepEqual(sd['test@32473'], { a: '1' });
  } finally {
    await l.stop();
  }
});

test('routes Vault JSON and audisp records to their adapters (pairing across messages)', async () => {
  const c = collect();
  const l = new SyslogListener({
    decoder: OPTIONS,
    tcp: { port: 0, host: '127.0.0.1' },
    onRecords: c.onRecords,
  });
  const { tcp } = await l.start();
  const vault = readFileSync(join(SAMPLES, 'vault', 'audit.log'), 'utf8').split('\n');
  try {
    logger(
      '--server',
      '127.0.0.1',
      '--port',
      String(tcp),
      '--tcp',
      '--octet-count',
      '-t',
      'vault',
      '--size',
      '65536',
      vault[4]!,
    );
    logger(
      '--server',
      '127.0.0.1',
      '--port',
      String(tcp),
      '--tcp',
      '--octet-count',
      '-t',
      'vault',
      '--size',
      '65536',
      vault[5]!,
    );
    logger(
      '--server',
      '127.0.0.1',
      '--port',
      String(tcp),
      '--tcp',
      '--octet-count',
      '-t',
      'audispd',
      'type=DAEMON_END msg=audit(1481078697.892:7799): auditd normal halt, sending auid=? pid=? subj=? res=success',
    );
    await c.until(2);
    const types = c.records
      .map((r) =>
        r.kind === 'event'
          ? `${r.event.source?.kind} ${r.event.type} ${r.event.outcome}`
          : r.reason,
      )
      .sort();
    assert.deepEqual(types, ['auditd audit.disabled success', 'vault secret.read success']);
  } finally {
    await l.stop();
  }
});

test('TLS (RFC 5425) with a self-signed certificate; a broken frame closes only its connection', async () => {
  execFileSync(
    '/usr/bin/openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
    ],
    { stdio: 'pipe' },
  );
  const cert = readFileSync(join(dir, 'cert.pem'));
  const c = collect();
  const errors: string[] = [];
  const l = new SyslogListener({
    decoder: OPTIONS,
    tls: { port: 0, host: '127.0.0.1', cert, key: readFileSync(join(dir, 'key.pem')) },
    onRecords: c.onRecords,
    onError: (e) => errors.push(e.code),
  });
  const { tls } = await l.start();
  try {
    const msgs = [
      '<13>1 2026-01-01T00:00:00Z h app - - - first',
      '<13>1 2026-01-01T00:00:01Z h app - - - second',
    ];
    const sock = tlsConnect({ host: '127.0.0.1', port: tls!, ca: cert, servername: 'localhost' });
    await new Promise<void>((r) => sock.once('secureConnect', () => r()));
    sock.write(msgs.map((m) => `${Buffer.byteLength(m)} ${m}`).join(''));
    await c.until(2);
    sock.write('x12 broken');
    await new Promise<void>((r) => sock.once('close', () => r()));
    assert.deepEqual(
      c.records.map((r) => r.kind === 'event' && r.event.message),
      ['first', 'second'],
    );
    assert.deepEqual(errors, ['FRAMING_ERROR']);
  } finally {
    await l.stop();
  }
});

test('backpressure: the connection is paused while onRecords is pending', async () => {
  let pending = 0;
  let maxPending = 0;
  let seen = 0;
  const l = new SyslogListener({
    decoder: OPTIONS,
    tcp: { port: 0, host: '127.0.0.1' },
    onRecords: async (r) => {
      pending++;
      maxPending = Math.max(maxPending, pending);
      await new Promise((res) => setTimeout(res, 5));
      seen += r.length;
      pending--;
    },
  });
  const { tcp } = await l.start();
  const sock = netConnect(tcp!, '127.0.0.1');
  const n = 2000;
  for (let i = 0; i < n; i++) sock.write(`<13>1 - h app - - - m${i}\n`);
  sock.end();
  await new Promise<void>((r) => sock.once('close', () => r()));
  while (seen < n) await new Promise((res) => setTimeout(res, 10));
  await l.stop();
  assert.equal(seen, n);
  assert.equal(maxPending, 1);
});
