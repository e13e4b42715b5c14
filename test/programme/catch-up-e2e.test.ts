import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../facilitator/programme/calendar.js';
import { isolatedEnv, startProgrammeHub, tempDir, workshop } from './helpers.js';

/**
 * Catch-up across two dates, end to end with the real CLI and hub: Ann passes the first exercise at
 * the morning date, then comes to the afternoon date from another laptop. The hub greets her as
 * returning, her CLI marks the exercise done and continues with the next one, the dashboard marks
 * her card, and the programme report counts her once.
 */
describe('a participant who comes back to a later date', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let facilitator: NodeJS.ProcessEnv;
  const today = localDay(Date.now(), 'UTC');
  const morning = `${today}-am`;
  const afternoon = `${today}-pm`;
  let laptopA: NodeJS.ProcessEnv;
  let laptopB: NodeJS.ProcessEnv;
  let dashboard: { cards: Array<Record<string, unknown>> };
  let joinB: { code: number; stdout: string };
  let caughtUpB: { code: number; stdout: string; stderr: string };
  let joinAgainA: { code: number; stdout: string };

  beforeAll(async () => {
    root = await tempDir('catch-up-e2e-');
    facilitator = isolatedEnv(path.join(root.dir, 'facilitator'));
    laptopA = isolatedEnv(path.join(root.dir, 'laptop-a'));
    laptopB = isolatedEnv(path.join(root.dir, 'laptop-b'));
    expect((await workshop(['programme', 'create', 'spring', '--title', 'Spring', '--time-zone', 'UTC'], facilitator)).code).toBe(0);
    await writeFile(path.join(root.dir, 'roster.csv'), 'email,name,team\nann@example.com,Ann,Sales\nbob@example.com,Bob,HR\n');
    expect((await workshop(['roster', 'import', path.join(root.dir, 'roster.csv'), '--programme', 'spring'], facilitator)).code).toBe(0);

    // The morning date: Ann joins from laptop A and passes exercise 1 (the files Codex would write).
    const first = await startProgrammeHub(['--programme', 'spring', '--session', morning, '--starts', '00:00'], facilitator);
    try {
      const join = await workshop(['join', first.info.joinUrl, '--code', first.info.code, '--name', 'Ann', '--email', 'ann@example.com', '--team', 'Sales'], laptopA);
      expect(join.code, join.stderr).toBe(0);
      expect((await workshop(['next', '--json'], laptopA)).code).toBe(0);
      await cp(path.resolve('exercises/01-first-file/solution'), path.join(laptopA.HOME!, 'codex-workshop', '01-first-file'), { recursive: true });
      const graded = await workshop(['next', '--json'], laptopA);
      expect(JSON.parse(graded.stdout)).toMatchObject({ action: 'graded', result: { passed: true }, next: { id: '02-tidy-folder' } });
      expect((await workshop(['sync', '--json'], laptopA)).code).toBe(0);
    } finally {
      await first.stop();
    }

    // The afternoon date: Ann joins again from laptop B (new), and from laptop A.
    // The afternoon date starts now (attending counts from an hour before the start).
    const now = new Date();
    const startsNow = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
    const second = await startProgrammeHub(['--programme', 'spring', '--session', afternoon, '--starts', startsNow], facilitator);
    try {
      // Laptop A proves it is Ann's (the token the morning gave it): its history comes with the join.
      joinAgainA = await workshop(['join', second.info.joinUrl, '--code', second.info.code, '--name', 'Ann', '--email', 'ann@example.com', '--team', 'Sales', '--json'], laptopA);
      // Laptop B is new: with Ann's email but no proof it is a separate, pending participant (issue 12)
      // until the facilitator approves it (or Ann types the code laptop A shows); then it catches up.
      joinB = await workshop(['join', second.info.joinUrl, '--code', second.info.code, '--name', 'Ann', '--email', 'ANN@example.com', '--team', 'Sales'], laptopB);
      await workshop(['join', second.info.joinUrl, '--code', second.info.code, '--name', 'Bob', '--email', 'bob@example.com', '--team', 'HR'], isolatedEnv(path.join(root.dir, 'laptop-bob')));
      const token = new URL(second.info.dashboardUrl).hash.replace('#token=', '');
      const pendingB = JSON.parse(await readFile(path.join(laptopB.WORKSHOP_HOME!, 'hub.json'), 'utf8')).participantId;
      const approved = await fetch(`${second.info.joinUrl}/v1/facilitator/participants/${pendingB}/approve`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(approved.status).toBe(200);
      caughtUpB = await workshop(['status'], laptopB);
      const state = await fetch(`${second.info.joinUrl}/v1/facilitator/state`, { headers: { authorization: `Bearer ${token}` } });
      dashboard = (await state.json()) as typeof dashboard;
    } finally {
      await second.stop();
    }
  }, 120_000);

  afterAll(async () => root?.cleanup());

  it('greets them as returning on a new laptop once it is confirmed, and marks what they passed as done', async () => {
    expect(joinB.code).toBe(0);
    expect(joinB.stdout).not.toMatch(/Welcome back/);
    expect(joinB.stdout).toMatch(/already joined from another laptop/);
    expect(caughtUpB.stderr).toMatch(new RegExp(`Welcome back \\(you came on ${morning}\\)! 1 exercise you passed before is marked done on this laptop\\. \`workshop next\` continues with 02-tidy-folder\\.`));
    const status = JSON.parse((await workshop(['status', '--json'], laptopB)).stdout);
    expect(status.exercises.find((e: { id: string }) => e.id === '01-first-file')).toMatchObject({ state: 'done' });
    const next = JSON.parse((await workshop(['next', '--json'], laptopB)).stdout);
    expect(next).toMatchObject({ action: 'setup', exercise: { id: '02-tidy-folder' } });
  });

  it('leaves the progress of the laptop they used before as it was', () => {
    expect(joinAgainA.code).toBe(0);
    const json = JSON.parse(joinAgainA.stdout);
    expect(json.history).toEqual({ returning: true, sessions: [morning], passedExercises: ['01-first-file'], finished: false });
    expect(json.resumed).toEqual({ merged: [], continueWith: '02-tidy-folder' });
  });

  it('marks their dashboard card as returning, and only theirs', () => {
    const ann = dashboard.cards.find((c) => c.email === 'ann@example.com');
    const bob = dashboard.cards.find((c) => c.email === 'bob@example.com');
    expect(ann?.returning).toEqual({ sessions: [morning], exercisesBefore: 1 });
    expect(bob?.returning).toBeUndefined();
  });

  it('counts them once in the programme report, as returning at the second date', async () => {
    const report = JSON.parse((await workshop(['report', '--programme', 'spring', '--format', 'json'], facilitator)).stdout);
    expect(report.funnel).toMatchObject({ invited: 2, attended: 2 });
    expect(report.dates).toEqual([
      expect.objectContaining({ session: morning, attended: 1, returning: 0 }),
      expect.objectContaining({ session: afternoon, attended: 2, returning: 1 }),
    ]);
    const ann = report.people.find((p: { email: string }) => p.email === 'ann@example.com');
    expect(ann).toMatchObject({ attended: [morning, afternoon], returning: true, exercisesPassed: 1 });
  });
});
