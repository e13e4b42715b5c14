import { isCalendarDate } from '../programme/ids.js';
import type { UsageDay, UsageSource } from '../programme/store.js';
import { ConstraintViolation, type Sql } from './engine.js';

/**
 * How usage is stored (migration 2): one row per source (an API key id, a key hint or an email) per
 * programme, holding its days as {"2026-03-01": [requests, input tokens, output tokens], ...}. A year
 * of 2,000 keys is then 2,000 rows, not 730,000: importing and reading it back went from over a
 * minute and over 20 seconds to a few seconds on the embedded engine (bench/store.bench.mjs). The
 * first layout stays readable as the view `usage_days`; everything that writes usage comes here.
 */

type DayValue = [number, number | null, number | null];

/**
 * What is wrong with one stored day, if anything: the rules the first layout's columns and checks
 * enforced (a calendar day, whole requests >= 0, token counts empty or whole and >= 0). The views cast
 * the day to a date, so a bad one would break them.
 */
export function usageDayProblem(day: string, value: unknown): string | undefined {
  if (!isDay(day)) return `"${day.slice(0, 20)}" is not a calendar day (YYYY-MM-DD)`;
  if (!Array.isArray(value) || value.length !== 3) return 'its value is not [requests, input tokens, output tokens]';
  const [requests, input, output] = value as unknown[];
  if (!isCount(requests)) return `requests ${String(requests).slice(0, 20)} is not a whole number of 0 or more`;
  if ((input !== null && !isCount(input)) || (output !== null && !isCount(output))) return 'a token count is not a whole number of 0 or more';
  return undefined;
}

/** A stored series' days ({"2026-03-01": [...], ...}): the first problem, if any (a backup's row on restore). */
export function usageSeriesProblem(days: unknown): string | undefined {
  if (!days || typeof days !== 'object' || Array.isArray(days)) return 'days is not an object of days';
  for (const [day, value] of Object.entries(days)) {
    const problem = usageDayProblem(day, value);
    if (problem) return `${day.slice(0, 20)}: ${problem}`;
  }
  return undefined;
}

const isCount = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
// A year of usage repeats the same 365 days for every key: each is checked once.
const checkedDays = new Map<string, boolean>();
function isDay(day: string): boolean {
  let ok = checkedDays.get(day);
  if (ok === undefined) {
    ok = /^\d{4}-\d{2}-\d{2}$/.test(day) && isCalendarDate(day);
    if (checkedDays.size < 10_000) checkedDays.set(day, ok);
  }
  return ok;
}

/**
 * Adds days inside the caller's transaction: a (source, day) already stored is replaced. A day that
 * breaks the rules is refused as a ConstraintViolation before anything is written.
 */
export async function writeUsageDays(tx: Sql, programmeId: string, days: UsageDay[]): Promise<void> {
  type Series = { k: UsageSource['kind']; v: string; days: Record<string, DayValue> };
  const bySource = new Map<string, Series>();
  for (const d of days) {
    const value: DayValue = [d.requests, d.inputTokens ?? null, d.outputTokens ?? null];
    const problem = usageDayProblem(d.day, value);
    if (problem) {
      throw new ConstraintViolation(`The database refused the change: usage of ${d.source.kind} ${d.source.value.slice(0, 80)} on ${d.day.slice(0, 20)}: ${problem}. Nothing was changed.`, 'usage_series_days_valid');
    }
    const key = `${d.source.kind}:${d.source.value}`;
    let entry = bySource.get(key);
    if (!entry) bySource.set(key, (entry = { k: d.source.kind, v: d.source.value, days: {} }));
    entry.days[d.day] = value;
  }
  // Statements of about 50,000 days (a few MB of JSON): few round trips, and a bounded statement for
  // the embedded engine's 32-bit WebAssembly memory.
  const batches: Series[][] = [[]];
  let size = 0;
  for (const entry of bySource.values()) {
    const n = Object.keys(entry.days).length;
    if (size > 0 && size + n > 50_000) {
      batches.push([]);
      size = 0;
    }
    batches[batches.length - 1].push(entry);
    size += n;
  }
  for (const batch of batches) {
    if (batch.length === 0) continue;
    // jsonb || keeps the right side's value for a day both have: the import's.
    await tx.query(
      `insert into usage_series (programme_id, source_kind, source_value, days)
       select $1, x.k, x.v, x.days from jsonb_to_recordset($2::jsonb) as x(k text, v text, days jsonb)
       on conflict (programme_id, source_kind, source_value) do update set days = usage_series.days || excluded.days`,
      [programmeId, JSON.stringify(batch)],
    );
  }
}

/** Removes a programme's usage days (a programme moved in again with --replace). */
export async function deleteUsageDays(tx: Sql, programmeId: string): Promise<void> {
  await tx.query('delete from usage_series where programme_id = $1', [programmeId]);
}

/** A programme's usage days in the folder format's order: by day, then source as JavaScript compares. */
export async function readUsageDays(sql: Sql, programmeId: string): Promise<UsageDay[]> {
  // One row per source, in source order; its days are read as text and parsed here (quicker than
  // the drivers' own jsonb parsing of a year of days per source).
  const series = await sql.query<{ source_kind: UsageSource['kind']; source_value: string; days: string }>(
    `select source_kind, source_value, days::text as days from usage_series where programme_id = $1 order by source_kind || ':' || source_value collate "C"`,
    [programmeId],
  );
  // The order the folder format keeps (day, then source, compared as JavaScript does). Sources come
  // sorted by their UTF-8 bytes ("C"), which is JavaScript's order unless a value has characters past
  // U+FFFF: then they are sorted here. Each day's list is filled in source order, so only the days
  // need sorting. A year of 2,000 keys is 730,000 rows: built with as little garbage as possible.
  const ids = series.map((r) => `${r.source_kind}:${r.source_value}`);
  const order = series.map((_, i) => i);
  if (ids.some((id, i) => i > 0 && ids[i - 1] > id)) order.sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  const byDay = new Map<string, UsageDay[]>();
  for (const index of order) {
    const row = series[index];
    const source = { kind: row.source_kind, value: row.source_value } as UsageSource;
    const days = JSON.parse(row.days) as Record<string, [number, number | null, number | null]>;
    for (const day in days) {
      const [requests, input, output] = days[day];
      let list = byDay.get(day);
      if (!list) byDay.set(day, (list = []));
      if (input !== null && output !== null) list.push({ source, day, requests, inputTokens: input, outputTokens: output });
      else list.push({ source, day, requests, ...(input !== null ? { inputTokens: input } : {}), ...(output !== null ? { outputTokens: output } : {}) });
    }
  }
  const usageDays: UsageDay[] = [];
  for (const day of [...byDay.keys()].sort()) for (const d of byDay.get(day)!) usageDays.push(d);
  return usageDays;
}
