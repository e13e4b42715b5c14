import { mkdirSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardLink } from '../../facilitator/quests/board-access.js';
import { boardPlugin } from '../../facilitator/quests/board-routes.js';
import { BoardLinkResponse, BoardPaths, QuestPaths, type QuestPostRequest } from '../../src/protocol/quests.js';
import { launchBrowser } from '../support/browser.js';
import { cleanupTargets } from '../support/engines.js';
import { PROGRAMME, type TestServer, startTestServer } from '../server/helpers.js';
import { questPath } from './board-helpers.js';
import { questRoutes } from '../../facilitator/quests/routes.js';
import { approvedSkill } from './board-helpers.js';
import { addParticipants } from './helpers.js';
import { personRef } from '../../facilitator/quests/people.js';

/**
 * The board in a real Chromium against a real server: quests posted, claimed, submitted and reviewed
 * over HTTP with participants' join tokens and a facilitator token, then the board shows the win with
 * its hours and how they were computed. Hostile titles and names show as text and run nothing; the
 * page speaks Japanese; a participant opens it with a one-time code (their join token never reaches
 * the browser); it fits a phone's width and prints without its controls.
 *
 * BOARD_SCREENSHOTS=1 writes screenshots (1366×768 and 390×844, whole page) to
 * test/quests/__screenshots__/ for a person to look at; CI leaves it unset.
 */
afterAll(cleanupTargets);

const HOSTILE_TITLE = '<img src=x onerror=alert(1)> \u001b[31mred\u001b[0m \u001b]0;pwned\u0007 title';
const HOSTILE_NAME = 'Dai <script>alert(2)</script>';
const HOSTILE_SKILL = '<img src=x onerror=alert(3)> Lists the clauses that differ from the template';
const SCREENSHOTS = process.env.BOARD_SCREENSHOTS === '1' ? path.resolve('test/quests/__screenshots__') : undefined;

const people = [
  { name: 'Aiko Tanaka', email: 'aiko@example.com', team: 'Finance' },
  { name: 'Ben Carter', email: 'ben@example.com', team: 'Sales' },
  { name: 'Chika Mori', email: 'chika@example.com', team: 'HR' },
  { name: HOSTILE_NAME, email: 'dai@example.com', team: 'IT' },
  { name: 'Emi Sato', email: 'emi@example.com', team: 'Sales' },
  { name: 'Farid Haddad', email: 'farid@example.com', team: 'Legal' },
];

const quest = (over: Partial<QuestPostRequest>): QuestPostRequest => ({
  title: 'Weekly expense summary for the team meeting',
  today: 'Copy the card export into the template by hand, then check totals',
  team: 'Finance',
  often: { times: 1, per: 'week' },
  minutesEach: 45,
  risk: 'low',
  sensitivity: 'internal',
  ...over,
});

describe('the quest board in a real browser', () => {
  let browser: Browser;
  let server: TestServer;
  let page: Page;
  let tokens: Map<string, string>;
  let facilitator: string;
  const seen: Array<{ url: string; authorization?: string; referer?: string }> = [];
  const errors: string[] = [];
  const dialogs: string[] = [];

  /** One HTTP step of the quest API, as a participant (by email) or the facilitator; returns the quest. */
  async function step(who: string, route: string, body: unknown, questId?: number): Promise<{ id: number; state: string }> {
    const token = who === 'facilitator' ? facilitator : tokens.get(who)!;
    const response = await server.call(questPath(route, PROGRAMME.id, questId), { method: 'POST', token, body });
    expect(response.status, `${route} by ${who}: ${await response.clone().text()}`).toBeLessThan(300);
    return ((await response.json()) as { quest: { id: number; state: string } }).quest;
  }

  beforeAll(async () => {
    server = await startTestServer('embedded', { plugins: [questRoutes(), boardPlugin()] });
    server.app.server.on('request', (req: IncomingMessage) => seen.push({ url: req.url ?? '', authorization: req.headers.authorization, referer: req.headers.referer }));
    tokens = await addParticipants(server.store, PROGRAMME.id, people);
    facilitator = await server.token('facilitator', 'Ken');

    // The win the test follows: posted by Aiko, claimed and built by Ben, reviewed by Aiko, used by two more.
    const win = await step('aiko@example.com', QuestPaths.quests, quest({}));
    await step('ben@example.com', QuestPaths.claim, {}, win.id);
    await step('ben@example.com', QuestPaths.submit, { kind: 'prompt', text: 'Summarise the attached export by category…', minutesAfter: 5 }, win.id);
    const done = await step('aiko@example.com', QuestPaths.review, { verdict: 'approve', note: 'Ran it on the April export: totals match' }, win.id);
    expect(done.state).toBe('done');
    await step('chika@example.com', QuestPaths.reuse, {}, win.id);
    await step('emi@example.com', QuestPaths.reuse, {}, win.id);

    // A high-risk win only a facilitator may pass, built by a pair.
    const risky = await step('farid@example.com', QuestPaths.quests, quest({ title: 'Contract clause comparison against the template', team: 'Legal', often: { times: 3, per: 'week' }, minutesEach: 60, risk: 'high', sensitivity: 'confidential' }));
    await step('chika@example.com', QuestPaths.claim, { withEmail: 'farid@example.com' }, risky.id);
    await step('chika@example.com', QuestPaths.submit, { kind: 'skill', text: 'A skill that lists differing clauses', minutesAfter: 20 }, risky.id);
    await step('facilitator', QuestPaths.review, { verdict: 'approve', note: 'Checked on three real contracts' }, risky.id);
    await step('aiko@example.com', QuestPaths.reuse, {}, risky.id);

    // Open quests in several teams (one hostile), and one in progress.
    await step('dai@example.com', QuestPaths.quests, quest({ title: HOSTILE_TITLE, team: 'IT', minutesEach: 15, often: { times: 1, per: 'day' } }));
    await step('emi@example.com', QuestPaths.quests, quest({ title: 'Draft follow-up emails after customer visits', team: 'Sales', minutesEach: 20, often: { times: 2, per: 'day' } }));
    await step('ben@example.com', QuestPaths.quests, quest({ title: 'Clean up the CRM export before the forecast', team: 'Sales', minutesEach: 90, often: { times: 1, per: 'month' }, risk: 'medium' }));
    await step('chika@example.com', QuestPaths.quests, quest({ title: '入社手続きのチェックリストを自動で作る', team: 'HR', minutesEach: 30, often: { times: 4, per: 'month' }, sensitivity: 'personal' }));
    const wip = await step('aiko@example.com', QuestPaths.quests, quest({ title: 'Reconcile supplier invoices with purchase orders', minutesEach: 120, often: { times: 2, per: 'month' }, risk: 'medium' }));
    await step('emi@example.com', QuestPaths.claim, {}, wip.id);

    // Company skills (issue 15), approved through the store: one from the first win, installed in two teams; one with a hostile description.
    const [aiko, ben, chika, , emi, farid] = people.map((p) => personRef(p));
    await approvedSkill(server.store, PROGRAMME.id, { name: 'expense-summary', team: 'Finance', description: 'Summarise a card export by category for the team meeting', author: ben, reviewer: aiko, questId: win.id, installedBy: [aiko, chika, emi], uses: 7 });
    await approvedSkill(server.store, PROGRAMME.id, { name: 'clause-diff', team: 'Legal', description: HOSTILE_SKILL, author: farid, reviewer: aiko, questId: risky.id, installedBy: [farid] });

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
  }, 180_000);

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await server?.close();
  });

  it('shows the reviewed win with its hours and how they were computed, from a viewer link that leaves the address bar', async () => {
    const viewer = await server.token('viewer', 'Manager');
    seen.length = 0;
    await page.goto(boardLink(server.url, { token: viewer }));
    await page.locator('#wins article').first().waitFor();
    expect(page.url()).toBe(`${server.url}/board`);
    const card = page.locator('#wins article', { hasText: 'Weekly expense summary for the team meeting' });
    expect(await card.locator('.hours').textContent()).toBe('8.7 h a month');
    expect(await card.locator('.formula').textContent()).toBe('(45 − 5) min × 4.33 a month × 3 people = 8.7 h a month');
    expect(await card.textContent()).toContain('Built by Ben Carter, reviewed by Aiko Tanaka (participant)');
    const risky = page.locator('#wins article', { hasText: 'Contract clause comparison' });
    expect(await risky.textContent()).toContain('reviewed by Ken (facilitator)');
    expect(await page.locator('#totals').textContent()).toContain('2reviewed wins');
    expect(await page.locator('#progress tbody th').allTextContents()).toEqual([expect.stringContaining('Reconcile supplier invoices')]);
    expect(await page.locator('#points tbody tr').first().locator('td').nth(0).textContent()).toBe('Ben Carter');
    expect(await page.locator('#viewer').textContent()).toBe('Viewing as Manager (viewer)');

    for (const request of seen) {
      expect(request.url).not.toContain(viewer);
      expect(request.referer ?? '').not.toContain(viewer);
    }
    expect(seen.filter((s) => s.authorization === `Bearer ${viewer}`).map((s) => s.url.split('?')[0])).toEqual([QuestPaths.boardData.replace(':programmeId', PROGRAMME.id)]);
  });

  it('shows the approved skills with their author, installs by team, reported uses and the quest they came from', async () => {
    const row = page.locator('#skills tbody tr', { hasText: 'expense-summary' });
    const cells = await row.locator('th, td').allTextContents();
    expect(cells).toEqual([
      'expense-summary',
      'Summarise a card export by category for the team meeting',
      'Finance',
      'Ben Carter (Sales)',
      '3 (Finance 1, HR 1, Sales 1)',
      '7',
      expect.stringMatching(/^Weekly expense summary for the team meeting #\d+$/),
      'v1',
    ]);
    expect(await page.locator('#skills tbody th').allTextContents()).toEqual(['expense-summary', 'clause-diff']);
    expect(await page.locator('#skills caption').textContent()).toBe('Approved skills, the most installed first');
    expect(await page.locator('#skills thead th[scope="col"]').count()).toBe(8);
  });

  it('shows hostile titles and names as text and runs nothing they carry', async () => {
    expect(await page.locator('#skills tbody tr', { hasText: 'clause-diff' }).locator('td').first().textContent()).toBe(HOSTILE_SKILL);
    const open = page.locator('#open-quests');
    expect(await open.textContent()).toContain(HOSTILE_TITLE);
    expect(await open.textContent()).toContain(`Posted by ${HOSTILE_NAME}`);
    expect(await page.locator('#board img, #board script').count()).toBe(0);
    expect(await page.title()).toBe('Quest board');
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('speaks Japanese from ?lang=ja and switches with the toggle', async () => {
    await page.goto(`${server.url}/board?lang=ja`);
    await page.locator('#wins article').first().waitFor();
    expect(await page.locator('h1').textContent()).toBe('クエストボード');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(await page.locator('#wins-title').textContent()).toBe('最近の成果');
    const card = page.locator('#wins article', { hasText: 'Weekly expense summary' });
    expect(await card.locator('.formula').textContent()).toBe('(45 − 5) 分 × 月 4.33 回 × 3 人 = 月 8.7 時間');
    expect(await card.locator('.hours').textContent()).toBe('月 8.7 時間');
    expect(await page.locator('#points caption').textContent()).toContain('上位');
    expect(await page.locator('#skills-title').textContent()).toBe('社内スキル');
    expect(await page.locator('#skills tbody tr', { hasText: 'expense-summary' }).locator('td').nth(3).textContent()).toBe('3 人（Finance 1、HR 1、Sales 1）');
    await page.locator('button[data-lang="en"]').click();
    expect(await page.locator('h1').textContent()).toBe('Quest board');
    expect(await page.locator('button[data-lang="en"]').getAttribute('aria-pressed')).toBe('true');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
  });

  it('filters by team', async () => {
    await page.locator('#team').selectOption('Sales');
    await page.locator('#filtered').waitFor({ state: 'visible' });
    expect(await page.locator('#filtered').textContent()).toBe('Showing the team Sales only.');
    expect(await page.locator('#open-quests h3').allTextContents()).toEqual([expect.stringMatching(/^Sales/)]);
    expect(await page.locator('#teams tbody th').allTextContents()).toEqual(['Sales']);
    await page.locator('#team').selectOption('');
    await page.locator('#filtered').waitFor({ state: 'hidden' });
  });

  it('opens for a participant with a one-time code: their join token never reaches the browser, and their points show as "you"', async () => {
    const join = tokens.get('ben@example.com')!;
    const { code } = BoardLinkResponse.parse(await (await server.call(BoardPaths.link.replace(':programmeId', PROGRAMME.id), { method: 'POST', token: join })).json());
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const own = await context.newPage();
    const ownSeen: string[] = [];
    own.on('request', (request) => ownSeen.push(`${request.url()} ${JSON.stringify(request.headers())} ${request.postData() ?? ''}`));
    try {
      await own.goto(boardLink(server.url, { once: code }));
      await own.locator('#wins article').first().waitFor();
      expect(own.url()).toBe(`${server.url}/board`);
      expect(await own.locator('#viewer').textContent()).toBe('Viewing as Ben Carter (participant)');
      expect(await own.locator('#points tr.you').textContent()).toContain('Ben Carter (you)');
      expect(await own.locator('#points .viewer').textContent()).toBe('You: 14 points, rank 1 (wins: 1; reuses of your wins: 2).');
      expect(ownSeen.join('\n')).not.toContain(join);
      // The code worked once: a second tab with the same link is told to ask for a fresh one.
      const second = await context.newPage();
      await second.goto(boardLink(server.url, { once: code }));
      await second.locator('#login').waitFor({ state: 'visible' });
      expect(await second.locator('#login-reason').textContent()).toContain('used already');
    } finally {
      await context.close();
    }
  });

  it('is keyboard usable: the first Tab reaches the skip link, and the controls are real buttons and a labelled select', async () => {
    await page.reload();
    await page.locator('#wins article').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip');
    expect(await page.locator('label[for="team"]').textContent()).toBe('Team');
    expect(await page.locator('#progress table caption').count()).toBe(1);
    expect(await page.locator('#teams thead th[scope="col"]').count()).toBe(7);
    expect(await page.locator('#teams tbody th[scope="row"]').count()).toBeGreaterThan(0);
    expect(await page.locator('main#main').count()).toBe(1);
    expect(await page.locator('h2').count()).toBeGreaterThanOrEqual(7);
  });

  it('fits a phone: no sideways scroll at 390 px', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const lang of ['en', 'ja']) {
      await page.goto(`${server.url}/board?lang=${lang}`);
      await page.locator('#wins article').first().waitFor();
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
      expect(widths.scroll, lang).toBeLessThanOrEqual(widths.view);
    }
    if (SCREENSHOTS) {
      // The phone in Japanese (the narrow case with the most wrapping), the desktop in English.
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'board-390x844.png'), fullPage: true });
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.goto(`${server.url}/board?lang=en`);
      await page.locator('#wins article').first().waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'board-1366x768.png'), fullPage: true });
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('prints without its controls, every section visible', async () => {
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('#team').isVisible()).toBe(false);
      expect(await page.locator('#refresh').isVisible()).toBe(false);
      for (const id of ['#wins', '#open-quests', '#progress', '#reused', '#points', '#skills', '#teams']) expect(await page.locator(id).isVisible(), id).toBe(true);
      if (SCREENSHOTS) await page.pdf?.({ path: path.join(SCREENSHOTS, 'board-print.pdf') }).catch(() => undefined);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    expect(errors).toEqual([]);
  });
});
