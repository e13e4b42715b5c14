import type { ProgrammeSession } from './store.js';

/**
 * Who explored before training (issue 16, pure): the first number of the story. A person explored
 * before training when their key made at least one request on a day that was over before the start
 * of the first date they attended (for people who attended none: the programme's first date).
 *
 * Usage comes in days, not instants (the API's daily buckets are UTC days), so a day counts only when
 * the whole day, read as a UTC day, ended by the start: use on the session day itself, or on a day
 * that runs into the session (east of UTC), never counts as "before".
 */
export const EXPLORED_DEFINITION =
  'made at least one request with their API key on a day that ended before the start of the first date they attended (for people who attended none: before the start of the programme\'s first date). Days are UTC days, as the usage API\'s daily buckets are, and a day counts only if it was over by the start, so use on the session day never counts. Percent: of invited (everyone on the roster).';

/** The instant a usage day (a UTC day) is over. */
const dayEnd = (day: string) => Date.parse(`${day}T00:00:00Z`) + 86_400_000;

/**
 * Whether someone's use days include one before the training. `firstAttended` is the first date they
 * attended, `firstDate` the programme's first date (by start); with neither, there is no "before".
 */
export function exploredBeforeTraining(useDays: Iterable<string>, firstAttended: ProgrammeSession | undefined, firstDate: ProgrammeSession | undefined): boolean {
  const anchor = firstAttended ?? firstDate;
  if (!anchor) return false;
  const start = Date.parse(anchor.startsAt);
  for (const day of useDays) if (dayEnd(day) <= start) return true;
  return false;
}
