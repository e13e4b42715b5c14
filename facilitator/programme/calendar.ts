/**
 * Calendar days in the programme's time zone. A programme happens in one place, so "the session day",
 * "on the day" and "the 28 days after" are counted in that place's days, whatever the time zone of the
 * machine that renders the report. Days are plain `YYYY-MM-DD` strings; arithmetic on them is done in
 * UTC, where every day has 24 hours.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

// Offsets only change on quarter-hour boundaries (daylight saving, also in 30/45-minute zones), so one
// Intl call per quarter hour is enough; reports fold tens of thousands of events through localDay.
const QUARTER_HOUR = 15 * 60_000;
const offsetCache = new Map<string, number>();

/** The calendar day, in `timeZone`, of an instant. */
export function localDay(instant: number | Date | string, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  const bucket = Math.floor(ms / QUARTER_HOUR);
  const cacheKey = `${timeZone}|${bucket}`;
  let offset = offsetCache.get(cacheKey);
  if (offset === undefined) {
    if (offsetCache.size > 50_000) offsetCache.clear();
    offset = offsetMs(bucket * QUARTER_HOUR, timeZone);
    offsetCache.set(cacheKey, offset);
  }
  return utcDay(ms + offset);
}

/** `2026-03-10 13:30` in `timeZone`: how people read a session's start. */
export function localDateTime(instant: number | Date | string, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  const c = wallClock(ms, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${c.year}-${two(c.month)}-${two(c.day)} ${two(c.hour)}:${two(c.minute)}`;
}

/** The UTC calendar day of an instant (the OpenAI usage API's daily buckets are UTC days). */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function offsetMs(ms: number, timeZone: string): number {
  const c = wallClock(ms, timeZone);
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows `day` `hours:minutes`. Two passes settle
 * days when the offset changes (daylight saving time); a wall time skipped by a spring-forward
 * resolves to the instant just after the gap, as people expect from "the 02:30 that never happened".
 */
export function zonedInstant(day: string, hours: number, minutes: number, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, hours, minutes);
  let instant = wall - offsetMs(wall, timeZone);
  const second = wall - offsetMs(instant, timeZone);
  if (second !== instant) instant = Math.max(instant, second);
  return new Date(instant);
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = from.split('-').map(Number);
  const [y2, m2, d2] = to.split('-').map(Number);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}
