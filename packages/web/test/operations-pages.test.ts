// The operational pages over real data (seed-operations.ts): every role sees the keys with the
// substituted one marked, the file changes with their diff, perf charts and threshold alerts, the
// agents and the compliance results; only security officers and admins see the controls that
// change something (key editing, re-baseline, restore, revoke), and the API refuses the others.
// Officers and admins then use those controls, and the result shows without a reload.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { HCL, seedOperations, type SeededAgent } from './seed-operations.ts';
import {
  apiAs,
  assertNoConsoleErrors,
  signIn,
  signOut,
  startWeb,
  type Role,
  type WebHarness,
  waitForValue,
} from './web-harness.ts';

async function open(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.equal(await page.getByRole('alert').count(), 0, `${label}: no error shown`);
}

const table = (page: Page, caption: string) => page.getByRole('table', { name: caption });

describe('keys, file integrity, performance, agents and compliance pages', () => {
  let h: WebHarness;
  let agents: SeededAgent[];
  before(async () => {
    h = await startWeb();
    ({ agents } = await seedOperations(h));
  });
  after(() => h.close());

  const cases: { role: Role; manage: boolean }[] = [
    { role: 'admin', manage: true },
    { role: 'security_officer', manage: true },
    { role: 'audit_admin', manage: false },
    { role: 'auditor', manage: false },
  ];

  for (const c of cases) {
    test(`${c.role}: the seeded data on each page, controls only where permitted`, async () => {
      const { context, page, errors } = await h.open();
      await signIn(page, c.role);
      const count = async (loc: ReturnType<Page['getByRole']>) => loc.count();

      await open(page, 'Keys');
      await table(page, 'Key inventory').getByText('payments-tls').waitFor();
      const checks = table(page, 'Deployment checks');
      const bad = checks.getByRole('row').filter({ hasText: '/etc/kms/ledger.pem' });
      await bad.getByText('mismatch', { exact: true }).waitFor();
      await bad.getByText(/deployment mismatch: ledger-signing expects/).waitFor();
      await page.getByTestId('key-findings').filter({ hasText: '1 deployment mismatch' }).waitFor();
      await page.getByLabel('Check outcome').selectOption('mismatch');
      assert.equal(await checks.getByRole('row').count(), 2, 'header and the one mismatch');
      await page.getByLabel('Key state').selectOption('deactivated');
      await table(page, 'Key inventory').getByText('old-wrap').waitFor();
      assert.equal(await table(page, 'Key inventory').getByText('payments-tls').count(), 0);
      const editor = page.getByRole('form', { name: 'Edit the key inventory' });
      assert.equal(await count(editor), c.manage ? 1 : 0);
      assert.equal(
        await page.getByRole('button', { name: 'Edit old-wrap' }).count(),
        c.manage ? 1 : 0,
      );

      await open(page, 'File integrity');
      const changes = table(page, 'Recent file changes');
      await changes.getByRole('button', { name: HCL }).click();
      const detail = page.getByRole('complementary', { name: 'File change detail' });
      await detail
        .getByTestId('fim-diff')
        .filter({ hasText: '+  address = "0.0.0.0:8200"' })
        .waitFor();
      await detail
        .getByRole('table', { name: 'Attributes before and after' })
        .getByText('(changed)')
        .first()
        .waitFor();
      assert.equal(
        await detail.getByRole('button', { name: 'Restore known-good copy…' }).count(),
        c.manage ? 1 : 0,
      );
      const baselines = table(page, 'Baselines per agent');
      await baselines
        .getByRole('row')
        .filter({ hasText: 'kms-1' })
        .getByRole('cell', { name: '1', exact: true })
        .first()
        .waitFor();
      assert.equal(
        await baselines.getByRole('button', { name: 'Re-baseline kms-1…' }).count(),
        c.manage ? 1 : 0,
      );
      await page.getByLabel('Host').selectOption('kms-2');
      await page.getByText('No changes match.').waitFor();

      await open(page, 'Performance');
      await page.getByRole('img', { name: /^cpu\.total: \d+ points/ }).waitFor();
      assert.equal(await page.getByLabel('Host').inputValue(), 'kms-1', 'the first host');
      assert.ok((await page.getByTestId('perf-chart').count()) >= 5, 'a chart per metric');
      for (const g of ['CPU', 'Load', 'Memory', 'Crypto operations per second', 'Latency (ms)'])
        await page.getByRole('heading', { level: 2, name: g }).waitFor();
      await table(page, 'Threshold alerts').getByText('cpu saturated').waitFor();
      await page.getByLabel('Range').selectOption('24h');
      await page.getByText('1-minute buckets').waitFor();
      await page
        .getByRole('img', { name: /^crypto\.rsa2048_sign\.ops_per_s: \d+ points/ })
        .waitFor();

      await open(page, 'Agents and hosts');
      const list = table(page, 'Agents');
      for (const a of agents) {
        const row = list.getByRole('row').filter({ hasText: a.id });
        await row.getByText('active', { exact: true }).waitFor();
        await row.getByText('0.1.0').waitFor();
        await row
          .getByRole('button', { name: /^Policy of agent-kms-\d: group policy of / })
          .waitFor();
      }
      assert.equal(await list.getByRole('button', { name: /^Revoke / }).count(), c.manage ? 2 : 0);
      await list.getByRole('button', { name: /^Policy of agent-kms-1: group policy/ }).click();
      const policyPane = page.getByRole('complementary', { name: 'Agent policy' });
      await policyPane
        .getByTestId('policy-scope')
        .filter({ hasText: 'Set for group kms' })
        .waitFor();
      await policyPane.getByText('/etc/vault.d/*.hcl').waitFor();
      assert.equal(
        await page.getByRole('form', { name: 'Create an enrollment token' }).count(),
        c.manage ? 1 : 0,
      );

      await open(page, 'Compliance');
      const policy = table(page, 'Policy kms-hardening');
      const kms1 = policy.getByRole('row').filter({ hasText: 'kms-1' });
      await kms1.getByText('33.3% → 66.7%').waitFor();
      const failing = table(page, 'Failing checks (latest scans)');
      assert.equal(await failing.getByRole('row').count(), 2, 'header and the one current failure');
      const row = failing.getByRole('row').filter({ hasText: 'Key stores are mode 0600' });
      await row.getByText('PCI DSS: 3.6.1').waitFor();
      await row.getByText(/chmod 0600 the key files/).waitFor();
      await row.getByText(/ledger\.key is mode 0644/).waitFor();
      await page.getByLabel('Host').selectOption('kms-2');
      await page.getByText('No failing checks in the latest scans.').waitFor();
      assert.equal(await policy.getByRole('row').count(), 2, 'header and kms-2');

      // The same session straight at the API: what is hidden is refused.
      if (!c.manage) {
        const a = agents[0]!.id;
        const calls: [string, string, unknown][] = [
          ['PUT', '/v1/keys', { keys: [{ id: 'x', algorithm: 'aes' }] }],
          ['POST', `/v1/agents/${a}/fim/rebaseline`, {}],
          ['POST', `/v1/agents/${a}/fim/restore`, { path: HCL }],
          ['POST', `/v1/agents/${a}/revoke`, {}],
        ];
        for (const [method, path, body] of calls)
          assert.equal(
            await apiAs(h, context, method, path, body),
            403,
            `${c.role} ${method} ${path}`,
          );
      }
      assertNoConsoleErrors(errors);
      await context.close();
    });
  }

  test('a security officer re-baselines and an admin restores; the commands show at once', async () => {
    const { context, page, errors } = await h.open();
    await signIn(page, 'security_officer');
    await open(page, 'File integrity');
    // By keyboard: Enter opens the confirmation with focus in its reason, Escape closes it,
    // Enter in the reason confirms.
    await page.getByRole('button', { name: 'Re-baseline kms-1…' }).focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('form', { name: 'Confirm: Re-baseline kms-1' });
    const reason = confirm.getByLabel('Reason (recorded)');
    await reason.waitFor();
    const focused = await page.evaluate('document.activeElement && document.activeElement.name');
    assert.equal(focused, 'reason', 'focus moves into the reason');
    await page.keyboard.type('not yet');
    assert.equal(await reason.inputValue(), 'not yet');
    await page.keyboard.press('Escape');
    assert.equal(await confirm.count(), 0, 'Escape closes the confirmation');
    await page.getByRole('button', { name: 'Re-baseline kms-1…' }).focus();
    await page.keyboard.press('Enter');
    await reason.waitFor();
    assert.equal(await reason.inputValue(), '', 'a cancelled reason is not kept');
    await page.keyboard.type('vault upgrade approved in CHG-42');
    await page.keyboard.press('Enter');
    const commands = table(page, 'Re-baseline and restore commands');
    await commands
      .getByRole('row')
      .filter({ hasText: 'rebaseline' })
      .filter({ hasText: 'sofia' })
      .getByText('pending')
      .waitFor();
    await signOut(page);

    await signIn(page, 'admin');
    await open(page, 'File integrity');
    await table(page, 'Recent file changes').getByRole('button', { name: HCL }).click();
    await page.getByRole('button', { name: 'Restore known-good copy…' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(
      await commands.getByRole('row').filter({ hasText: 'restore' }).count(),
      0,
      'cancel sends nothing',
    );
    await page.getByRole('button', { name: 'Restore known-good copy…' }).click();
    await page.getByRole('button', { name: 'Confirm restore known-good copy' }).click();
    await commands
      .getByRole('row')
      .filter({ hasText: 'restore' })
      .filter({ hasText: HCL })
      .getByText('pending')
      .waitFor();
    assertNoConsoleErrors(errors);
    await context.close();

    const ctx = h.t.server.context;
    const logged = async (type: string) =>
      (await ctx.store.queryEvents({ types: [type] }, 10)).map(
        (r) =>
          JSON.parse(Buffer.from(r.leaf).toString()) as {
            actor: { id: string };
            detail?: Record<string, unknown>;
          },
      );
    const [rebaseline] = await logged('fim.rebaseline_requested');
    assert.equal(rebaseline?.actor.id, 'sofia');
    assert.equal(rebaseline?.detail?.['reason'], 'vault upgrade approved in CHG-42');
    assert.equal((await logged('fim.restore_requested'))[0]?.actor.id, 'ada');
  });

  test('key editors change and import the inventory; an officer revokes an agent', async () => {
    const { context, page, errors } = await h.open();
    await signIn(page, 'admin');
    await open(page, 'Keys');
    await page.getByRole('button', { name: 'Edit old-wrap' }).click();
    const form = page.getByRole('form', { name: 'Edit the key inventory' });
    await page.getByRole('heading', { name: 'Edit old-wrap' }).waitFor();
    const focused = await page.evaluate('document.activeElement && document.activeElement.name');
    assert.equal(focused, 'name', 'Edit moves focus into the form');
    await form.getByLabel('State').selectOption('destroyed');
    await form.getByRole('button', { name: 'Save key' }).click();
    await page.getByRole('status').filter({ hasText: '1 inventory entry written.' }).waitFor();
    await table(page, 'Key inventory')
      .getByRole('row')
      .filter({ hasText: 'old-wrap' })
      .getByText('destroyed')
      .waitFor();
    await form.getByLabel('Id', { exact: true }).fill('bad-key');
    await form.getByLabel('Algorithm').fill('rsa');
    await form.getByLabel('Expected fingerprint').fill('not-a-fingerprint');
    await form.getByRole('button', { name: 'Save key' }).click();
    await page.getByRole('alert').filter({ hasText: 'fingerprint must be sha256' }).waitFor();
    await page.getByLabel('Or read an inventory file').setInputFiles({
      name: 'inventory.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('id,algorithm,size,state\nimported-hmac,hmac,256,pre_activation\n'),
    });
    await waitForValue(page.locator('textarea[name=inventory]'), 'imported-hmac');
    await page.getByRole('button', { name: 'Import' }).click();
    await table(page, 'Key inventory').getByText('imported-hmac').waitFor();
    await signOut(page);

    await signIn(page, 'security_officer');
    await open(page, 'Agents and hosts');
    await page.getByRole('button', { name: 'Revoke agent-kms-2…' }).click();
    await page.getByLabel('Reason (recorded)').fill('host decommissioned');
    await page.getByRole('button', { name: 'Confirm revoke agent-kms-2' }).click();
    const row = table(page, 'Agents').getByRole('row').filter({ hasText: agents[1]!.id });
    await row.getByText('revoked', { exact: true }).waitFor();
    assert.equal(
      await row.getByRole('button', { name: /^Revoke/ }).count(),
      0,
      'no revoke for a revoked agent',
    );
    await page.getByRole('button', { name: 'Create enrollment token' }).click();
    await page.getByTestId('enrollment-token').filter({ hasText: /^kwe_/ }).waitFor();
    // The refused PUT (400) is the one console error the browser reports.
    assertNoConsoleErrors(errors, [/status of 400/]);
    await context.close();
    const inv = await h.t.server.context.store.keys().listKeys();
    assert.equal(inv.find((k) => k.id === 'old-wrap')?.state, 'destroyed');
    assert.equal(inv.find((k) => k.id === 'imported-hmac')?.source, 'import');
  });
});
