// Syslog from the real `logger` command (util-linux) over TCP (octet counting) and UDP, and a file
// tailer that survives a restart: every line once in the log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openServer, sourceListenerPorts, type KeywatchServer } from '@keywatch/server';
import { auth, startTestServer, type TestServer } from './test-server.ts';

const data = new URL('../../sources/test/data/', import.meta.url).pathname;

async function until(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('syslog listener', () => {
  let t: TestServer;
  let reader: string;
  before(async () => {
    t = await startTestServer({ config: { syslog: { tcpPort: 0, udpPort: 0 } } });
    reader = await t.token('auditor', 'ann');
  });
  after(() => t.close());

  const query = async (q: string): Promise<{ message?: string; source?: { kind?: string } }[]> => {
    const res = await t.server.app.inject({ url: `/v1/events?${q}`, headers: auth(reader) });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ events: { message?: string }[] }>().events;
  };

  test('messages from logger over TCP and UDP become events, Vault audit JSON is routed', async () => {
    const ports = sourceListenerPorts(t.server.context);
    assert.ok(ports.tcp && ports.udp);
    const logger = (args: string[], msg: string): void => {
      execFileSync('/usr/bin/logger', [
        '--server',
        '127.0.0.1',
        '--rfc5424',
        '--size',
        '65536',
        '-t',
        'kms-app',
        ...args,
        msg,
      ]);
    };
    logger(['--tcp', '--octet-count', '--port', String(ports.tcp)], 'tcp hello from kms-1');
    logger(['--udp', '--port', String(ports.udp)], 'udp hello from kms-1');
    const pair = readFileSync(join(data, 'vault/audit.log'), 'utf8').split('\n').slice(2, 4);
    for (const line of pair) logger(['--tcp', '--octet-count', '--port', String(ports.tcp)], line);
    await until('syslog events', async () => (await query('source=syslog')).length >= 2);
    const texts = (await query('source=syslog')).map((e) => e.message ?? '');
    assert.ok(texts.some((m) => m.includes('tcp hello from kms-1')));
    assert.ok(texts.some((m) => m.includes('udp hello from kms-1')));
    // The request waits in the router for its response; joined, it is one vault event.
    await until('the vault event', async () => (await query('source=vault')).length === 1);
  });
});

describe('file tailer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-tail-'));
  const file = join(dir, 'app.jsonl');
  const line = (i: number): string =>
    JSON.stringify({
      id: `tail-${i}`,
      time: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      type: 'crypto.decrypt',
      outcome: 'success',
      actor: { id: `app-${i % 3}` },
      source: { kind: 'native' },
    }) + '\n';
  const open = (): Promise<KeywatchServer> =>
    openServer({
      dataDir: join(dir, 'data'),
      logger: false,
      origin: 'test.keywatch/tail',
      config: { tail: [{ kind: 'native', path: file }] },
    });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('every line exactly once across a restart', async () => {
    writeFileSync(file, '');
    for (let i = 0; i < 50; i++) appendFileSync(file, line(i));
    let s = await open();
    const ids = async (): Promise<string[]> => {
      const rows = await s.context.store.queryEvents({ sourceKind: 'native' }, 1000);
      return rows.map(
        (r) => (JSON.parse(Buffer.from(r.leaf).toString('utf8')) as { id: string }).id,
      );
    };
    await until('50 tailed events', async () => (await ids()).length === 50);
    for (let i = 50; i < 80; i++) appendFileSync(file, line(i));
    await s.close(); // maybe mid-poll: what was read is committed, what was not is read next time
    for (let i = 80; i < 120; i++) appendFileSync(file, line(i));
    s = await open();
    try {
      await until('120 tailed events', async () => (await ids()).length >= 120);
      await sleep(2 * 200);
      const got = await ids();
      assert.equal(got.length, 120);
      assert.equal(new Set(got).size, 120);
    } finally {
      await s.close();
    }
  });
});
