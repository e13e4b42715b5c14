import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../facilitator/hub/tokens.js';
import { Store } from '../../facilitator/store/store.js';
import { launchBrowser } from '../support/browser.js';
import { type HostedTestServer, putTestProgramme, startHostedServer } from '../support/hosted-server.js';
import { repoRoot } from '../support/run-workshop.js';
import { call, event, tempDir } from '../hub/helpers.js';

/**
 * The dashboard of a date hosted on the programme server, in a real browser: the page lives at
 * `/s/<session>/dashboard`, so its script, stylesheet, live stream and buttons must all go under that
 * prefix (a page that asked the server's root would get nothing, or another date's data).
 */
const TOKEN = `wst_${'d'.repeat(43)}`;
let tmp: { dir: string; cleanup: () => Promise<void> };
let store: Store;
let server: HostedTestServer;
let browser: Browser;

beforeAll(async () => {
  tmp = await tempDir('hosted-dashboard-');
  store = await Store.open({ kind: 'embedded', location: path.join(tmp.dir, 'database') });
  await putTestProgramme(store);
  await store.addToken({ name: 'Hana', role: 'facilitator', tokenHash: hashToken(TOKEN) }, 'test');
  server = await startHostedServer({ store, programmeId: 'pilot', pack: false, dashboardDir: path.join(repoRoot, 'dist', 'facilitator', 'dashboard'), pushIntervalMs: 20 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
  await tmp?.cleanup();
});

describe("a server-hosted date's dashboard in a real browser", () => {
  it('loads under the prefix, shows participants live, and its buttons act on that date', async () => {
    const created = await call(server.url, 'POST', '/v1/programmes/pilot/sessions', { token: TOKEN, body: { session: '2026-12-03', title: 'Pilot day one' } });
    expect(created.status).toBe(201);
    // A second date on the same server: its dashboard key must not work on the first.
    const other = await call(server.url, 'POST', '/v1/programmes/pilot/sessions', { token: TOKEN, body: { session: '2026-12-04' } });
    const page: Page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('requestfailed', (request) => errors.push(`${request.url()} failed`));
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`${response.url()} ${response.status()}`);
    });
    try {
      await page.goto(created.body.dashboardUrl);
      await page.locator('#connection.live').waitFor();
      expect(page.url()).toBe(`${server.url}/s/2026-12-03/dashboard`);
      expect(await page.locator('#title').textContent()).toBe('Pilot day one');
      await expect.poll(() => page.locator('#join').textContent()).toBe(`Join: workshop join ${server.url}/s/2026-12-03 --code ${created.body.code}`);

      const joined = await call(created.body.hubUrl, 'POST', '/v1/join', { body: { code: created.body.code, name: 'Ana Souza', email: 'ana@example.com', team: 'Finance' } });
      await call(created.body.hubUrl, 'POST', '/v1/events', { token: joined.body.token, body: { events: [event({ type: 'hand.raised', message: 'stuck' })] } });
      const card = page.locator('.card', { has: page.locator('.name', { hasText: 'Ana Souza' }) });
      await card.waitFor({ timeout: 5000 });

      await page.locator('#room-text').fill('break until 11:00');
      await page.locator('#room-form button[type=submit]').click();
      await expect.poll(async () => (await store.readLines('pilot', '2026-12-03')).some((l) => l.line.kind === 'room')).toBe(true);
      expect((await store.readLines('pilot', '2026-12-04')).length).toBe(0);
      expect(errors).toEqual([]);

    } finally {
      await page.close();
    }
    // The other date's key, on this date's page (a fresh tab): refused, and said so.
    const wrong = await browser.newPage();
    try {
      await wrong.goto(`${server.url}/s/2026-12-03/dashboard#token=${other.body.dashboardUrl.split('#token=')[1]}`);
      await expect.poll(() => wrong.locator('#connection').textContent()).toBe('wrong facilitator key');
    } finally {
      await wrong.close();
    }
  });
});
