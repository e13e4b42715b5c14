import { type HoursSaved, type Often, timesPerMonth } from '../../src/protocol/quests.js';

/**
 * Hours saved, honestly (issue 14): only a reviewed win saves hours, and the figure is always shown
 * with what it is computed from. (minutes before − minutes after) × times a month × people using it
 * (the owner plus everyone who marked "I use this too"), in hours. A win that does not make the task
 * faster saves nothing (never a negative figure: it may still be worth it for quality, which the
 * review note says). Reusers are assumed to do the task as often as the owner; docs/quests.md says so.
 */
export function hoursSaved(input: { minutesEach: number; minutesAfter: number; often: Often; reuseCount: number }): HoursSaved {
  const perTime = Math.max(0, input.minutesEach - input.minutesAfter);
  const monthly = timesPerMonth(input.often);
  const people = 1 + input.reuseCount;
  return {
    perMonth: round1((perTime * monthly * people) / 60),
    minutesBefore: input.minutesEach,
    minutesAfter: input.minutesAfter,
    timesPerMonth: round2(monthly),
    people,
  };
}

/** The computation in one line, for text reports: "(30 − 5) min × 4.33 a month × 3 people = 5.4 h a month". */
export function hoursFormula(hours: HoursSaved, lang: 'en' | 'ja' = 'en'): string {
  return lang === 'ja'
    ? `(${hours.minutesBefore} − ${hours.minutesAfter}) 分 × 月 ${hours.timesPerMonth} 回 × ${hours.people} 人 = 月 ${hours.perMonth} 時間`
    : `(${hours.minutesBefore} − ${hours.minutesAfter}) min × ${hours.timesPerMonth} a month × ${hours.people} ${hours.people === 1 ? 'person' : 'people'} = ${hours.perMonth} h a month`;
}

/** Hours a month of several reviewed wins together, one decimal (the digest's and the report's totals). */
export function totalHours(wins: Iterable<{ hours?: HoursSaved }>): number {
  let sum = 0;
  for (const win of wins) sum += win.hours?.perMonth ?? 0;
  return round1(sum);
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
