import { describe, expect, it } from 'vitest';
import { buildProgrammeReport } from '../../facilitator/programme/report-data.js';
import type { HubSessionData } from '../../facilitator/programme/people.js';
import type { Programme, Roster } from '../../facilitator/programme/store.js';
import type { CostDay } from '../../facilitator/store/cost-series.js';
import { exploredBeforeTraining } from '../../facilitator/programme/explored.js';
import { buildFollowUp } from '../../facilitator/programme/follow-up.js';

/** Issue 16's rules on a programme small enough to read: two dates, four people, usage and spend by hand. */
const S1 = { id: '2026-03-10', date: '2026-03-10', startsAt: '2026-03-10T00:00:00.000Z' }; // 09:00 in Tokyo
const S2 = { id: '2026-03-24', date: '2026-03-24', startsAt: '2026-03-24T00:00:00.000Z' };
const programme: Programme = { schemaVersion: 1, id: 'p', title: 'P', createdAt: '2026-03-01T00:00:00.000Z', timeZone: 'Asia/Tokyo', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [S1, S2] };
const roster: Roster = {
  schemaVersion: 1,
  updatedAt: '2026-03-01T00:00:00.000Z',
  people: [
    { email: 'ann@example.com', name: 'Ann', team: 'Ops', key: { kind: 'id', id: 'key_ann' } },
    { email: 'bo@example.com', name: 'Bo', team: 'Ops', key: { kind: 'id', id: 'key_bo' } },
    { email: 'cy@example.com', name: 'Cy', team: 'Sales', key: { kind: 'id', id: 'key_cy' } },
    { email: 'di@example.com', name: 'Di', team: 'Sales' },
  ],
};
const join = (id: string, email: string, at: string): HubSessionData['participants'][number] => ({ id, email, name: email, team: '', joinedAt: at });
// Ann attends the first date; Bo only the second (catch-up); Cy and Di attend none.
const hub: HubSessionData[] = [
  { id: S1.id, participants: [join('a', 'ann@example.com', '2026-03-09T23:50:00.000Z')], records: [] },
  { id: S2.id, participants: [join('b', 'bo@example.com', '2026-03-23T23:50:00.000Z')], records: [] },
];
const usage = (days: Record<string, number>) => new Map(Object.entries(days));

function report(costs: CostDay[]) {
  return buildProgrammeReport({
    programme,
    sessions: programme.sessions,
    roster,
    hub,
    // Ann: used on her session day only. Bo: after the programme's first date but before his own. Cy: before the programme. Di: none.
    usageByEmail: new Map([
      ['ann@example.com', usage({ '2026-03-10': 3 })],
      ['bo@example.com', usage({ '2026-03-15': 2, '2026-03-30': 1 })],
      ['cy@example.com', usage({ '2026-03-08': 1 })],
    ]),
    tokensByEmail: new Map([['bo@example.com', 1200]]),
    unmatchedUsage: [],
    packExercises: ['a'],
    costs,
    keyOwners: new Map([
      ['key_ann', 'ann@example.com'],
      ['key_bo', 'bo@example.com'],
      ['key_cy', 'cy@example.com'],
    ]),
    usageThrough: '2026-04-05',
    now: new Date('2026-04-06T03:00:00.000Z'),
  });
}

const cost = (kind: 'keyId' | 'project', value: string, day: string, amount: number): CostDay => ({ source: { kind, value }, lineItem: '', day, amount, currency: 'usd' });

describe('exploredBeforeTraining', () => {
  it('counts use before one\'s own first date (after the programme\'s first), before the programme for people who attended none, never the session day', () => {
    const r = report([]);
    const by = Object.fromEntries(r.people.map((p) => [p.name, p.exploredBeforeTraining]));
    expect(by).toEqual({ Ann: false, Bo: true, Cy: true, Di: false });
    expect(r.exploredBeforeTraining).toMatchObject({ count: 2, percentOfInvited: 50 });
    expect(Object.keys(r.funnel).slice(0, 2)).toEqual(['invited', 'exploredBeforeTraining']);
    expect(r.byTeam.Ops.funnel.exploredBeforeTraining).toBe(1);
  });

  it('counts a day only once the whole UTC day was over by the start', () => {
    // A 08:00 session in Tokyo starts at 23:00 UTC the day before: that UTC day is not over yet.
    const early = { id: 'x', date: '2026-03-10', startsAt: '2026-03-09T23:00:00.000Z' };
    expect(exploredBeforeTraining(['2026-03-09'], early, undefined)).toBe(false);
    expect(exploredBeforeTraining(['2026-03-08'], early, undefined)).toBe(true);
    expect(exploredBeforeTraining(['2026-03-01'], undefined, undefined)).toBe(false); // no date at all: no "before"
  });
});

describe('active users, spend, value and follow-up', () => {
  it('counts daily and weekly active users overall and per team from each key\'s first use', () => {
    const a = report([]).activeUsers;
    expect([a.from, a.to]).toEqual(['2026-03-08', '2026-04-05']);
    const day = (d: string) => a.daily.points.indexOf(d);
    expect(a.daily.active[day('2026-03-10')]).toBe(1);
    expect(a.daily.started[day('2026-03-09')]).toBe(1); // Cy only
    expect(a.daily.started[day('2026-03-15')]).toBe(3);
    expect(a.weekly.points[0]).toBe('2026-03-02'); // the Monday of 2026-03-08
    expect(a.weekly.byTeam.Ops.active[a.weekly.points.indexOf('2026-03-09')]).toBe(2); // Ann 10th, Bo 15th
    expect(a.weekly.byTeam.Sales.started.at(-1)).toBe(1); // Di never used it
  });

  it('puts spend by key on people and teams, and keeps spend by project for the programme only, saying so', () => {
    const r = report([cost('keyId', 'key_bo', '2026-03-30', 2.5), cost('keyId', 'key_cy', '2026-03-08', 0.5), cost('keyId', 'key_other', '2026-03-30', 1), cost('project', 'proj_x', '2026-03-30', 4)]);
    expect(r.costs).toMatchObject({ basis: 'key and project', currency: 'usd', programme: { total: 8, people: 2, keysNotOnRoster: 1, byProject: 4 }, byTeam: { Ops: { spend: 2.5, people: 1 }, Sales: { spend: 0.5, people: 1 } } });
    expect(r.people.find((p) => p.name === 'Bo')).toMatchObject({ spend: 2.5, tokens: 1200, firstUseDay: '2026-03-15', lastUseDay: '2026-03-30' });
    expect(r.valueVsCost.byTeam.Ops).toEqual({ tokens: 1200, spend: 2.5, spendLast30Days: 2.5, reviewedHoursPerMonth: 0, estimatedHoursPerMonth: 0, spendPerReviewedHourSaved: null });
    const projectOnly = report([cost('project', 'proj_x', '2026-03-30', 4)]);
    expect(projectOnly.costs).toMatchObject({ basis: 'project', programme: { total: 4, people: 0, byProject: 4 }, byTeam: {} });
    expect(projectOnly.costs.note).toMatch(/by project, not by API key/);
    expect(report([]).costs).toMatchObject({ basis: 'none', currency: null, programme: { total: 0 } });
  });

  it('lists teams with spend and no reviewed win, and the top tenth of spenders without a shared win', () => {
    const f = report([cost('keyId', 'key_bo', '2026-03-30', 2.5), cost('keyId', 'key_cy', '2026-03-08', 0.5)]).followUp;
    expect(f.teamsWithSpendNoWin).toEqual([{ team: 'Ops', spend: 2.5 }, { team: 'Sales', spend: 0.5 }]);
    expect(f.highSpendFrom).toBe(2.5);
    expect(f.highSpendNoSharedWin.map((p) => p.name)).toEqual(['Bo']);
    expect(f.note).toMatch(/For coaching, never punishment/);
  });

  it('lists who tried in the session and then made no request in the last 14 days of usage data', () => {
    const person = (name: string, days: string[], firstAttended = '2026-03-10') => ({ email: `${name}@x`, name, team: 'T', firstAttended, tried: true, contributedWin: false, useCasesShared: 0, keyOnRoster: true, useDays: new Set(days), spend: 0 });
    const f = buildFollowUp([person('quiet', ['2026-03-11']), person('active', ['2026-04-01']), person('recent', [], '2026-03-30')], { usageThrough: '2026-04-05', teamsWithWin: new Set(), teamSpend: {} });
    expect(f.quietFrom).toBe('2026-03-23');
    expect(f.triedThenQuiet.map((p) => p.name)).toEqual(['quiet']);
    expect(buildFollowUp([person('quiet', [])], { teamsWithWin: new Set(), teamSpend: {} }).triedThenQuiet).toEqual([]); // no usage stored: nobody listed
  });
});
