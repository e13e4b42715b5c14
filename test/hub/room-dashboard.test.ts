import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../facilitator/hub/host.js';
import { createProgramme, saveRoster } from '../../facilitator/programme/store.js';
import { launchBrowser } from '../support/browser.js';
import { call, doctorEvent, event, joinAs, tempDir, testHub } from './helpers.js';

/**
 * Issue 11 in a real browser: room messages reach laptops, helpers claim hands, lowering can be undone,
 * the pace target shows who is behind, the roster names teams and walk-ins, and on a 1920×1080
 * projector every card that needs help (up to 8) is visible without scrolling.
 */

describe('the room on the dashboard', () => {
  let browser: Browser;
  let page: Page;
  let hub: RunningHub;
  let data: { dir: string; cleanup: () => Promise<void> };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await page?.close();
    await hub?.close();
    await data?.cleanup();
  });

  async function open(options: Parameters<typeof testHub>[1] = {}, viewport = { width: 1280, height: 800 }) {
    hub = await testHub(data.dir, { title: 'Room day', ...options });
    page = await browser.newPage({ viewport });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(hub.localDashboardUrl!);
    await page.locator('#connection.live').waitFor();
  }
  beforeEach(async () => {
    data = await tempDir('room-dashboard-');
    pageErrors.length = 0;
  });

  const card = (name: string) => page.locator('.card', { has: page.locator('.name', { hasText: name }) });
  const post = (token: string, events: unknown[]) => call(hub.joinUrl, 'POST', '/v1/events', { token, body: { events } });

  it('sends a room message that laptops get on their next command, as text', async () => {
    await open();
    const ana = await joinAs(hub, 'Ana', 'ana@example.com');
    await page.locator('#room-text').fill('<b>move on</b> to exercise 3');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(async () => (await call(hub.joinUrl, 'GET', '/v1/room', { token: ana.token })).body.message?.text, { timeout: 3000 }).toBe('<b>move on</b> to exercise 3');
    await expect.poll(() => page.locator('#room-now').textContent(), { timeout: 3000 }).toMatch(/Laptops show: “<b>move on<\/b> to exercise 3”/);
    expect(await page.locator('#room-now b').count()).toBe(0);
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(async () => (await call(hub.joinUrl, 'GET', '/v1/room', { token: ana.token })).body.message, { timeout: 3000 }).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });

  it('lets a helper claim a hand (name on the card), and undo a lowered hand', async () => {
    await open();
    const bo = await joinAs(hub, 'Bo', 'bo@example.com');
    await post(bo.token, [event({ type: 'hand.raised', message: 'Codex asks me to log in' })]);
    await card('Bo').locator('.hand').waitFor({ timeout: 3000 });
    await page.locator('#helper-name').fill('Ken');
    await page.locator('#helper-name').dispatchEvent('change');
    await card('Bo').getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => card('Bo').locator('.claimed').textContent(), { timeout: 3000 }).toBe('Ken is on the way');
    await card('Bo').getByRole('button', { name: 'Lower hand' }).click();
    await expect.poll(() => card('Bo').locator('.hand').count(), { timeout: 3000 }).toBe(0);
    await page.locator('#toast-undo').click();
    await expect.poll(() => card('Bo').locator('.hand').textContent(), { timeout: 3000 }).toMatch(/#1 Hand up: Codex asks me to log in/);
    expect(await card('Bo').locator('.claimed').textContent()).toBe('Ken is on the way');
  });

  it('sets the room target from the pack and shows who is more than one exercise behind', async () => {
    await open({ pack: undefined });
    const slow = await joinAs(hub, 'Slow', 'slow@example.com');
    const fast = await joinAs(hub, 'Fast', 'fast@example.com');
    await post(slow.token, [doctorEvent(true), event({ type: 'exercise.setup', exerciseId: '01-first-file' })]);
    await post(fast.token, [doctorEvent(true), event({ type: 'exercise.setup', exerciseId: '03-meeting-actions' })]);
    await page.locator('#room-target option').nth(4).waitFor({ state: 'attached', timeout: 3000 });
    await page.locator('#room-target').selectOption('04-expenses-summary');
    await expect.poll(() => card('Slow').locator('.behind').textContent(), { timeout: 3000 }).toBe('Behind: 3 exercises behind the room');
    expect(await card('Fast').locator('.behind').count()).toBe(0);
    expect(await page.locator('#counts').textContent()).toMatch(/1 behind/);
  });

  it("uses the roster's names and teams on a programme date, marks walk-ins and lists who is not here yet; counts follow the filter", async () => {
    await createProgramme(data.dir, { id: 'spring', title: 'Spring', timeZone: 'UTC' });
    await saveRoster(data.dir, 'spring', {
      schemaVersion: 1,
      updatedAt: new Date().toISOString(),
      people: [
        { email: 'ana@example.com', name: 'Ana Souza', team: 'HR' },
        { email: 'ben@example.com', name: 'Ben Ito', team: 'Finance & Ops' },
        { email: 'cy@example.com', name: 'Cy Invited', team: 'HR' },
      ],
    });
    await open({ programmeId: 'spring', sessionId: '2026-12-03' });
    await joinAs(hub, 'ana', 'ana@example.com', 'hr');
    const walker = await joinAs(hub, 'Wally', 'wally@example.com', 'finance');
    await post(walker.token, [event({ type: 'hand.raised', message: 'hi' })]);
    await card('Ana Souza').waitFor({ timeout: 3000 });
    expect(await card('Ana Souza').locator('.team').textContent()).toBe('HR');
    await expect.poll(() => card('Wally').locator('.tags').textContent(), { timeout: 3000 }).toBe('walk-in');
    expect(await card('Wally').locator('.team').textContent()).toBe('Finance & Ops');
    await expect.poll(() => page.locator('#not-joined-list').textContent()).toContain('Ben Ito · Finance & Ops');
    expect(await page.locator('#not-joined-list').textContent()).toContain('Cy Invited · HR');
    expect(await page.locator('#team-filter option').allTextContents()).toEqual(['All teams', 'Finance & Ops (1)', 'HR (1)']);
    await page.locator('#team-filter').selectOption('HR');
    expect(await page.locator('#counts').textContent()).toMatch(/^1 shown · 0 hands up/);
  });

  it('on a 1920×1080 projector shows every needs-help card (8) above the fold, needs-help first', async () => {
    await open({}, { width: 1920, height: 1080 });
    for (let i = 0; i < 12; i += 1) {
      const p = await joinAs(hub, `Worker ${i} with a longer name`, `w${i}@example.com`, 'Customer Success EMEA');
      await post(p.token, [doctorEvent(true), event({ type: 'exercise.setup', exerciseId: '02-tidy-folder' })]);
    }
    for (let i = 0; i < 4; i += 1) {
      const p = await joinAs(hub, `Blocked ${i}`, `b${i}@example.com`, 'Legal');
      await post(p.token, [doctorEvent(false, [['codex.installed', 'codex_not_found'], ['api.key', 'key_no_quota']])]);
    }
    for (let i = 0; i < 4; i += 1) {
      const p = await joinAs(hub, `Hand ${i}`, `h${i}@example.com`, 'Sales');
      await post(p.token, [doctorEvent(true), event({ type: 'exercise.setup', exerciseId: '02-tidy-folder' }), event({ type: 'hand.raised', message: 'Codex says something about a sandbox and I do not know what to answer' })]);
    }
    await expect.poll(() => page.locator('.card').count(), { timeout: 5000 }).toBe(20);
    await page.waitForTimeout(300);
    const layout = await page.evaluate(() => {
      const needs = [...document.querySelectorAll('.card.tier-hand, .card.tier-blocked, .card.tier-stuck, .card.tier-pending')].map((c) => c.getBoundingClientRect());
      const all = [...document.querySelectorAll('.card')].map((c) => c.className);
      return { bottoms: needs.map((r) => r.bottom), height: window.innerHeight, first: all.slice(0, 8), scrollX: document.documentElement.scrollWidth > window.innerWidth };
    });
    await page.screenshot({ path: `${data.dir}/projector.png` });
    expect(layout.bottoms).toHaveLength(8);
    for (const bottom of layout.bottoms) expect(bottom).toBeLessThanOrEqual(layout.height);
    expect(layout.first.every((c) => /tier-(hand|blocked)/.test(c))).toBe(true);
    expect(layout.scrollX).toBe(false);
  });
});
