// keywatch keys check --server: the gate records its result on the server, which compares the
// keys with its inventory: a substituted key fails the gate and is a key.deployment_mismatch in
// the log; the right key passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killHard, startServe } from './cli-process.ts';
import { kw, makeBundle } from './keys-fixtures.ts';

test('the gate records on the server and fails a key the inventory does not expect there', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-keys-srv-'));
  const dataDir = join(dir, 'data');
  const { child, url } = await startServe(['--data-dir', dataDir]);
  t.after(async () => {
    await killHard(child);
    rmSync(dir, { recursive: true, force: true });
  });
  const admin = readFileSync(join(dataDir, 'initial-admin-token'), 'utf8').trim();
  const bundle = makeBundle(dir, 'svc');
  const fp = (
    JSON.parse(kw(['keys', 'check', '--json', bundle]).stdout.split('\n')[0]!) as {
      fingerprint: string;
    }
  ).fingerprint;
  const put = await fetch(`${url}/v1/keys`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      keys: [
        {
          id: 'svc-tls',
          algorithm: 'rsa',
          size: 2048,
          fingerprint: fp,
          locations: [`kms-9:${bundle}`],
        },
      ],
    }),
  });
  assert.equal(put.status, 200);

  const ok = kw(['keys', 'check', '--server', url, '--token', admin, '--host', 'kms-9', bundle]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^PASS /);
  makeBundle(dir, 'svc'); // substituted
  const bad = kw(['keys', 'check', '--server', url, '--token', admin, '--host', 'kms-9', bundle]);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /^FAIL .*inventory: deployment mismatch: svc-tls expects/);

  const res = await fetch(`${url}/v1/events?type=key.deployment_mismatch`, {
    headers: { authorization: `Bearer ${admin}` },
  });
  const { events } = (await res.json()) as {
    events: { detail: { host: string; label: string } }[];
  };
  assert.equal(events.length, 1);
  assert.deepEqual([events[0]!.detail.host, events[0]!.detail.label], ['kms-9', bundle]);
});
