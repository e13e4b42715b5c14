import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrResumeSession } from '../../facilitator/hub/session-meta.js';
import { SessionStore, readSession, sessionDir } from '../../facilitator/hub/store.js';
import { buildSessionReport, type SessionReport } from '../../facilitator/report/build-report.js';
import { renderHtml } from '../../facilitator/report/render-html.js';
import { renderCsv, renderMarkdown } from '../../facilitator/report/render-text.js';
import { type NewParticipantEvent, stampEvent } from '../../src/protocol/events.js';
import { participantEnv, runCli } from '../hub/cli-helpers.js';
import { tempDir } from '../hub/helpers.js';

/**
 * A small session with known answers: four people, two exercises.
 *   Ana   ready, passes first-file in 4 min and tidy-folder in 9 min, finishes.
 *   Ben   ready, passes first-file in 6 min (2 attempts), fails tidy-folder 3 times (stuck), hand still up.
 *   Chloé not ready (no credit left), never starts.
 *   Mallory `<img src=x onerror=alert(1)>`, team `=HYPERLINK("http://evil")`, never runs the doctor.
 */
const T0 = Date.parse('2026-12-03T09:00:00.000Z');
const at = (minute: number) => new Date(T0 + minute * 60_000);
const HOSTILE = '<img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("http://evil")';

let tmp: { dir: string; cleanup: () => Promise<void> };
let dir: string;
let report: SessionReport;

const graded = (exerciseId: string, passed: boolean, attempt: number, failingChecks: string[] = []): NewParticipantEvent => ({
  type: 'exercise.graded',
  exerciseId,
  passed,
  score: passed ? 4 : 1,
  maxScore: 4,
  noChange: false,
  failingChecks,
  attempt,
  codexSessions: 1,
  changedAfterCodex: true,
});

beforeAll(async () => {
  tmp = await tempDir('report-test-');
  dir = sessionDir(tmp.dir, '2026-12-03');
  await createOrResumeSession(dir, { id: '2026-12-03', title: 'Finance & Ops <Codex> day', now: at(-30) });
  let clock = at(0);
  const { store } = await SessionStore.open(dir, { clock: () => clock });
  const ana = (await store.join({ name: 'Ana', email: 'ana@example.com', team: 'Finance' })).participantId;
  const ben = (await store.join({ name: 'Ben', email: 'ben@example.com', team: 'Ops' })).participantId;
  const chloe = (await store.join({ name: 'Chloé 田中', email: 'chloe@example.com', team: 'Finance' })).participantId;
  const mallory = (await store.join({ name: HOSTILE, email: 'm@example.com', team: FORMULA })).participantId;
  const send = async (who: string, minute: number, event: NewParticipantEvent) => {
    clock = at(minute);
    await store.appendEvents(who, [stampEvent(event, at(minute))]);
  };
  const doctor = (ready: boolean, code?: string): NewParticipantEvent => ({
    type: 'doctor.completed',
    ready,
    platform: 'macOS',
    checks: code ? [{ id: 'api.key', status: 'fail', code }] : [{ id: 'node', status: 'ok', code: 'node_ok' }],
  });
  await send(ana, 1, doctor(true));
  await send(ben, 1, doctor(true));
  await send(chloe, 2, doctor(false, 'key_no_quota'));
  await send(ana, 2, { type: 'exercise.setup', exerciseId: 'first-file' });
  await send(ben, 2, { type: 'exercise.setup', exerciseId: 'first-file' });
  await send(ana, 6, graded('first-file', true, 1));
  await send(ana, 6, { type: 'exercise.setup', exerciseId: 'tidy-folder' });
  await send(ben, 5, graded('first-file', false, 1, ['has-heading']));
  await send(ben, 8, graded('first-file', true, 2));
  await send(ben, 8, { type: 'exercise.setup', exerciseId: 'tidy-folder' });
  await send(ana, 15, graded('tidy-folder', true, 1));
  await send(ana, 15, { type: 'pack.finished', packId: 'core' });
  for (const [minute, attempt] of [[10, 1], [12, 2], [14, 3]] as const) await send(ben, minute, graded('tidy-folder', false, attempt, ['nothing-lost', 'by-kind']));
  await send(ben, 15, { type: 'hand.raised', message: 'my files vanished' });
  await store.close();
  report = buildSessionReport(await readSession(dir), { stuckAfterMinutes: 10, generatedAt: at(120), timeZone: 'Asia/Tokyo' });
});

afterAll(async () => {
  await tmp.cleanup();
});

describe('the session report', () => {
  it('has the session, attendance and readiness', () => {
    // Issue 11: times in the session's time zone, with the offset; start never after end.
    expect(report.session).toEqual({ id: '2026-12-03', title: 'Finance & Ops <Codex> day', timeZone: 'Asia/Tokyo', startedAt: '2026-12-03T18:00:00+09:00', endedAt: '2026-12-03T18:15:00+09:00' });
    expect(report.attendance).toMatchObject({ joined: 4, ready: 2, started: 2, finished: 1, doctorNeverRun: 1 });
    expect(report.readiness).toMatchObject({ ready: 2, notReady: 1, unknown: 1, blockers: [{ key: 'key_no_quota', words: 'key has no credit left', count: 1 }] });
  });

  it('has one row per participant with the fields the issue names', () => {
    const byName = Object.fromEntries(report.participants.map((p) => [p.name, p]));
    expect(byName.Ana).toMatchObject({ email: 'ana@example.com', team: 'Finance', ready: true, exercisesDone: 2, finished: true, handRaised: false, followUp: [] });
    expect(byName.Ben).toMatchObject({ ready: true, exercisesDone: 1, finished: false, handRaised: true });
    expect(byName.Ben.followUp).toEqual(['stuck on tidy-folder at the end: the same checks failed 3 times in a row', 'hand still raised: my files vanished']);
    expect(byName.Ben.followUpGroup).toBe('stuck');
    expect(byName['Chloé 田中']).toMatchObject({ ready: false, readiness: 'key has no credit left', exercisesDone: 0, followUpGroup: 'blocked', followUp: ['setup not ready: key has no credit left'] });
    expect(byName[HOSTILE].followUp).toEqual(['never ran workshop doctor and started no exercise']);
  });

  it('has completion, median minutes and where people got stuck, per exercise in the order people did them', () => {
    expect(report.exercises.map((e) => e.id)).toEqual(['first-file', 'tidy-folder']);
    expect(report.exercises[0]).toMatchObject({ started: 2, passed: 2, medianMinutes: 5, medianAttempts: 1.5, stuck: 0 });
    expect(report.exercises[1]).toMatchObject({ started: 2, passed: 1, medianMinutes: 9, stuck: 1, handsRaised: 1 });
    expect(report.exercises[1].commonFailingChecks).toEqual([
      { check: 'by-kind', count: 3 },
      { check: 'nothing-lost', count: 3 },
    ]);
    expect(report.stuckPoints).toEqual([{ exerciseId: 'tidy-folder', stuck: 1, notPassed: 1 }]);
    // Grouped and ordered: blocked on setup, then stuck, then did not finish in time.
    expect(report.followUp.map((f) => [f.group, f.name])).toEqual([
      ['blocked', HOSTILE],
      ['blocked', 'Chloé 田中'],
      ['stuck', 'Ben'],
    ]);
  });

  it('escapes hostile names in Markdown', () => {
    const md = renderMarkdown(report);
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(md).toContain('| tidy-folder | 2 | 1 | 9 min |');
    // "&" reads as written (issue 11); the follow-up is grouped.
    expect(md).toContain('# Finance & Ops &lt;Codex&gt; day');
    expect(md).toMatch(/### Blocked on setup \(2\)[\s\S]*### Stuck \(1\)/);
  });

  it('is one self-contained HTML page with every string escaped', () => {
    const html = renderHtml(report);
    expect(html).not.toMatch(/<img|<script|src="http|href="http|<link/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Finance &amp; Ops &lt;Codex&gt; day');
    expect(html).toMatch(/<svg role="img" aria-label="Funnel/);
  });

  it('is a spreadsheet-safe CSV: BOM, quoted fields, formulas neutralised, Japanese intact', () => {
    const csv = renderCsv(report);
    expect(csv.startsWith('\uFEFFid,name,email,team,')).toBe(true);
    expect(csv).toContain('"\'=HYPERLINK(""http://evil"")"');
    expect(csv).toContain('Chloé 田中');
    expect(csv.trim().split('\r\n')).toHaveLength(5);
    // Same conventions as the programme CSV: yes/no, local times with their offset.
    expect(csv).not.toMatch(/,(true|false),/);
    expect(csv).toMatch(/,2026-12-03T18:0\d:00\+09:00,yes,/);
  });
});

describe('workshop report', () => {
  it('prints JSON, writes HTML to a file, and names the sessions it knows when the id is wrong', async () => {
    const env = { ...(await participantEnv(path.join(tmp.dir, 'home'))), TZ: 'America/New_York' };
    const json = await runCli(['report', '--session', '2026-12-03', '--data', tmp.dir, '--format', 'json'], env);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    // Default time zone: this computer's.
    expect(parsed.session).toMatchObject({ id: '2026-12-03', title: 'Finance & Ops <Codex> day', timeZone: 'America/New_York', startedAt: '2026-12-03T04:00:00-05:00' });
    expect(parsed.participants[0]).toEqual(expect.objectContaining({ id: expect.any(String), name: expect.any(String), email: expect.any(String), team: expect.any(String), ready: expect.any(Boolean), exercisesDone: expect.any(Number), finished: expect.any(Boolean), handRaised: expect.any(Boolean) }));
    expect(parsed.exercises[0]).toEqual(expect.objectContaining({ id: 'first-file', started: 2, passed: 2, medianMinutes: 5 }));

    const out = path.join(tmp.dir, 'report.html');
    const html = await runCli(['report', '--session', '2026-12-03', '--data', tmp.dir, '--format', 'html', '--out', out], env);
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/Report for 4 participant\(s\) written to/);
    expect(await readFile(out, 'utf8')).toMatch(/^<!doctype html>/);

    const wrong = await runCli(['report', '--session', '2026-12-04', '--data', tmp.dir], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/No session "2026-12-04" in .*Sessions there: --session 2026-12-03\./);
    const badFormat = await runCli(['report', '--session', '2026-12-03', '--data', tmp.dir, '--format', 'pdf'], env);
    expect(badFormat.code).toBe(2);
  });
});
