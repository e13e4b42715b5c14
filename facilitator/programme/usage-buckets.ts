import { localDay, utcDay } from './calendar.js';

/**
 * The day a usage API bucket counts on, shared by `usage import` (exported pages) and `usage sync`
 * (pages fetched from the Admin API), so both place the same bucket on the same day.
 * Daily buckets are UTC days in the API; shorter (hourly, minute) buckets are placed on the
 * programme's local day.
 */
export function bucketDay(bucket: { start_time: number; end_time?: number }, timeZone: string): string {
  const width = bucket.end_time !== undefined ? bucket.end_time - bucket.start_time : 86_400;
  return width >= 86_400 ? utcDay(bucket.start_time * 1000) : localDay(bucket.start_time * 1000, timeZone);
}
