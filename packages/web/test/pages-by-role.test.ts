// Each role signs in through the browser, walks every page it can reach, sees only the controls
// it may use — and the API refuses what it may not do, with the same session.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { totpCode } from '../../server/src/people/totp.ts';
import {
  apiAs,
  assertNoConsoleErrors,
  ingest,
  PASSWORD,
  signIn,
  signOut,
  startWeb,
  USERS,
  type Role,
  type WebHarness,
} from './web-harness.ts';

const PAGES = [
  'Overview',
  'Events',
  'Alerts',
  'Log integrity',
  'Rules',
  'Agents and hosts',
  'Keys',
  'File integrity',
  'Performance',
  'Compliance',
  'My account',
];

async function walk(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.equal(await page.getByRole('alert').count(), 0, `${label}: no error shown`);
}

describe('pages and permissions by role', () => {
  let h: WebHarness;
  before(async () => {
    h = await startWeb();
    const now = Date.now();
    await ingest(h, [
      {
        id: 'r-1',
        time: new Date(now - 5000).toISOString(),
        type: 'key.create',
        outcome: 'success',
        actor: { id: 'alice', roles: ['key_admin'] },
        target: { type: 'key', id: 'k-1' },
      },
      {
        id: 'r-2',
        time: new Date(now - 4000).toISOString(),
        type: 'key.destroy_scheduled',
        outcome: 'success',
        actor: { id: 'alice', roles: ['key_admin'] },
        target: { type: 'key', id: 'k-1' },
      },
    ]);
    await h.t.server.context.detection.idle();
  });
  after(() => h.close());

  const cases: { role: Role; users: boolean; alerts: boolean; rules: boolean }[] = [
    { role: 'admin', users: true, alerts: true, rules: true },
    { role: 'security_officer', users: false, alerts: true, rules: true },
    { role: 'audit_admin', users: false, alerts: true, rules: false },
    { role: 'auditor', users: false, alerts: false, rules: false },
  ];

  for (const c of cases) {
    test(`${c.role}: every page, only permitted controls, the API refuses the rest`, async () => {
      const { context, page, errors } = await h.open();
      await signIn(page, c.role);
      for (const label of PAGES) await walk(page, label);
      const nav = page.getByRole('navigation', { name: 'Main' });
      assert.equal(
        await nav.getByRole('link', { name: 'Users and tokens' }).count(),
        c.users ? 1 : 0,
      );
      if (c.users) await walk(page, 'Users and tokens');

      await walk(page, 'Alerts');
      await page.getByRole('table', { name: 'Alerts' }).getByRole('button').first().click();
      await page.getByTestId('alert-status').waitFor();
      assert.equal(
        await page.getByRole('form', { name: 'Handle this alert' }).count(),
        c.alerts ? 1 : 0,
      );

      await walk(page, 'Rules');
      assert.equal(
        await page.getByRole('form', { name: 'Edit a site rule' }).count(),
        c.rules ? 1 : 0,
      );
      if (!c.rules)
        await page.getByText('Read only: rules are changed by security officers.').waitFor();

      // Nothing seeded on this server: each operational page says so plainly.
      const empty: [string, string][] = [
        ['Keys', 'No keys in the inventory.'],
        ['Keys', 'No deployment checks reported yet.'],
        ['File integrity', 'No file changes reported.'],
        ['File integrity', 'No agents enrolled, so no baselines.'],
        ['Performance', 'No performance samples in the last 24 hours'],
        ['Performance', 'No threshold alerts.'],
        ['Compliance', 'No assessment results'],
        ['Agents and hosts', 'No agents enrolled.'],
      ];
      for (const [name, text] of empty) {
        await walk(page, name);
        await page.getByText(text).waitFor();
      }

      // The same session, straight at the API: what is hidden is also refused.
      const alertId = (h.t.server.context.alerts &&
        (await h.t.server.context.store.alerts().listAlerts({}, 1)))[0]!.id;
      const expect = (allowed: boolean) => (allowed ? [200, 201, 409] : [403]);
      const users = await apiAs(h, context, 'POST', '/v1/users', {
        username: `new-${c.role}`,
        password: 'another long password',
        role: 'auditor',
      });
      assert.ok(expect(c.users).includes(users), `${c.role} POST /v1/users → ${users}`);
      const rule = await apiAs(h, context, 'DELETE', '/v1/rules/site/nothing-here');
      assert.equal(rule, c.rules ? 404 : 403, `${c.role} DELETE site rule → ${rule}`);
      if (!c.alerts) {
        assert.equal(
          await apiAs(h, context, 'POST', `/v1/alerts/${alertId}/acknowledge`, { comment: 'x' }),
          403,
        );
      }
      assert.equal(await apiAs(h, context, 'GET', '/v1/sessions'), c.users ? 200 : 403);

      await signOut(page);
      assertNoConsoleErrors(errors);
      await context.close();
    });
  }

  test('a wrong password is refused in the page, and the failure is in the log', async () => {
    const { context, page, errors } = await h.open();
    await page.goto('/');
    await page.getByLabel('Username').fill(USERS.auditor);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'wrong' }).waitFor();
    // The browser reports the refused sign-in (401) itself; nothing else may appear.
    assertNoConsoleErrors(errors, [/status of 401/]);
    assert.equal(errors.length, 1);
    const logged = await h.t.server.context.store.queryEvents(
      { types: ['auth.login'], outcome: 'failure' },
      10,
    );
    assert.ok(logged.length >= 1);
    await context.close();
  });

  test('a person enrols TOTP in the page; sign-in then asks for the code', async () => {
    await h.t.server.context.users.create(
      { id: 'setup', role: 'admin' },
      { username: 'tina', password: PASSWORD, role: 'auditor' },
    );
    const { context, page, errors } = await h.open();
    await page.goto('/');
    await page.getByLabel('Username').fill('tina');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('who').filter({ hasText: 'tina' }).waitFor();
    await walk(page, 'My account');
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = await page.getByTestId('totp-secret').innerText();
    await page.getByLabel('Code from the app').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Enable second factor' }).click();
    await page.getByText('A TOTP authenticator is enrolled').waitFor();
    await signOut(page);
    await page.getByLabel('Username').fill('tina');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authenticator code').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('who').filter({ hasText: 'tina' }).waitFor();
    // The first attempt without a code is answered 401 TOTP_REQUIRED, which the browser reports.
    assertNoConsoleErrors(errors, [/status of 401/]);
    assert.equal(errors.length, 1);
    const enrolled = await h.t.server.context.store.queryEvents({ types: ['user.change'] }, 10);
    assert.ok(enrolled.some((r) => Buffer.from(r.leaf).toString().includes('totp_enrolled')));
    await context.close();
  });
});
