// Screenshots of every page of the web view into docs/screenshots/ (linked from the README):
// a real server on a temporary data directory with a little history (events, alerts, and the
// operational data of seed-operations.ts: agents, FIM changes, keys, perf series, SCA scans),
// Debian's Chromium.
//   node --import tsx scripts/screenshots.ts
import { join } from 'node:path';
import { seedOperations } from '../packages/web/test/seed-operations.ts';
import { ingest, signIn, startWeb, USERS } from '../packages/web/test/web-harness.ts';

const out = new URL('../docs/screenshots/', import.meta.url).pathname;
const h = await startWeb();
try {
  const now = Date.now();
  const kinds = ['crypto.decrypt', 'crypto.encrypt', 'key.create', 'key.rotate', 'secret.read'];
  await ingest(
    h,
    Array.from({ length: 240 }, (_, i) => ({
      id: `s-${i}`,
      time: new Date(now - (240 - i) * 45_000).toISOString(),
      type: kinds[i % 7 === 0 ? 2 + (i % 3) : i % 2]!,
      outcome: i % 17 === 0 ? 'failure' : 'success',
      actor: {
        id: `svc-${i % 5}`,
        roles: [i % 7 === 0 ? 'key_admin' : 'crypto_user'],
        ip: `10.0.0.${i % 9}`,
      },
      target: { type: 'key', id: `payments-key-${i % 6}` },
      source: { kind: i % 3 ? 'vault' : 'cloudtrail', host: `kms-${i % 3}` },
      raw: `{"vendor":"record","n":${i}}`,
    })),
  );
  const alertEvents = ['payments-cmk', 'ledger-cmk'].map((key, i) => ({
    id: `a-${i}`,
    time: new Date(now - 60_000 * (i + 1)).toISOString(),
    type: i ? 'key.export' : 'key.destroy_scheduled',
    outcome: 'success',
    actor: { id: 'mallory', roles: ['key_admin'], ip: '203.0.113.9' },
    target: { type: 'key', id: key },
    source: { kind: 'vault', host: 'kms-1' },
  }));
  const r = await ingest(h, alertEvents);
  await seedOperations(h);
  await h.t.server.context.detection.idle();
  const { context, page } = await h.open();
  await page.setViewportSize({ width: 1280, height: 860 });
  const shot = (name: string) =>
    page.screenshot({ path: join(out, `${name}.png`), fullPage: false });
  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in to keywatch' }).waitFor();
  await shot('sign-in');
  await signIn(page, 'admin');
  const pages: [string, string][] = [
    ['Overview', 'overview'],
    ['Events', 'events'],
    ['Alerts', 'alerts'],
    ['Log integrity', 'log-integrity'],
    ['Rules', 'rules'],
    ['Agents and hosts', 'agents'],
    ['Keys', 'keys'],
    ['File integrity', 'file-integrity'],
    ['Performance', 'performance'],
    ['Compliance', 'compliance'],
    ['Users and tokens', 'users'],
    ['My account', 'account'],
  ];
  for (const [label, file] of pages) {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: label, exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: label }).waitFor();
    await page.waitForLoadState('networkidle');
    if (file === 'alerts') {
      await page.getByRole('table', { name: 'Alerts' }).getByRole('button').first().click();
      await page.getByTestId('alert-status').waitFor();
    }
    if (file === 'file-integrity') {
      const changes = page.getByRole('table', { name: 'Recent file changes' });
      await changes.getByRole('button', { name: '/etc/vault.d/vault.hcl' }).click();
      await page.getByTestId('fim-diff').waitFor();
    }
    if (file === 'agents') {
      await page.getByRole('button', { name: /^Policy of agent-kms-1/ }).click();
      await page.getByTestId('policy-scope').waitFor();
    }
    if (file === 'performance') await page.getByTestId('perf-chart').first().waitFor();
    if (file === 'log-integrity') {
      await page.getByRole('button', { name: 'Run a verification' }).click();
      await page.getByTestId('verify-result').waitFor();
    }
    await shot(file);
  }
  await page.goto(`/events?at=${r.results[0]!.index}`);
  await page.getByRole('button', { name: 'Verify inclusion in the signed log' }).click();
  await page.getByTestId('proof-result').waitFor();
  await shot('event-proof');
  await context.close();
  console.log(
    `screenshots of ${pages.length + 2} pages in ${out} (users: ${Object.values(USERS).join(', ')})`,
  );
} finally {
  await h.close();
}
