import path from 'node:path';
import { UsageError } from '../../src/core/errors.js';

/**
 * Where a session's files live. The ONE function that knows the layout, so that the hub, the report
 * and the programme features (issue 6) always agree:
 *
 *   <data>/sessions/<session id>/                             a stand-alone session
 *   <data>/programmes/<programme id>/sessions/<session id>/   a date of a programme
 */
export function sessionDir(dataDir: string, sessionId: string, programmeId?: string): string {
  const session = checkFolderId(sessionId, 'session');
  if (programmeId === undefined) return path.join(dataDir, 'sessions', session);
  return path.join(dataDir, 'programmes', checkFolderId(programmeId, 'programme'), 'sessions', session);
}

/** Where every session of a programme (or every stand-alone session) lives; for listing. */
export function sessionsRoot(dataDir: string, programmeId?: string): string {
  if (programmeId === undefined) return path.join(dataDir, 'sessions');
  return path.join(dataDir, 'programmes', checkFolderId(programmeId, 'programme'), 'sessions');
}

// Ids become folder names on every OS: letters, digits, dot, dash and underscore only, no leading dot
// (no `..`, no hidden folders), and none of the names Windows reserves.
const FOLDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

export function isValidFolderId(id: string): boolean {
  return FOLDER_ID.test(id) && !WINDOWS_RESERVED.test(id) && !id.endsWith('.');
}

export function checkFolderId(id: string, what: 'session' | 'programme'): string {
  if (!isValidFolderId(id)) {
    throw new UsageError(
      `The ${what} id "${id}" can't be used as a folder name: use 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit (for example 2026-12-03 or sales-kickoff).`,
    );
  }
  return id;
}

/** The default session id: today's date in local time, so `workshop host` twice on one day resumes. */
export function todaysSessionId(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
