import { UsageError } from '../../src/core/errors.js';
import { localDay, zonedInstant } from './calendar.js';
import { parseSessionId, parseStartTime } from './ids.js';
import { DEFAULT_START } from './load.js';
import { type Programme, type ProgrammeSession, loadProgramme, saveProgramme } from './store.js';

/**
 * What `workshop host --programme ID --session DATE [--starts HH:MM]` needs before the hub starts:
 * the programme must exist, the session id must be a day (`2026-12-03`, `2026-12-03-pm`), and its
 * start time becomes an instant in the programme's time zone. The date is registered in
 * programme.json, so that a restart without --starts keeps the start given the first time.
 */
export interface ProgrammeHostInput {
  dataDir: string;
  programmeId: string;
  session?: string;
  starts?: string;
  title?: string;
  now?: Date;
}

export interface ProgrammeHostSession {
  programme: Programme;
  sessionId: string;
  startsAt: string;
  /** Only set when the hub should (re)name the session: a --title, or the default on first start. */
  title?: string;
  registered: ProgrammeSession;
}

export async function prepareProgrammeSession(input: ProgrammeHostInput): Promise<ProgrammeHostSession> {
  const planned = planProgrammeSession(await loadProgramme(input.dataDir, input.programmeId), input);
  await saveProgramme(input.dataDir, planned.programme);
  return planned;
}

/**
 * The date's id, start and title, and the programme with the date registered in its plan: pure, so a
 * laptop (programme.json) and the programme server (the store, under the programme's row lock) plan
 * a date the same way.
 */
export function planProgrammeSession(programme: Programme, input: Omit<ProgrammeHostInput, 'dataDir' | 'programmeId'>): ProgrammeHostSession {
  const now = input.now ?? new Date();
  const { id, date, label } = parseSessionId(input.session ?? localDay(now, programme.timeZone));
  const known = programme.sessions.find((s) => s.id === id);
  let startsAt: string;
  if (input.starts !== undefined) {
    const { hours, minutes } = parseStartTime(input.starts);
    startsAt = zonedInstant(date, hours, minutes, programme.timeZone).toISOString();
  } else {
    startsAt = known?.startsAt ?? zonedInstant(date, DEFAULT_START.hours, DEFAULT_START.minutes, programme.timeZone).toISOString();
  }
  const title = input.title?.trim() || known?.title || `${programme.title} — ${date}${label ? ` (${label})` : ''}`;
  if (title.length > 200) throw new UsageError('--title is longer than 200 characters.');
  const registered: ProgrammeSession = { id, date, startsAt, title };
  const sessions = [...programme.sessions.filter((s) => s.id !== id), registered].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
  const updated = { ...programme, sessions };
  return { programme: updated, sessionId: id, startsAt, ...(input.title || !known ? { title } : {}), registered };
}
