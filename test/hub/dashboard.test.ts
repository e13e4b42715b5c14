import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../facilitator/hub/host.js';
import { readSession } from '../../facilitator/hub/store.js';
import { launchBrowser } from '../support/browser.js';
import { call, doctorEvent, event, joinAs, tempDir, testHub } from './helpers.js';

describe('the dashboard in a real browser', () => {
  let browser: Browser;
  let page: Page;
  let hub: RunningHub;
  let data: { dir: string; cleanup: () => Promise<void> };
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    data = await tempDir('dashboard-test-');
    hub = await testHub(data.dir, { title: 'Sales kickoff' });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    dialogs.length = 0;
    pageErrors.length = 0;
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(hub.localDashboardUrl!);
    await page.locator('#connection.live').waitFor();
  });
  afterEach(async () => {
    await page?.close();
    await hub?.close();
    await data?.cleanup();
  });

  const card = (name: string) => page.locator('.card', { has: page.locator('.name', { hasText: name }) });
  const post = (token: string, events: unknown[]) => call(hub.joinUrl, 'POST', '/v1/events', { token, body: { events } });

  it('takes the facilitator key out of the address bar and shows the join line', async () => {
    expect(page.url()).not.toContain('token');
    expect(page.url()).toBe(`${hub.joinUrl}/dashboard`);
    await expect.poll(() => page.locator('#join').textContent()).toBe(`Join: ${hub.joinCommand}`);
    expect(await page.locator('#title').textContent()).toBe('Sales kickoff');
    expect(await page.locator('#message').textContent()).toMatch(/Nobody has joined yet/);
    // A reload keeps working without the key in the URL.
    await page.reload();
    await page.locator('#connection.live').waitFor();
  });

  it('shows a new participant live, with a failing doctor check in plain words', async () => {
    const ana = await joinAs(hub, 'Ana Souza', 'ana@example.com', 'Finance');
    await card('Ana Souza').waitFor({ timeout: 2000 });
    expect(await card('Ana Souza').locator('.team').textContent()).toBe('Finance');
    expect(await card('Ana Souza').locator('.badge').textContent()).toBe('doctor not run yet');

    await post(ana.token, [doctorEvent(false, [['codex.installed', 'codex_not_found']])]);
    await expect.poll(() => card('Ana Souza').locator('.badge').textContent(), { timeout: 2000 }).toBe('Codex is not installed');
    await expect.poll(() => page.locator('#blockers').textContent()).toBe('1×Codex is not installed');
    await expect.poll(() => page.locator('#funnel [data-stage="joined"] .n').textContent()).toBe('1');

    await post(ana.token, [doctorEvent(true)]);
    await expect.poll(() => card('Ana Souza').locator('.badge').textContent(), { timeout: 2000 }).toBe('READY');
  });

  it('shows a raised hand first, and the facilitator can lower it', async () => {
    await joinAs(hub, 'Zed Early', 'zed@example.com', 'Ops');
    const bo = await joinAs(hub, 'Bo Lindqvist', 'bo@example.com', 'HR');
    await post(bo.token, [event({ type: 'hand.raised', message: 'Codex asks me to log in' })]);
    await expect.poll(() => card('Bo Lindqvist').locator('.hand').textContent(), { timeout: 2000 }).toMatch(/^#1 Hand up: Codex asks me to log in/);
    // Sorted by need: the raised hand comes before everyone else.
    await expect.poll(() => page.locator('.card .name').first().textContent()).toBe('Bo Lindqvist');

    await card('Bo Lindqvist').getByRole('button', { name: 'Lower hand' }).click();
    await expect.poll(() => card('Bo Lindqvist').locator('.hand').count(), { timeout: 2000 }).toBe(0);
    expect((await readSession(hub.dir)).actions).toMatchObject([{ participantId: bo.participantId, action: 'hand.lowered' }]);

    await card('Bo Lindqvist').getByRole('button', { name: 'Mark helped' }).click();
    await expect.poll(() => card('Bo Lindqvist').textContent(), { timeout: 2000 }).toMatch(/helped 0 min ago/);
  });

  it('shows a hostile name and message as text, never as markup', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const eve = await joinAs(hub, hostile, 'eve@example.com', '<b>Red team</b>');
    await post(eve.token, [event({ type: 'hand.raised', message: '<script>alert(2)</script>' })]);
    await expect.poll(() => card(hostile).locator('.hand').count(), { timeout: 2000 }).toBe(1);
    expect(await card(hostile).locator('.name').textContent()).toBe(hostile);
    expect(await card(hostile).locator('.team').textContent()).toBe('<b>Red team</b>');
    expect(await card(hostile).locator('.hand').textContent()).toMatch(/<script>alert\(2\)<\/script>/);
    expect(await page.locator('#cards img, #cards script, #cards b').count()).toBe(0);
    expect(await page.locator('#team-filter option', { hasText: '<b>Red team</b>' }).count()).toBe(1);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('filters by team', async () => {
    await joinAs(hub, 'In Sales', 's@example.com', 'Sales');
    await joinAs(hub, 'In Legal', 'l@example.com', 'Legal');
    await card('In Legal').waitFor({ timeout: 2000 });
    await page.locator('#team-filter').selectOption('Legal');
    expect(await card('In Sales').isHidden()).toBe(true);
    expect(await card('In Legal').isVisible()).toBe(true);
    expect(await page.locator('#counts').textContent()).toMatch(/^1 shown/);
  });

  it('fits a phone screen: one column, nothing wider than the screen', async () => {
    for (let i = 0; i < 4; i += 1) await joinAs(hub, `Person ${i} with a rather long name to wrap`, `p${i}@example.com`, 'Customer Success EMEA');
    await page.setViewportSize({ width: 375, height: 740 });
    await page.locator('.card').nth(3).waitFor({ timeout: 2000 });
    const layout = await page.evaluate(() => {
      const cards = [...document.querySelectorAll('.card')].map((c) => c.getBoundingClientRect());
      return { scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth, lefts: new Set(cards.map((r) => Math.round(r.left))).size };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
    expect(layout.lefts).toBe(1);
  });

  it('tells someone without the facilitator key how to get in, and shows no data', async () => {
    const other = await browser.newPage();
    await other.goto(`${hub.joinUrl}/dashboard`);
    await expect.poll(() => other.locator('#message').textContent()).toMatch(/Open the dashboard with the link `workshop host` printed/);
    expect(await other.locator('.card').count()).toBe(0);
    await other.close();
  });
});
