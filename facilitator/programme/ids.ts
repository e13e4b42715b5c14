import { UsageError } from '../../src/core/errors.js';

/**
 * Names that become folder names under the facilitator's data folder. They are checked here, once,
 * so that no id can climb out of the data folder (`..`, slashes), collide on a case-insensitive disk
 * (macOS, Windows) or hit a name Windows reserves (`con`, `nul`, …).
 */
const PROGRAMME_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

export function validateProgrammeId(raw: string): string {
  const id = raw.trim();
  if (PROGRAMME_ID.test(id) && !WINDOWS_RESERVED.test(id)) return id;
  const suggestion = id
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 64);
  const hint = suggestion && PROGRAMME_ID.test(suggestion) && !WINDOWS_RESERVED.test(suggestion) ? ` For example: ${suggestion}` : '';
  throw new UsageError(
    `"${raw}" is not a usable programme id: use 1–64 lowercase letters, digits, "-" or "_", starting with a letter or digit.${hint}`,
  );
}

/** A session id is the session day, optionally followed by a label: `2026-12-03` or `2026-12-03-pm`. */
const SESSION_ID = /^(\d{4}-\d{2}-\d{2})(?:-([a-z0-9][a-z0-9-]{0,31}))?$/;

export interface SessionId {
  id: string;
  date: string;
  label?: string;
}

export function parseSessionId(raw: string): SessionId {
  const id = raw.trim();
  const match = SESSION_ID.exec(id);
  if (!match || !isCalendarDate(match[1]) || id.endsWith('-')) {
    throw new UsageError(
      `"${raw}" is not a session id: a programme's session is named after its day, YYYY-MM-DD, optionally followed by a lowercase label (for example 2026-12-03 or 2026-12-03-pm).`,
    );
  }
  return { id, date: match[1], ...(match[2] ? { label: match[2] } : {}) };
}

export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** `09:00`, `9:30`, `14:05` → minutes after midnight. */
export function parseStartTime(raw: string): { hours: number; minutes: number } {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(raw.trim());
  if (!match) throw new UsageError(`--starts "${raw}" is not a time of day: use HH:MM in 24-hour form, for example 09:00 or 13:30.`);
  return { hours: Number(match[1]), minutes: Number(match[2]) };
}

/** Emails are matched case-insensitively and without surrounding spaces everywhere in a programme. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

export function looksLikeEmail(text: string): boolean {
  return EMAIL.test(text.trim());
}
