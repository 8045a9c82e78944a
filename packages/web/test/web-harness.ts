// What every browser test needs: a fresh bundle (built when stale), a real keywatch server on a
// loopback port with a temporary SQLite data directory and one user per role, Debian's Chromium
// through playwright-core, and a page that fails the test on any console error.
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/test/test-server.ts';

export const PASSWORD = 'browser test password';
export const USERS = {
  admin: 'ada',
  security_officer: 'sofia',
  audit_admin: 'carol',
  auditor: 'otto',
} as const;
export type Role = keyof typeof USERS;

export function buildWeb(): void {
  const script = new URL('../../../scripts/build-web.mjs', import.meta.url).pathname;
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  assert.equal(r.status, 0, 'the web bundle builds within its size budget');
}

export interface WebHarness {
  t: TestServer;
  base: string;
  browser: Browser;
  ingestToken: string;
  /** A fresh browser context and page; console errors are collected into `errors`. */
  open(): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function startWeb(): Promise<WebHarness> {
  buildWeb();
  const t = await startTestServer();
  const base = await t.server.app.listen({ port: 0, host: '127.0.0.1' });
  const actor = { id: 'setup', role: 'admin' };
  for (const [role, username] of Object.entries(USERS))
    await t.server.context.users.create(actor, { username, password: PASSWORD, role });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    t,
    base,
    browser,
    ingestToken: await t.token('ingest'),
    open: async () => {
      const context = await browser.newContext({ baseURL: base, acceptDownloads: true });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      return { context, page, errors };
    },
    close: async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await t.close();
    },
  };
}

export async function signIn(page: Page, role: Role): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Username').fill(USERS[role]);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('who').filter({ hasText: USERS[role] }).waitFor();
}

/**
 * Signs out and waits until the sign-in form is back: the logout's response clears the session
 * cookie and the app then drops its signed-in hint; a navigation before that would load the app
 * with the hint and no session, and its GET /v1/auth/me would be refused (a console error).
 */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to keywatch' }).waitFor();
}

/** Ingests native events with an ingest token (the way producers do). */
export async function ingest(
  h: WebHarness,
  events: unknown[],
): Promise<{ results: { index: number }[] }> {
  const res = await fetch(`${h.base}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.ingestToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as { results: { index: number }[] };
}

/**
 * A request with the browser's own session (its cookie and CSRF token), sent from Node so that an
 * expected refusal does not show up as a console error in the page.
 */
export async function apiAs(
  h: WebHarness,
  context: BrowserContext,
  method: string,
  path: string,
  body?: unknown,
): Promise<number> {
  const cookie = (await context.cookies()).find((c) => c.name === 'kw_session');
  assert.ok(cookie, 'the browser holds a session cookie');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.secure, true);
  assert.equal(cookie.sameSite, 'Strict');
  const headers = { cookie: `kw_session=${cookie.value}` };
  const me = (await (await fetch(`${h.base}/v1/auth/me`, { headers })).json()) as {
    csrf_token: string;
  };
  const res = await fetch(h.base + path, {
    method,
    headers: {
      ...headers,
      'x-csrf-token': me.csrf_token,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return res.status;
}

export function assertNoConsoleErrors(errors: string[], expected: RegExp[] = []): void {
  const unexpected = errors.filter((e) => !expected.some((re) => re.test(e)));
  assert.deepEqual(unexpected, [], 'no console errors');
}

/**
 * Waits until a form field's value contains `text`. Polled from Node, not with
 * page.waitForFunction: that re-evaluates its predicate with eval() on later animation frames,
 * which the app's CSP (no 'unsafe-eval') refuses whenever the first try comes too early.
 */
export async function waitForValue(
  field: Locator,
  text: string,
  timeoutMs = 10_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await field.inputValue();
    if (value.includes(text)) return;
    if (Date.now() > end)
      assert.fail(`field value never contained ${JSON.stringify(text)}: ${value}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
