import { daysBetween } from './calendar.js';

/**
 * Who kept using Codex after the workshop (pure). Each person's window starts on their anchor day:
 * the day of their first attended session, or, for someone who attended none, their first day of
 * recorded use. The window length and the "regular" threshold are programme settings; the words
 * below are printed in every report so that nobody has to guess what a number means.
 */
export interface SegmentSettings {
  windowDays: number;
  regularMinWeeks: number;
}

export type Segment = 'notStarted' | 'triedOnly' | 'continued';
export const SEGMENT_NAMES = ['notStarted', 'triedOnly', 'continued', 'regular'] as const;
export type SegmentName = (typeof SEGMENT_NAMES)[number];

export interface PersonSegment {
  segment: Segment;
  /** A subset of continued: active in at least regularMinWeeks of the window's weeks. */
  regular: boolean;
  anchorDay?: string;
  /** Whether they used Codex on the anchor day itself (the session day). */
  usedOnAnchorDay: boolean;
  /** One flag per week of the window: used on some day of days 1–7, 8–14, … after the anchor day. */
  weeksActive: boolean[];
  /** The window has not ended yet on `today`: "continued" may still become true. */
  windowOpen: boolean;
}

export function segmentPerson(useDays: Iterable<string>, attendedDay: string | undefined, settings: SegmentSettings, today: string): PersonSegment {
  const days = [...useDays].sort();
  const weeks = settings.windowDays / 7;
  const weeksActive = new Array<boolean>(weeks).fill(false);
  const anchorDay = attendedDay ?? days[0];
  if (days.length === 0 || !anchorDay) {
    return { segment: 'notStarted', regular: false, ...(anchorDay ? { anchorDay } : {}), usedOnAnchorDay: false, weeksActive, windowOpen: anchorDay ? daysBetween(anchorDay, today) < settings.windowDays : false };
  }
  let usedOnAnchorDay = false;
  for (const day of days) {
    const after = daysBetween(anchorDay, day);
    if (after === 0) usedOnAnchorDay = true;
    if (after >= 1 && after <= settings.windowDays) weeksActive[Math.floor((after - 1) / 7)] = true;
  }
  const activeWeeks = weeksActive.filter(Boolean).length;
  const continued = activeWeeks > 0;
  return {
    segment: continued ? 'continued' : 'triedOnly',
    regular: continued && activeWeeks >= settings.regularMinWeeks,
    anchorDay,
    usedOnAnchorDay,
    weeksActive,
    windowOpen: daysBetween(anchorDay, today) < settings.windowDays,
  };
}

export function segmentDefinitions(settings: SegmentSettings): Record<SegmentName, string> {
  const weeks = settings.windowDays / 7;
  return {
    notStarted: 'no Codex use recorded at all (usage import, pulse reports and in-session Codex evidence).',
    triedOnly: `used Codex, but on no day in the ${settings.windowDays} days after their session day.`,
    continued: `used Codex on at least one day in the ${settings.windowDays} days after their session day.`,
    regular: `a subset of continued: used Codex in at least ${settings.regularMinWeeks} of the ${weeks} weeks after their session day.`,
  };
}

export const WINDOW_NOTE =
  "Each person's window starts on the day of the first session they attended (for someone who attended none, their first day of recorded use). Use comes from the organisation's usage import (requests per API key or email per day; daily buckets are UTC days), participants' `workshop pulse` reports (Codex sessions per day, counted on their laptop with consent) and Codex evidence in graded exercises.";
