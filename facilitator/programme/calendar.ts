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

// Offsets change only on quarter-hour boundaries (daylight saving, also in 30/45-minute zones) and
// every offset is a whole number of quarter hours, so local midnight falls on such a boundary: the
// local day is the same for a whole quarter hour. One Intl call per quarter hour is enough; reports
// fold tens of thousands of events through localDay.
const QUARTER_HOUR = 15 * 60_000;
const dayCache = new Map<string, Map<number, string>>();

/** The calendar day, in `timeZone`, of an instant. */
export function localDay(instant: number | Date | string, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let days = dayCache.get(timeZone);
  if (!days) dayCache.set(timeZone, (days = new Map()));
  let day = days.get(bucket);
  if (day === undefined) {
    if (days.size > 50_000) days.clear();
    day = utcDay(bucket * QUARTER_HOUR + offsetMs(bucket * QUARTER_HOUR, timeZone));
    days.set(bucket, day);
  }
  return day;
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

// Day arithmetic runs for every pulse day and every use day of every person: `YYYY-MM-DD` strings and
// day numbers (days since 1970-01-01) are converted once each and remembered.
const dayNumbers = new Map<string, number>();
const dayStrings = new Map<number, string>();

function dayNumber(day: string): number {
  let n = dayNumbers.get(day);
  if (n === undefined) {
    const [y, m, d] = day.split('-').map(Number);
    n = Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
    if (dayNumbers.size > 100_000) dayNumbers.clear();
    dayNumbers.set(day, n);
  }
  return n;
}

function dayString(n: number): string {
  let day = dayStrings.get(n);
  if (day === undefined) {
    day = new Date(n * 86_400_000).toISOString().slice(0, 10);
    if (dayStrings.size > 100_000) dayStrings.clear();
    dayStrings.set(n, day);
  }
  return day;
}

export function addDays(day: string, days: number): string {
  return dayString(dayNumber(day) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * Issue 11: a local ISO time with its offset, `2026-12-03T10:15:00+09:00`: what reports and CSV files
 * show, so a Tokyo session reads in Tokyo time and a spreadsheet still knows the instant.
 */
export function localIsoTime(instant: number | Date | string, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  const c = wallClock(ms, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  const offset = Math.round(offsetMs(ms, timeZone) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${c.year}-${two(c.month)}-${two(c.day)}T${two(c.hour === 24 ? 0 : c.hour)}:${two(c.minute)}:${two(c.second)}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/** Minutes since local midnight in `timeZone` (for a timetable of HH:MM entries). */
export function localMinuteOfDay(instant: number, timeZone: string): number {
  const c = wallClock(instant, timeZone);
  return (c.hour % 24) * 60 + c.minute;
}
