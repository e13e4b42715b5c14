import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Quest } from '../../src/protocol/quests.js';
import type { Skill } from '../../src/protocol/skills.js';
import { shippedPackDir } from '../../src/core/paths.js';
import { listSessions, readSession } from '../hub/session-reader.js';
import { zonedInstant } from './calendar.js';
import { parseSessionId } from './ids.js';
import type { HubSessionData } from './people.js';
import { type ProgrammeReport, buildProgrammeReport } from './report-data.js';
import type { CostDay } from '../store/cost-series.js';
import { type Programme, type ProgrammeSession, type Roster, type UsageData, loadCosts, loadProgramme, loadRoster, loadUsage } from './store.js';
import { keyOwners, matchUsage } from './usage-import.js';

/**
 * The I/O edge of the programme report: reads the programme's files, every date's hub session
 * (through the hub's read API, safe while a hub is running) and the exercise pack, then hands plain
 * data to the pure report builder.
 */

export const DEFAULT_START = { hours: 9, minutes: 0 };

/** A date's default start: 09:00 in the programme's time zone (when neither --starts nor programme.json says). */
export function defaultStartsAt(programme: Programme, date: string): string {
  return zonedInstant(date, DEFAULT_START.hours, DEFAULT_START.minutes, programme.timeZone).toISOString();
}

export interface LoadedHub {
  sessions: ProgrammeSession[];
  hub: HubSessionData[];
  warnings: string[];
}

export async function loadProgrammeSessions(dataDir: string, programme: Programme): Promise<LoadedHub> {
  const found: FoundSession[] = [];
  for (const listed of await listSessions(dataDir, programme.id)) {
    const data = await readSession(listed.dir);
    found.push({
      id: listed.id,
      meta: listed.meta,
      participants: data.participants.map((p) => ({ id: p.id, email: p.email, name: p.name, team: p.team, joinedAt: p.joinedAt })),
      records: data.events.map((e) => ({ participantId: e.participantId, receivedAt: e.receivedAt, event: e.event })),
      warnings: data.warnings,
    });
  }
  return mergeProgrammeSessions(programme, found);
}

const PackIds = z.object({ exercises: z.array(z.string().min(1)).min(1) }).passthrough();
const ExerciseId = z.object({ id: z.string().min(1) }).passthrough();

/**
 * The pack's exercise ids in play order, for "finished" (every exercise passed) and the "own task"
 * exercise. Only ids are needed, so this reads pack.json and each exercise.json's id and nothing else.
 */
export async function readPackExerciseIds(packDir: string): Promise<{ ids: string[]; warning?: string }> {
  let manifest: z.infer<typeof PackIds>;
  try {
    manifest = PackIds.parse(JSON.parse((await fs.readFile(path.join(packDir, 'pack.json'), 'utf8')).replace(/^\uFEFF/, '')));
  } catch {
    return { ids: [], warning: `Could not read the exercise list from ${path.join(packDir, 'pack.json')}: "finished" counts only participants whose CLI reported finishing the pack.` };
  }
  const ids: string[] = [];
  for (const folder of manifest.exercises) {
    try {
      ids.push(ExerciseId.parse(JSON.parse(await fs.readFile(path.join(packDir, folder, 'exercise.json'), 'utf8'))).id);
    } catch {
      ids.push(folder);
    }
  }
  return { ids };
}

export function defaultOwnTaskExercise(programme: Programme, packIds: string[]): string | undefined {
  return programme.settings.ownTaskExercise ?? packIds.find((id) => /own[-_]?task/i.test(id));
}

/** One date's hub as the report reads it, from a session folder or from the store. */
export interface FoundSession {
  id: string;
  meta: { startsAt?: string; title: string };
  participants: HubSessionData['participants'];
  records: HubSessionData['records'];
  warnings: string[];
}

/** Dates planned in programme.json and dates with a hub, merged the same way for every source. */
export function mergeProgrammeSessions(programme: Programme, found: FoundSession[]): LoadedHub {
  const warnings: string[] = [];
  const planned = new Map(programme.sessions.map((s) => [s.id, s]));
  const sessions = new Map<string, ProgrammeSession>(planned);
  const hub: HubSessionData[] = [];
  for (const session of found) {
    let date: string;
    try {
      date = parseSessionId(session.id).date;
    } catch {
      warnings.push(`Skipped the session folder "${session.id}" of this programme: its name is not a session day (YYYY-MM-DD[-label]).`);
      continue;
    }
    // programme.json holds the latest --starts (a restart may correct it); session.json keeps the first.
    const startsAt = planned.get(session.id)?.startsAt ?? session.meta.startsAt ?? defaultStartsAt(programme, date);
    sessions.set(session.id, { id: session.id, date, startsAt, title: planned.get(session.id)?.title ?? session.meta.title });
    for (const warning of session.warnings) warnings.push(`Session ${session.id}: ${warning}`);
    hub.push({ id: session.id, participants: session.participants, records: session.records });
  }
  return { sessions: [...sessions.values()], hub, warnings };
}

export interface ReportInputs {
  programme: Programme;
  roster: Roster;
  usage: UsageData;
  /** Spend (issue 16): costs.json, or the store's cost series. */
  costs?: readonly CostDay[];
  loaded: LoadedHub;
  packDir?: string;
  now?: Date;
  /** The programme's quests (from the store only: the folders hold none). */
  quests?: readonly Quest[];
  /** The programme's approved skills (from the store only). */
  skills?: readonly Skill[];
}

/** The pure part shared by every source: pack ids, usage matching, then the report builder. */
export async function buildReportFromInputs(inputs: ReportInputs): Promise<{ report: ProgrammeReport; warnings: string[] }> {
  const { programme, roster, usage, loaded } = inputs;
  const pack = await readPackExerciseIds(inputs.packDir ?? shippedPackDir());
  const warnings = [...loaded.warnings];
  if (pack.warning) warnings.push(pack.warning);
  if (roster.people.length === 0) warnings.push(`The programme has no roster yet, so the funnel is empty: import one with \`workshop roster import FILE --programme ${programme.id}\`.`);
  const matched = matchUsage(usage, roster);
  const report = buildProgrammeReport({
    programme,
    sessions: loaded.sessions,
    roster,
    hub: loaded.hub,
    usageByEmail: matched.byPerson,
    unmatchedUsage: matched.unmatched,
    tokensByEmail: matched.tokensByPerson,
    costs: inputs.costs ?? [],
    keyOwners: keyOwners(roster),
    ...usageThrough(usage),
    packExercises: pack.ids,
    ownTaskExercise: defaultOwnTaskExercise(programme, pack.ids),
    ...(inputs.quests ? { quests: inputs.quests } : {}),
    ...(inputs.skills ? { skills: inputs.skills } : {}),
    now: inputs.now ?? new Date(),
  });
  return { report, warnings };
}

export interface ReportLoadOptions {
  dataDir: string;
  programmeId: string;
  packDir?: string;
  now?: Date;
}

export async function loadProgrammeReport(options: ReportLoadOptions): Promise<{ report: ProgrammeReport; warnings: string[] }> {
  const programme = await loadProgramme(options.dataDir, options.programmeId);
  const [roster, usage, costs, loaded] = await Promise.all([
    loadRoster(options.dataDir, programme.id),
    loadUsage(options.dataDir, programme.id),
    loadCosts(options.dataDir, programme.id),
    loadProgrammeSessions(options.dataDir, programme),
  ]);
  return buildReportFromInputs({ programme, roster, usage, costs: costs.days, loaded, ...(options.packDir ? { packDir: options.packDir } : {}), ...(options.now ? { now: options.now } : {}) });
}

/** The last day the usage data covers (any row, matched or not): the follow-up lists look back from it. */
function usageThrough(usage: UsageData): { usageThrough?: string } {
  let last: string | undefined;
  for (const d of usage.days) if (!last || d.day > last) last = d.day;
  return last ? { usageThrough: last } : {};
}
