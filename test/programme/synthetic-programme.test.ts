import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProgrammeReport } from '../../facilitator/programme/load.js';
import type { ProgrammeReport } from '../../facilitator/programme/report-data.js';
import { hoursPerMonth } from '../../facilitator/programme/use-cases.js';
// @ts-expect-error plain JavaScript fixture shared with the benchmark
import { DATES, NOW, PACK, TIME_ZONE, buildSyntheticProgramme } from './fixtures/synthetic-programme.mjs';
import { isolatedEnv, tempDir, workshop, writeHubSession, writePack } from './helpers.js';

/**
 * The adoption picture of a whole programme, end to end: a roster CSV and two usage exports go in
 * through the CLI, three dates of hub activity go in through the hub's own store, and the report
 * must reproduce the answers the fixture was built with (counted from its specification).
 */
describe('a 70-person programme over three dates', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let env: NodeJS.ProcessEnv;
  let fixture: ReturnType<typeof buildSyntheticProgramme>;
  let report: ProgrammeReport;
  let warnings: string[];

  beforeAll(async () => {
    root = await tempDir();
    env = isolatedEnv(root.dir);
    fixture = buildSyntheticProgramme(1);
    const data = env.WORKSHOP_DATA!;
    expect((await workshop(['programme', 'create', 'synthetic', '--title', 'Codex for everyone', '--time-zone', TIME_ZONE], env)).code).toBe(0);
    await writeFile(path.join(root.dir, 'roster.csv'), fixture.rosterCsv);
    await writeFile(path.join(root.dir, 'usage.jsonl'), fixture.usagePagesJsonLines);
    await writeFile(path.join(root.dir, 'usage.csv'), fixture.usageCsv);
    const roster = await workshop(['roster', 'import', path.join(root.dir, 'roster.csv'), '--programme', 'synthetic'], env);
    expect(roster.stderr).toBe('');
    expect(roster.code).toBe(0);
    expect((await workshop(['usage', 'import', path.join(root.dir, 'usage.jsonl'), '--programme', 'synthetic'], env)).code).toBe(0);
    expect((await workshop(['usage', 'import', path.join(root.dir, 'usage.csv'), '--programme', 'synthetic'], env)).code).toBe(0);
    for (const session of fixture.sessions) await writeHubSession(data, 'synthetic', session, fixture.hub[session.id]);
    const pack = await writePack(path.join(root.dir, 'pack'), PACK);
    ({ report, warnings } = await loadProgrammeReport({ dataDir: data, programmeId: 'synthetic', packDir: pack, now: new Date(NOW) }));
  }, 120_000);

  afterAll(async () => root?.cleanup());

  it('reproduces the known answers: 21 ready before their session, 64 tried, 34 continued', () => {
    expect(report.funnel).toEqual({ invited: 70, exploredBeforeTraining: 1, readyBeforeSession: 21, attended: 66, tried: 64, finished: 42, continued: 34 });
    expect(report.segments).toEqual({ notStarted: 5, triedOnly: 31, continued: 34, regular: 15 });
    // …and the same answers counted from the fixture's specification.
    expect(report.funnel).toEqual(fixture.expected.funnel);
    expect(report.segments).toEqual(fixture.expected.segments);
    expect(warnings).toEqual([]);
  });

  it('gives percentages of invited', () => {
    expect(report.funnelPercent).toEqual({ invited: 100, exploredBeforeTraining: 1.4, readyBeforeSession: 30, attended: 94.3, tried: 91.4, finished: 60, continued: 48.6 });
  });

  it('breaks the funnel and the segments down per team, with the same shape', () => {
    expect(Object.keys(report.byTeam)).toEqual(['Engineering', 'Finance', 'HR', 'Operations', 'Sales']);
    for (const [team, block] of Object.entries(report.byTeam)) {
      expect({ team, funnel: block.funnel, segments: block.segments }).toEqual({ team, ...fixture.expected.byTeam[team] });
    }
  });

  it('counts invited, attended, returning and walk-ins per date', () => {
    expect(report.dates.map((d) => ({ session: d.session, invited: d.invited, attended: d.attended, returning: d.returning, readyBeforeSession: d.readyBeforeSession, walkIns: d.walkIns }))).toEqual(fixture.expected.dates);
    expect(report.dates.map((d) => d.startsAt)).toEqual(DATES.map((d: { date: string; starts: string }) => new Date(`${d.date}T${d.starts}:00+09:00`).toISOString()));
  });

  it('draws the weekly active-use curve of attendees for the four weeks after their session', () => {
    expect(report.weeklyActive.map((w) => w.active)).toEqual(fixture.expected.weeklyActive);
    expect(report.weeklyActive[0]).toMatchObject({ label: 'session day', active: 64, percentOfAttended: 97 });
  });

  it('catalogues shared use cases and own-task completions per team, keeping the latest version of a re-shared task', () => {
    for (const [team, expected] of Object.entries(fixture.expected.useCases as Record<string, { ownTaskCompleted: number; shared: number; minutes: number; risk: object }>)) {
      const got = report.useCases.teams.find((t) => t.team === team);
      expect({ team, ownTaskCompleted: got?.ownTaskCompleted, shared: got?.shared, risk: got?.risk, hours: got?.hoursSavedPerMonth }).toEqual({
        team,
        ownTaskCompleted: expected.ownTaskCompleted,
        shared: expected.shared,
        risk: expected.risk,
        hours: Math.round(hoursPerMonth(expected.minutes) * 10) / 10,
      });
    }
  });

  it('lists the walk-in and the usage key that matched nobody, without counting them', () => {
    expect(report.walkIns.map((w) => w.email)).toEqual(['walk-in0@example.com']);
    expect(report.unmatchedUsage).toEqual([{ source: { kind: 'keyId', value: 'key_stranger' }, requests: 50, days: 1, reason: 'not on the roster' }]);
    expect(report.people).toHaveLength(70);
  });

  it('marks the people who came back to a later date as returning, once in the funnel', () => {
    const returning = report.people.filter((p) => p.returning).map((p) => p.email).sort();
    expect(returning).toEqual(['person0@example.com', 'person1@example.com', 'person25@example.com', 'person2@example.com']);
    // Person 0 finished the pack across two dates (two exercises each time, no pack.finished event).
    expect(report.people.find((p) => p.email === 'person0@example.com')).toMatchObject({ finished: true, exercisesPassed: 4, attended: ['2026-03-03', '2026-03-17'] });
  });

  it('classifies the edge cases of the window as the definitions say', () => {
    const seg = (i: number) => report.people.find((p) => p.email === `person${i}@example.com`)!;
    expect(seg(35)).toMatchObject({ segment: 'continued', activeWeeks: 1 }); // used on day 28 only
    expect(seg(37)).toMatchObject({ segment: 'continued', activeWeeks: 1 }); // used on day 1 only
    expect(seg(4).segment).toBe('triedOnly'); // day 29 only
    expect(seg(6).segment).toBe('triedOnly'); // before the session and on the day
    expect(seg(10).segment).toBe('triedOnly'); // a later pulse recounted the day to zero
    expect(seg(14).segment).toBe('triedOnly'); // a usage row with zero requests
    expect(seg(66)).toMatchObject({ segment: 'triedOnly', attended: [] }); // never attended, used once
    expect(seg(9).segment).toBe('continued'); // matched through a key hint
    expect(seg(9).regular).toBe(true);
  });

  it('prints the definitions of every stage and segment in the report', () => {
    expect(Object.keys(report.definitions.funnel)).toEqual(['invited', 'exploredBeforeTraining', 'readyBeforeSession', 'attended', 'tried', 'finished', 'continued']);
    expect(report.definitions.segments.regular).toMatch(/at least 3 of the 4 weeks/);
    expect(report.definitions.segments.continued).toMatch(/28 days after/);
  });

  it('importing the same usage export again changes nothing', async () => {
    expect((await workshop(['usage', 'import', path.join(root.dir, 'usage.jsonl'), '--programme', 'synthetic'], env)).code).toBe(0);
    const again = await loadProgrammeReport({ dataDir: env.WORKSHOP_DATA!, programmeId: 'synthetic', packDir: path.join(root.dir, 'pack'), now: new Date(NOW) });
    expect(again.report.segments).toEqual(report.segments);
    expect(again.report.weeklyActive).toEqual(report.weeklyActive);
  });
});
