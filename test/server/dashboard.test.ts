import type { IncomingMessage } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardLink } from '../../facilitator/server/app.js';
import { launchBrowser } from '../support/browser.js';
import { cleanupTargets } from '../support/engines.js';
import { PROGRAMME, type TestServer, startTestServer } from './helpers.js';

/**
 * The viewer dashboard (a manager's link) in a real Chromium: the token leaves the address bar at
 * once and reaches the server only in an Authorization header (never in a URL or a Referer), the
 * report shows read-only in a sandboxed frame under a strict policy, and a revoked link asks for a
 * new one.
 */
afterAll(cleanupTargets);

const HOSTILE = `<img src=x onerror="top.document.title='pwned'">`;

describe('the viewer dashboard in a real browser', () => {
  let browser: Browser;
  let server: TestServer;
  let page: Page;
  const seen: Array<{ url: string; referer?: string; authorization?: string }> = [];
  const console: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer('embedded');
    server.app.server.on('request', (req: IncomingMessage) => seen.push({ url: req.url ?? '', referer: req.headers.referer, authorization: req.headers.authorization }));
    const facilitator = await server.token('facilitator', 'Ken');
    const roster = await server.call(`/v1/programmes/${PROGRAMME.id}/roster`, { method: 'POST', token: facilitator, body: { csv: `email,name,team\naiko@example.com,"Aiko ${HOSTILE.replace(/"/g, '""')}",Sales\n`, file: 'r.csv' } });
    expect(roster.status).toBe(200);
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('console', (message) => console.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await server?.close();
  });

  it('opens the report from the viewer link, with the token gone from the address bar, URLs and Referers', async () => {
    const token = await server.token('viewer', 'Manager');
    seen.length = 0;
    await page.goto(dashboardLink(server.url, token));
    const frame = page.frameLocator('#report');
    await frame.locator('h1').waitFor();
    expect(await frame.locator('h1').textContent()).toContain(PROGRAMME.title);
    expect(page.url()).toBe(`${server.url}/dashboard`);
    expect(await page.locator('#who').textContent()).toBe(`${PROGRAMME.id} · Manager (viewer)`);
    // The hostile name is shown as text, and nothing it carries ran.
    expect(await frame.locator('#people').textContent()).toContain(HOSTILE);
    expect(await page.title()).toBe('Programme report');
    expect(errors).toEqual([]);
    expect(console.filter((m) => /Content Security Policy|Refused/.test(m))).toEqual([]);

    expect(seen.map((s) => s.url.split('?')[0])).toEqual(expect.arrayContaining(['/dashboard', '/dashboard/viewer.js', '/dashboard/viewer.css', '/v1/whoami', `/v1/programmes/${PROGRAMME.id}/report`]));
    for (const request of seen) {
      expect(request.url).not.toContain(token);
      expect(request.referer ?? '').not.toContain(token);
    }
    expect(seen.filter((s) => s.authorization === `Bearer ${token}`).map((s) => s.url.split('?')[0])).toEqual(['/v1/whoami', `/v1/programmes/${PROGRAMME.id}/report`]);
  });

  it('is served with a strict policy: only its own script, no framing', async () => {
    const response = await server.call('/dashboard');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(await response.text()).not.toMatch(/<script>(?!<)/);
    expect(await page.locator('#report').getAttribute('sandbox')).toBe('');
  });

  it('asks for a new link once the token is revoked, and takes a pasted one', async () => {
    const revoked = await server.call('/v1/tokens/Manager', { method: 'DELETE', token: server.owner });
    expect(revoked.status).toBe(200);
    await page.locator('#refresh').click();
    await page.locator('#login').waitFor({ state: 'visible' });
    expect(await page.locator('#login-reason').textContent()).toContain('was revoked');
    expect(await page.locator('#report').isHidden()).toBe(true);
    expect(await page.locator('#who').textContent()).toBe('');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    const fresh = await server.token('viewer', 'Manager 2');
    await page.locator('#token').fill(fresh);
    await page.locator('#open').click();
    await page.locator('#report').waitFor({ state: 'visible' });
    expect(await page.locator('#who').textContent()).toBe(`${PROGRAMME.id} · Manager 2 (viewer)`);
    expect(await page.frameLocator('#report').locator('h1').textContent()).toContain(PROGRAMME.title);
    expect(await page.locator('#token').inputValue()).toBe('');
  });
});
