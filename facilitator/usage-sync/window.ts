import { z } from 'zod';
import { UsageError } from '../../src/core/errors.js';
import { addDays, daysBetween, utcDay } from '../programme/calendar.js';
import { isCalendarDate } from '../programme/ids.js';
import type { SyncState } from '../store/cost-series.js';
import type { CostGrouping } from './convert.js';

/**
 * Pure: which days a sync reads. The API's daily buckets are UTC days; only complete days are read
 * (the window ends at the start of today, UTC), so a stored day is never a half day.
 *
 * - First sync: from `LOOKBACK_DAYS` before the programme's first date (or before today when it has no
 *   date yet). The report counts who "explored before training", so use from before the first date
 *   is needed; 90 days reaches back past any key handed out a few weeks early, at a cost of three
 *   pages per stream.
 * - Later syncs: from the day before the last day synced, so the last two days synced are read again
 *   (usage and costs can arrive late) and replace what was stored.
 * - `--since DAY`: from that day.
 * - An interrupted sync (a stored `resume`) continues its own window at its stored cursor, unless
 *   --since asks for another start.
 */
export const LOOKBACK_DAYS = 90;
/** Days synced before that are read again. */
export const LATE_DAYS = 2;

export const Resume = z
  .object({
    v: z.literal(1),
    /** --since of the run that made this window, if any (a rerun with another --since starts afresh). */
    since: z.string().optional(),
    start: z.string(),
    /** First day not read (exclusive). */
    end: z.string(),
    page: z.string().max(2000).optional(),
    grouping: z.enum(['key', 'project']).optional(),
  })
  .strict();
export type Resume = z.infer<typeof Resume>;

export interface Plan {
  start: string;
  end: string;
  page?: string;
  grouping?: CostGrouping;
  since?: string;
  /** True when this continues an interrupted sync. */
  resumed: boolean;
  /** Why this start (shown with --json and in the summary). */
  startReason: 'since' | 'resume' | 'incremental' | 'first-sync';
}

export function validSince(raw: string | undefined, today: string): string | undefined {
  if (raw === undefined) return undefined;
  const day = raw.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !isCalendarDate(day)) throw new UsageError(`--since must be a day as YYYY-MM-DD, not "${raw}".`);
  if (day >= today) throw new UsageError(`--since ${day} is not before today (${today}, UTC): the API's days are UTC days, and a day is read once it is over.`);
  return day;
}

export function planWindow(input: { state: SyncState; since?: string; firstDate?: string; now: Date }): Plan {
  const today = utcDay(input.now.getTime());
  const resume = input.state.resume ? Resume.safeParse(input.state.resume) : undefined;
  if (resume?.success && (input.since === undefined || resume.data.since === input.since)) {
    const r = resume.data;
    return { start: r.start, end: r.end, ...(r.page ? { page: r.page } : {}), ...(r.grouping ? { grouping: r.grouping } : {}), ...(r.since ? { since: r.since } : {}), resumed: true, startReason: 'resume' };
  }
  if (input.since) return { start: input.since, end: today, since: input.since, resumed: false, startReason: 'since' };
  if (input.state.syncedThrough) {
    const start = addDays(input.state.syncedThrough, -(LATE_DAYS - 1));
    // Never an empty window: a second run on the same day still re-reads the last two days.
    return { start: start < today ? start : addDays(today, -LATE_DAYS), end: today, resumed: false, startReason: 'incremental' };
  }
  const anchor = input.firstDate && input.firstDate < today ? input.firstDate : today;
  return { start: addDays(anchor, -LOOKBACK_DAYS), end: today, resumed: false, startReason: 'first-sync' };
}

/** The state stored with a page: done → the last day read is complete; else where to continue. */
export function stateAfterPage(plan: Plan, previous: SyncState, next: { page?: string; grouping?: CostGrouping }): SyncState {
  if (next.page === undefined) {
    const through = addDays(plan.end, -1);
    return { syncedThrough: previous.syncedThrough && previous.syncedThrough > through ? previous.syncedThrough : through };
  }
  const resume: Resume = { v: 1, start: plan.start, end: plan.end, page: next.page, ...(next.grouping ? { grouping: next.grouping } : {}), ...(plan.since ? { since: plan.since } : {}) };
  return { ...(previous.syncedThrough ? { syncedThrough: previous.syncedThrough } : {}), resume };
}

export const dayStartSeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;
export const windowDays = (plan: Plan) => daysBetween(plan.start, plan.end);
