import { addDays, daysBetween } from './calendar.js';

/**
 * Daily and weekly active users (issue 16, pure): a person is active on a day when their key made at
 * least one request that day (usage matched to the roster). The series run from the first day any
 * roster member's key was used to the last day the usage data covers; `started` counts the people
 * whose key had been used by then (from each key's first use), so "active of started" reads as the
 * share of people who had begun that are still using it.
 */
export interface ActiveSeries {
  /** Days (YYYY-MM-DD), or weeks by their Monday. */
  points: string[];
  active: number[];
  started: number[];
  byTeam: Record<string, { active: number[]; started: number[] }>;
}

export interface ActiveUsers {
  from: string | null;
  to: string | null;
  daily: ActiveSeries;
  weekly: ActiveSeries;
  definitions: { daily: string; weekly: string; started: string };
}

/** At most two years of days: a stray old date in a CSV must not make the report a list of ten years. */
export const MAX_SERIES_DAYS = 731;

export const ACTIVE_DEFINITIONS: ActiveUsers['definitions'] = {
  daily: 'people on the roster whose key made at least one request that day (usage days as the export or sync gives them: UTC days for the API\'s daily buckets).',
  weekly: 'people on the roster whose key made at least one request in that week (Monday to Sunday, the week named by its Monday).',
  started: `people on the roster whose key had made its first request by that day (or by the end of that week): the series start at the first use of any roster member's key and end on the last day the usage data covers (at most ${MAX_SERIES_DAYS} days back).`,
};

export interface ActivePerson {
  team: string;
  /** Days with at least one request. */
  days: ReadonlySet<string>;
}

/** Monday of the week holding `day` (2026-03-04 is a Wednesday → 2026-03-02). */
export function weekOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

function emptySeries(): ActiveSeries {
  return { points: [], active: [], started: [], byTeam: {} };
}

export function buildActiveUsers(people: readonly ActivePerson[], usageThrough: string | undefined): ActiveUsers {
  let first: string | undefined;
  for (const p of people) for (const d of p.days) if (!first || d < first) first = d;
  if (!first || !usageThrough) return { from: null, to: null, daily: emptySeries(), weekly: emptySeries(), definitions: ACTIVE_DEFINITIONS };
  const to = usageThrough >= first ? usageThrough : first;
  const from = daysBetween(first, to) >= MAX_SERIES_DAYS ? addDays(to, -(MAX_SERIES_DAYS - 1)) : first;
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  const weeks: string[] = [];
  for (let w = weekOf(from); w <= to; w = addDays(w, 7)) weeks.push(w);
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const weekIndex = new Map(weeks.map((w, i) => [w, i]));
  const teams = [...new Set(people.map((p) => p.team))].sort((a, b) => a.localeCompare(b));
  const daily = series(days, teams);
  const weekly = series(weeks, teams);
  for (const person of people) {
    if (person.days.size === 0) continue;
    const seenWeeks = new Set<number>();
    let firstUse: string | undefined;
    for (const d of person.days) {
      if (!firstUse || d < firstUse) firstUse = d;
      const i = dayIndex.get(d);
      if (i !== undefined) bump(daily, person.team, 'active', i);
      const w = weekIndex.get(weekOf(d));
      if (w !== undefined && d >= from && d <= to) seenWeeks.add(w);
    }
    for (const w of seenWeeks) bump(weekly, person.team, 'active', w);
    // Started from the first use on: counted where it happened here, summed up below.
    const startDay = firstUse! < from ? 0 : dayIndex.get(firstUse!);
    if (startDay !== undefined) bump(daily, person.team, 'started', startDay);
    const startWeek = firstUse! < from ? 0 : weekIndex.get(weekOf(firstUse!));
    if (startWeek !== undefined) bump(weekly, person.team, 'started', startWeek);
  }
  for (const s of [daily, weekly]) for (const counts of [s.started, ...Object.values(s.byTeam).map((t) => t.started)]) for (let i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
  // Teams nobody of whom used it stay out of the series (they are all zeros).
  for (const s of [daily, weekly]) for (const team of teams) if (s.byTeam[team].started.every((n) => n === 0)) delete s.byTeam[team];
  return { from, to, daily, weekly, definitions: ACTIVE_DEFINITIONS };
}

function series(points: string[], teams: string[]): ActiveSeries {
  const zeros = () => points.map(() => 0);
  return { points, active: zeros(), started: zeros(), byTeam: Object.fromEntries(teams.map((t) => [t, { active: zeros(), started: zeros() }])) };
}

function bump(s: ActiveSeries, team: string, field: 'active' | 'started', i: number): void {
  s[field][i] += 1;
  s.byTeam[team][field][i] += 1;
}
