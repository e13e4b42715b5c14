import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../facilitator/programme/csv.js';
import { loadProgrammeReport } from '../../facilitator/programme/load.js';
import { type ProgrammeReport, buildProgrammeReport } from '../../facilitator/programme/report-data.js';
import { renderHtml } from '../../facilitator/programme/render-html.js';
import { renderCsv, renderMarkdown } from '../../facilitator/programme/render-text.js';
import type { Programme } from '../../facilitator/programme/store.js';
// @ts-expect-error plain JavaScript fixture shared with the benchmark
import { NOW, PACK, TIME_ZONE, buildSyntheticProgramme } from './fixtures/synthetic-programme.mjs';
import { launchBrowser } from '../support/browser.js';
import { isolatedEnv, tempDir, workshop, writeHubSession, writePack } from './helpers.js';

/**
 * The programme report as people open it: the HTML page in a real headless Chromium (offline, no
 * external requests, numbers in the charts, A4 print), the CSV in a spreadsheet, the Markdown.
 */
const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">';

function hostileReport(): ProgrammeReport {
  const programme: Programme = {
    schemaVersion: 1,
    id: 'hostile',
    title: `Programme ${HOSTILE}`,
    createdAt: '2026-03-01T00:00:00Z',
    timeZone: 'UTC',
    settings: { windowDays: 28, regularMinWeeks: 3 },
    sessions: [{ id: '2026-03-03', date: '2026-03-03', startsAt: '2026-03-03T09:00:00.000Z' }],
  };
  const share = { id: '00000000-0000-4000-8000-0000000000aa', ts: '2026-03-10T10:00:00Z', type: 'usecase.shared' as const, what: `=HYPERLINK("http://evil") ${HOSTILE}`, team: HOSTILE, frequency: 'weekly' as const, minutesSavedPerWeek: 60, risk: 'high' as const, reusable: true };
  return buildProgrammeReport({
    programme,
    sessions: programme.sessions,
    roster: { schemaVersion: 1, updatedAt: '2026-03-01T00:00:00Z', people: [{ email: 'evil@example.com', name: `=cmd|' /C calc'!A0 ${HOSTILE}`, team: HOSTILE }] },
    hub: [
      {
        id: '2026-03-03',
        participants: [{ id: 'p1', email: 'evil@example.com', name: HOSTILE, team: HOSTILE, joinedAt: '2026-03-03T08:50:00Z' }],
        records: [{ participantId: 'p1', receivedAt: '2026-03-10T10:00:00Z', event: share }],
      },
    ],
    usageByEmail: new Map(),
    unmatchedUsage: [],
    packExercises: [],
    now: new Date('2026-05-01T00:00:00Z'),
  });
}

describe('the programme report, rendered', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let report: ProgrammeReport;
  let browser: Browser | undefined;

  beforeAll(async () => {
    root = await tempDir('programme-render-');
    const env = isolatedEnv(root.dir);
    const fixture = buildSyntheticProgramme(1);
    await workshop(['programme', 'create', 'synthetic', '--title', 'Codex for everyone', '--time-zone', TIME_ZONE], env);
    await writeFile(path.join(root.dir, 'roster.csv'), fixture.rosterCsv);
    await writeFile(path.join(root.dir, 'usage.jsonl'), fixture.usagePagesJsonLines);
    await writeFile(path.join(root.dir, 'usage.csv'), fixture.usageCsv);
    await workshop(['roster', 'import', path.join(root.dir, 'roster.csv'), '--programme', 'synthetic'], env);
    await workshop(['usage', 'import', path.join(root.dir, 'usage.jsonl'), '--programme', 'synthetic'], env);
    await workshop(['usage', 'import', path.join(root.dir, 'usage.csv'), '--programme', 'synthetic'], env);
    for (const session of fixture.sessions) await writeHubSession(env.WORKSHOP_DATA!, 'synthetic', session, fixture.hub[session.id]);
    const pack = await writePack(path.join(root.dir, 'pack'), PACK);
    ({ report } = await loadProgrammeReport({ dataDir: env.WORKSHOP_DATA!, programmeId: 'synthetic', packDir: pack, now: new Date(NOW) }));
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await root?.cleanup();
  });

  async function open(html: string) {
    const file = path.join(root.dir, `report-${Math.random().toString(16).slice(2)}.html`);
    await writeFile(file, html);
    const page = await browser!.newPage();
    const external: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      external.push(url);
      return route.abort();
    });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
    return { page, external, dialogs };
  }

  it('shows the funnel numbers in the table and in the inline SVG chart, offline', async () => {
    const { page, external } = await open(renderHtml(report));
    const row = async (stage: string) => (await page.locator(`#funnel tr[data-stage="${stage}"]`).innerText()).replace(/\s+/g, ' ');
    expect(await row('readyBeforeSession')).toMatch(/Ready before the session 21 30%/);
    expect(await row('tried')).toMatch(/Tried Codex on an exercise 64 91\.4%/);
    expect(await row('continued')).toMatch(/Continued using Codex 34 48\.6%/);
    expect(await page.locator('#funnel svg g[data-stage="tried"]').textContent()).toMatch(/Tried Codex on an exercise64 \(91\.4%\)/);
    expect(await page.locator('#segments tr[data-segment="regular"]').innerText()).toMatch(/15/);
    expect(await page.locator('#segments svg g[data-week="0"]').textContent()).toMatch(/^64 \(97%\)session day$/);
    expect(await page.locator('#dates tr[data-session="2026-03-17"] [data-col="attended"]').innerText()).toBe('22');
    expect(await page.locator('#teams tr[data-team="Sales"] [data-stage="continued"]').innerText()).toMatch(/^8 /);
    expect(await page.locator('#definitions').innerText()).toMatch(/at least 3 of the 4 weeks after their session day/);
    expect(await page.locator('svg.chart').count()).toBe(3);
    expect(external).toEqual([]);
    await page.close();
  });

  it('prints on A4 without spilling past the page width', async () => {
    const { page } = await open(renderHtml(report));
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 703, height: 1000 }); // A4 minus the 12 mm margins, in CSS pixels
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(2);
    // Issue 16 added a funnel stage and five sections (exploring, active users, spend and value, follow-up lists): 9 pages became 12.
    expect(pages).toBeLessThanOrEqual(12);
    await page.close();
  });

  it('shows hostile names, teams and use cases as text, never as markup', async () => {
    const { page, external, dialogs } = await open(renderHtml(hostileReport()));
    expect(await page.title()).not.toBe('pwned');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('#people').innerText()).toContain(HOSTILE);
    expect(await page.locator('#use-cases').innerText()).toContain(HOSTILE);
    expect(dialogs).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  });

  it('writes one CSV row per roster member that a spreadsheet reads back, with formulas defused', () => {
    const csv = renderCsv(report);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const records = parseCsv(csv.slice(1));
    expect(records).toHaveLength(71);
    const header = records[0].fields;
    const col = (name: string) => header.indexOf(name);
    const byEmail = new Map(records.slice(1).map((r) => [r.fields[col('email')], r.fields]));
    expect(byEmail.get('person0@example.com')?.[col('name')]).toBe('山田 太郎 0');
    expect(byEmail.get('person11@example.com')?.[col('name')]).toBe('Suzuki, Ichiro 11');
    expect(records.slice(1).filter((r) => r.fields[col('segment')] === 'continued')).toHaveLength(34);
    expect(records.slice(1).filter((r) => r.fields[col('tried')] === 'yes')).toHaveLength(64);
    const hostile = parseCsv(renderCsv(hostileReport()).slice(1));
    expect(hostile[1].fields[header.indexOf('name')].startsWith("'=cmd")).toBe(true);
  });

  it('writes Markdown with the funnel, the segments, the dates and the definitions', () => {
    const md = renderMarkdown(report);
    expect(md).toMatch(/\| Tried Codex on an exercise \| 64 \| 91\.4% \|/);
    expect(md).toMatch(/\| Regular \(subset of continued\) \| 15 \|/);
    expect(md).toMatch(/\| 2026-03-10-pm \| 2026-03-10 13:30 \| — \| 23 \| 0 \| 7 \| 0 \|/);
    expect(md).toMatch(/\*\*Continued\*\* \(`continued`\): used Codex on at least one day in the 28 days after their session day/);
    expect(renderMarkdown(hostileReport())).not.toContain('<img');
  });
});
