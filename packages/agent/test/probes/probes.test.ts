// Remote probes against real loopback servers: Vault health status meanings and a latency
// threshold over HTTP, HTTPS trusted through a CA file, TCP reachable and refused, TLS chain,
// host name, expiry and key facts; and the module emitting one probe event per probe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { createServer as createTcp, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NativeEvent } from '@keywatch/protocol';
import { createSelfSignedCert } from '@keywatch/testkit';
import { runHttpProbe } from '../../src/probes/http-probe.ts';
import { ProbesModule } from '../../src/probes/probes-module.ts';
import { runTcpProbe } from '../../src/probes/tcp-probe.ts';
import { runTlsProbe } from '../../src/probes/tls-probe.ts';

const cert = createSelfSignedCert();
const caFile = join(mkdtempSync(join(tmpdir(), 'kw-probe-')), 'ca.pem');
writeFileSync(caFile, cert.cert);

async function listen(server: Server | ReturnType<typeof createTcp>): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

test('Vault health: active and standby serve, sealed is critical, slow is a failure', async () => {
  let status = 200;
  let delay = 0;
  const server = createHttp((_req, res) =>
    setTimeout(() => res.writeHead(status).end('{}'), delay),
  );
  const port = await listen(server);
  const probe = {
    name: 'vault',
    url: `http://127.0.0.1:${port}/v1/sys/health`,
    kind: 'vault' as const,
  };
  try {
    let r = await runHttpProbe(probe);
    assert.deepEqual(
      [r.ok, r.severity, r.detail['vault_state'], r.detail['status']],
      [true, 'info', 'active', 200],
    );
    status = 429;
    r = await runHttpProbe(probe);
    assert.deepEqual([r.ok, r.detail['vault_state']], [true, 'standby']);
    status = 503;
    r = await runHttpProbe(probe);
    assert.deepEqual([r.ok, r.severity, r.detail['vault_state']], [false, 'critical', 'sealed']);
    status = 200;
    delay = 60;
    r = await runHttpProbe({ ...probe, latency_warn_ms: 20 });
    assert.deepEqual([r.ok, r.severity], [false, 'medium']);
    assert.ok((r.detail['latency_ms'] as number) >= 50);
    delay = 0;
    r = await runHttpProbe({
      name: 'plain',
      url: `http://127.0.0.1:${port}/`,
      expect_status: [204],
    });
    assert.deepEqual([r.ok, r.severity], [false, 'high'], 'an unexpected status is a failure');
  } finally {
    server.close();
  }
});

test('HTTPS is trusted through ca_file and refused without it', async () => {
  const server = createHttps({ key: cert.key, cert: cert.cert }, (_req, res) => res.end('ok'));
  const port = await listen(server);
  try {
    const url = `https://127.0.0.1:${port}/health`;
    assert.equal((await runHttpProbe({ name: 'kms', url, ca_file: caFile })).ok, true);
    const untrusted = await runHttpProbe({ name: 'kms', url });
    assert.deepEqual([untrusted.ok, untrusted.severity], [false, 'critical']);
    assert.match(String(untrusted.detail['error']), /self.signed|certificate/i);
  } finally {
    server.close();
  }
});

test('TCP: a listening port is reachable, a closed one is a critical failure', async () => {
  const server = createTcp((s) => s.end());
  const port = await listen(server);
  const ok = await runTcpProbe({ name: 'kmip', host: '127.0.0.1', port });
  assert.deepEqual([ok.ok, ok.type, ok.target], [true, 'probe.tcp', `127.0.0.1:${port}`]);
  await new Promise((r) => server.close(r));
  const refused = await runTcpProbe({ name: 'kmip', host: '127.0.0.1', port });
  assert.deepEqual([refused.ok, refused.severity], [false, 'critical']);
  assert.match(String(refused.detail['error']), /ECONNREFUSED/);
});

test('TLS: chain, host name, expiry and key are checked', async () => {
  const server = createHttps({ key: cert.key, cert: cert.cert }, (_req, res) => res.end());
  const port = await listen(server);
  try {
    const base = { name: 'kmip-tls', host: '127.0.0.1', port, ca_file: caFile };
    const good = await runTlsProbe({ ...base, min_days: 0 });
    assert.deepEqual([good.ok, good.severity], [true, 'info'], good.message);
    assert.deepEqual(
      [
        good.detail['chain_valid'],
        good.detail['hostname_match'],
        good.detail['key_algorithm'],
        good.detail['key_bits'],
      ],
      [true, true, 'ec', 256],
    );
    assert.ok([0, 1].includes(good.detail['days_to_expiry'] as number));
    const soon = await runTlsProbe(base); // valid one day, default min_days 30
    assert.deepEqual([soon.ok, soon.severity], [false, 'medium']);
    const strict = await runTlsProbe({ ...base, min_days: 0, min_ec_bits: 384 });
    assert.match(strict.message, /EC key of 256 bits/);
    const untrusted = await runTlsProbe({ name: 'x', host: '127.0.0.1', port, min_days: 0 });
    assert.deepEqual(
      [untrusted.ok, untrusted.severity, untrusted.detail['chain_valid']],
      [false, 'high', false],
    );
    const wrongName = await runTlsProbe({ ...base, min_days: 0, servername: 'kms.example' });
    assert.deepEqual([wrongName.ok, wrongName.detail['hostname_match']], [false, false]);
  } finally {
    server.close();
  }
});

test('the probes module emits one event per probe each round and reports health', async () => {
  const server = createTcp((s) => s.end());
  const port = await listen(server);
  const emitted: NativeEvent[] = [];
  const mod = new ProbesModule();
  try {
    await mod.start(
      {
        agentId: 'a-test',
        stateDir: tmpdir(),
        emit: (e) => {
          emitted.push(e);
          return Promise.resolve();
        },
        request: () => Promise.reject(new Error('no server in this test')),
        log: () => undefined,
      },
      {
        interval_seconds: 0.1,
        tcp: [
          { name: 'up', host: '127.0.0.1', port },
          { name: 'down', host: '127.0.0.1', port: 1 },
        ],
      },
    );
    while (emitted.length < 4) await new Promise((r) => setTimeout(r, 20));
  } finally {
    await mod.stop();
    server.close();
  }
  const up = emitted.find((e) => e.target?.name === 'up')!;
  const down = emitted.find((e) => e.target?.name === 'down')!;
  assert.deepEqual(
    [up.type, up.outcome, down.outcome, down.severity],
    ['probe.tcp', 'success', 'failure', 'critical'],
  );
  const health = mod.health() as { rounds: number; probes: Record<string, { ok: boolean }> };
  assert.ok(health.rounds >= 2);
  assert.equal(health.probes['probe.tcp:down']?.ok, false);
  await assert.rejects(
    mod.start({} as never, { tcp: [{ name: 'no port', host: 'x' }] }),
    /probes: tcp\[0\] is incomplete/,
  );
});
