/**
 * Finding dates in the text people (and AI) write in action lists, meeting notes and reports:
 * - ISO and year-first: 2024-06-14, 2024/6/14, 2024.06.14;
 * - numeric with a year: 6/14/2024 (US), 14/06/2024 and 14.06.2024 (European), 14-06-24;
 * - numeric without a year: 6/14, 14/6, 6/14(金), 14.6.;
 * - written: 14 June, 14th of June, Fri 14 June, June 14th, Jun. 14, 2024, the 14th, the fourteenth;
 * - Japanese: 6月14日, 2024年6月14日, 6月14日(金), 14日;
 * - relative to a reference date (the meeting date): Friday, Fri, 金曜, (金), this/next Friday,
 *   next week Wednesday, 来週水曜, today, tomorrow, 明日, end of June, 6月末, 月末.
 *
 * Times and timestamps ("10:30", "[00:12:31]") are not dates. A numeric form that can be read both ways
 * (06/07) gives both readings (7 June and 6 July); a caller asking "is the 14th of June here?" accepts
 * any reading. A weekday written next to a date ("Fri 14 June", "6/14(金)") is part of that date, not a
 * second one. The caller passes NFKC text (full-width digits folded) when it needs the positions.
 */
export interface DateReading {
  /** Undefined when the text gives no year and no reference date was given. */
  year?: number;
  month: number;
  day: number;
}

export interface FoundDate {
  start: number;
  end: number;
  text: string;
  readings: DateReading[];
}

export interface DateOptions {
  /** The date relative words are read against ("Friday" is the first Friday after it), as YYYY-MM-DD. */
  reference?: string;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
/** Monday = 1 … Sunday = 7 (ISO). */
const WEEKDAYS: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
const WEEKDAY = '(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\\.?';
const JA_WEEKDAYS: Record<string, number> = { 月: 1, 火: 2, 水: 3, 木: 4, 金: 5, 土: 6, 日: 7 };

const ORDINAL_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};
const ORDINAL_WORD = '(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|twenty[\\s-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirty[\\s-]?first)';

function ordinalWordValue(word: string): number {
  const lower = word.toLowerCase().replace(/[\s-]+/g, '');
  if (lower.startsWith('twenty') && lower !== 'twentieth') return 20 + ORDINAL_WORDS[lower.slice(6)];
  if (lower.startsWith('thirty')) return 31;
  return ORDINAL_WORDS[lower];
}

function daysInMonth(year: number | undefined, month: number): number {
  return new Date(Date.UTC(year ?? 2024, month, 0)).getUTCDate();
}

function valid(reading: DateReading): boolean {
  return reading.month >= 1 && reading.month <= 12 && reading.day >= 1 && reading.day <= daysInMonth(reading.year, reading.month);
}

function fullYear(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  return text.length === 2 ? 2000 + value : value;
}

interface Reference {
  year: number;
  month: number;
  day: number;
  /** ISO weekday of the reference date. */
  weekday: number;
}

function parseReference(iso: string | undefined): Reference | undefined {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  if (!match) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday: ((date.getUTCDay() + 6) % 7) + 1 };
}

function addDays(ref: Reference, days: number): DateReading {
  const date = new Date(Date.UTC(ref.year, ref.month - 1, ref.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The last day of a month and, when that is a weekend, the last working day before it ("end of June"). */
function monthEnd(year: number | undefined, month: number): DateReading[] {
  const last = daysInMonth(year, month);
  const readings: DateReading[] = [{ year, month, day: last }];
  if (year !== undefined) {
    const weekday = new Date(Date.UTC(year, month - 1, last)).getUTCDay();
    const back = weekday === 0 ? 2 : weekday === 6 ? 1 : 0;
    if (back > 0) readings.push({ year, month, day: last - back });
  }
  return readings;
}

/** A day of the month with no month given ("the 20th", "20日"): the reference month, or the next one if that day is past. */
function dayOnly(day: number, ref: Reference | undefined): DateReading[] {
  if (!ref) return [];
  const readings: DateReading[] = [];
  if (day >= ref.day) readings.push({ year: ref.year, month: ref.month, day });
  else {
    const next = ref.month === 12 ? { year: ref.year + 1, month: 1 } : { year: ref.year, month: ref.month + 1 };
    readings.push({ ...next, day });
  }
  return readings.filter(valid);
}

/**
 * A weekday relative to the reference: `week` 0 is "Friday" / "this Friday" (the first one after the
 * reference), 1 is "next week Friday" / 来週金曜 (in the calendar week after the reference's),
 * 'next' is "next Friday", which people use for both.
 */
function weekdayReadings(weekday: number, week: 0 | 1 | 2 | 'next', ref: Reference | undefined): DateReading[] {
  if (!ref) return [];
  const ahead = (weekday - ref.weekday + 7) % 7 || 7;
  const inWeek = (n: number) => addDays(ref, 7 * n - (ref.weekday - 1) + (weekday - 1));
  if (week === 0) return [addDays(ref, ahead)];
  if (week === 'next') return [addDays(ref, ahead), inWeek(1)];
  return [inWeek(week)];
}

interface Pattern {
  regex: RegExp;
  read: (match: RegExpExecArray, ref: Reference | undefined) => DateReading[];
}

const DEFAULT_YEAR = (ref: Reference | undefined) => ref?.year;

/** Most specific first: a later pattern never takes text an earlier one took. */
const PATTERNS: Pattern[] = [
  // 2024-06-14, 2024/6/14, 2024.06.14, 2024年6月14日
  {
    regex: /(?<![\d.])(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?:\s*日)?(?![\d])/g,
    read: (m) => [{ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }],
  },
  // 6/14/2024 (US) or 14/06/2024, 14.06.2024, 14-06-24 (European): both readings.
  {
    regex: /(?<![\d/.-])(?<!\d:)(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/:]|\.\d)/g,
    read: (m) => {
      const year = fullYear(m[4]);
      return [
        { year, month: Number(m[1]), day: Number(m[3]) },
        { year, month: Number(m[3]), day: Number(m[1]) },
      ];
    },
  },
  // 6月14日, 6 月 14 日
  { regex: /(\d{1,2})\s*月\s*(\d{1,2})\s*日/g, read: (m, ref) => [{ year: DEFAULT_YEAR(ref), month: Number(m[1]), day: Number(m[2]) }] },
  // 6月末, end of June, end of the month, 月末
  { regex: /(\d{1,2})\s*月\s*末/g, read: (m, ref) => monthEnd(DEFAULT_YEAR(ref), Number(m[1])) },
  {
    regex: new RegExp(`\\bend\\s+of\\s+(?:the\\s+)?(?:${MONTH}|(month))(?![a-z])`, 'gi'),
    read: (m, ref) => (m[1] ? monthEnd(DEFAULT_YEAR(ref), MONTHS[m[1].slice(0, 3).toLowerCase()]) : ref ? monthEnd(ref.year, ref.month) : []),
  },
  { regex: /(?:今月)?月末/g, read: (_m, ref) => (ref ? monthEnd(ref.year, ref.month) : []) },
  // 14 June, 14th June, 14th of June, 14-Jun-2024, 14 June 2024
  {
    regex: new RegExp(`(?<![\\d.,])(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?[\\s-]*${MONTH}(?![a-z])(?:[\\s,-]*(\\d{4})(?!\\d))?`, 'gi'),
    read: (m, ref) => [{ year: m[3] ? Number(m[3]) : DEFAULT_YEAR(ref), month: MONTHS[m[2].slice(0, 3).toLowerCase()], day: Number(m[1]) }],
  },
  // June 14, June 14th, Jun. 14, 2024, June the 14th
  {
    regex: new RegExp(`\\b${MONTH}\\s*(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?(?![\\d:])(?:,?\\s*(\\d{4})(?!\\d))?`, 'gi'),
    read: (m, ref) => [{ year: m[3] ? Number(m[3]) : DEFAULT_YEAR(ref), month: MONTHS[m[1].slice(0, 3).toLowerCase()], day: Number(m[2]) }],
  },
  // the fourteenth of June / June the twenty-first
  {
    regex: new RegExp(`\\b(?:the\\s+)?${ORDINAL_WORD}\\s+of\\s+${MONTH}(?![a-z])`, 'gi'),
    read: (m, ref) => [{ year: DEFAULT_YEAR(ref), month: MONTHS[m[2].slice(0, 3).toLowerCase()], day: ordinalWordValue(m[1]) }],
  },
  // 14.6. (European, no year)
  {
    regex: /(?<![\d.])(?<!\d:)(\d{1,2})\.(\d{1,2})\.(?!\d)/g,
    read: (m, ref) => [{ year: DEFAULT_YEAR(ref), month: Number(m[2]), day: Number(m[1]) }],
  },
  // 6/14, 14/6, 6/14(金): both readings.
  {
    regex: /(?<![\d/.-])(?<!\d:)(\d{1,2})\/(\d{1,2})(?![\d/:]|\.\d)/g,
    read: (m, ref) => [
      { year: DEFAULT_YEAR(ref), month: Number(m[1]), day: Number(m[2]) },
      { year: DEFAULT_YEAR(ref), month: Number(m[2]), day: Number(m[1]) },
    ],
  },
  // the 20th, the twentieth; 20日 (not 10日間, 3日前)
  { regex: /(?<![\w.,/-])(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b/gi, read: (m, ref) => dayOnly(Number(m[1]), ref) },
  { regex: new RegExp(`\\bthe\\s+${ORDINAL_WORD}\\b`, 'gi'), read: (m, ref) => dayOnly(ordinalWordValue(m[1]), ref) },
  { regex: /(?<![\d月年])(\d{1,2})\s*日(?![間目前後以])/g, read: (m, ref) => dayOnly(Number(m[1]), ref) },
  // end of this week / next week, 今週中, 来週末: the Friday of that week
  {
    regex: /\bend\s+of\s+(this|next)\s+week\b|(今週|来週)(?:中|末)/gi,
    read: (m, ref) => weekdayReadings(5, /next|来週/i.test(m[0]) ? 1 : 0, ref),
  },
  // today, tomorrow
  { regex: /\b(today|tomorrow)\b|(本日|今日|明日)/gi, read: (m, ref) => (ref ? [addDays(ref, /tomorrow|明日/i.test(m[0]) ? 1 : 0)] : []) },
  // next week Wednesday, Wednesday next week, this Friday, next Friday, Friday
  {
    regex: new RegExp(`\\b(?:(this|next)\\s+(week\\s+)?)?${WEEKDAY}(?![a-z])(\\s+(?:of\\s+)?next\\s+week\\b)?`, 'gi'),
    read: (m, ref) => {
      const weekday = WEEKDAYS[m[3].slice(0, 3).toLowerCase()];
      const nextWeek = Boolean(m[2]) || Boolean(m[4]);
      return weekdayReadings(weekday, nextWeek ? 1 : m[1]?.toLowerCase() === 'next' ? 'next' : 0, ref);
    },
  },
  // 来週水曜, 今週の金曜日, 金曜, (金)
  {
    regex: /(今週|来週|再来週)?(?:の)?\s*([月火水木金土日])曜(?:日)?|[(]([月火水木金土日])[)]/g,
    read: (m, ref) => {
      const weekday = JA_WEEKDAYS[m[2] ?? m[3]];
      const week = m[1] === '来週' ? 1 : m[1] === '再来週' ? 2 : 0;
      return weekdayReadings(weekday, week, ref);
    },
  },
];

/** Patterns for a weekday only: dropped when they stand next to a date ("Fri 14 June", "6/14(金)"). */
const WEEKDAY_PATTERNS = new Set([PATTERNS[PATTERNS.length - 1], PATTERNS[PATTERNS.length - 2]]);

/** What may stand between a date and its weekday: spaces, commas, brackets. */
const BESIDE = /^[\s,、(（)）]*$/;

export function findDates(text: string, options: DateOptions = {}): FoundDate[] {
  const source = text.normalize('NFKC');
  const ref = parseReference(options.reference);
  const found: FoundDate[] = [];
  const taken: Array<[number, number]> = [];
  const overlaps = (start: number, end: number) => taken.some(([a, b]) => start < b && end > a);

  for (const pattern of PATTERNS) {
    pattern.regex.lastIndex = 0;
    for (const match of source.matchAll(pattern.regex)) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (overlaps(start, end)) continue;
      if (WEEKDAY_PATTERNS.has(pattern) && found.some((date) => besideEachOther(source, { start, end }, date))) continue;
      const readings = dedupe(pattern.read(match as RegExpExecArray, ref).filter(valid));
      if (readings.length === 0) continue;
      taken.push([start, end]);
      found.push({ start, end, text: match[0], readings });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function besideEachOther(source: string, a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  if (a.end <= b.start) return BESIDE.test(source.slice(a.end, b.start));
  if (b.end <= a.start) return BESIDE.test(source.slice(b.end, a.start));
  return true;
}

function dedupe(readings: DateReading[]): DateReading[] {
  const seen = new Set<string>();
  return readings.filter((reading) => {
    const key = `${reading.year}-${reading.month}-${reading.day}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** True when the reading is that ISO date (a reading without a year matches any year). */
export function readingIs(reading: DateReading, iso: string): boolean {
  const [year, month, day] = iso.split('-').map(Number);
  return reading.month === month && reading.day === day && (reading.year === undefined || reading.year === year);
}

export function dateIs(date: FoundDate, iso: string): boolean {
  return date.readings.some((reading) => readingIs(reading, iso));
}
