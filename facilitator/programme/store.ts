import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writePrivateFile } from '../data/private-files.js';
import { ExitCode, UserError, describeFsError } from '../../src/core/errors.js';
import { readJsonFile } from '../../src/core/validation.js';
import { isValidTimeZone } from './calendar.js';
import { validateProgrammeId } from './ids.js';

/**
 * The one owner of a programme's files under the facilitator's data folder:
 *
 *   <data>/programmes/<id>/programme.json   title, time zone, settings, the session dates
 *   <data>/programmes/<id>/roster.json      the people invited (imported from a CSV)
 *   <data>/programmes/<id>/usage.json       the organisation's usage, per key or email per day
 *   <data>/programmes/<id>/costs.json       its spend per key (or project) per day (`usage sync`)
 *   <data>/programmes/<id>/usage-sync.json  where each `usage sync` stream stands (never a key)
 *   <data>/programmes/<id>/sessions/<sid>/  one hub session per date (written by the hub)
 *
 * Every file is schema-versioned, validated with zod when read and written atomically.
 */
export const SCHEMA_VERSION = 1;

export const ProgrammeSettings = z
  .object({
    windowDays: z.number().int().min(7).max(364).refine((n) => n % 7 === 0, 'must be a whole number of weeks (a multiple of 7)').default(28),
    regularMinWeeks: z.number().int().min(1).max(52).default(3),
    /** The pack's "own task" exercise (participants bring a task of their own); default: an id containing "own-task". */
    ownTaskExercise: z.string().min(1).max(80).optional(),
    /** Issue 14: a claimed quest with no activity for this many days goes back to open. */
    questStaleDays: z.number().int().min(1).max(365).optional(),
  })
  .strict()
  .refine((s) => s.regularMinWeeks <= s.windowDays / 7, { message: 'regularMinWeeks cannot exceed the number of weeks in the window', path: ['regularMinWeeks'] });
export type ProgrammeSettings = z.infer<typeof ProgrammeSettings>;

export const DEFAULT_SETTINGS: ProgrammeSettings = { windowDays: 28, regularMinWeeks: 3 };

export const ProgrammeSession = z
  .object({
    id: z.string().min(10).max(60),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** When the session starts, as an instant; doctor results before it count as "ready before the session". */
    startsAt: z.string().datetime({ offset: true }),
    title: z.string().max(200).optional(),
  })
  .strict();
export type ProgrammeSession = z.infer<typeof ProgrammeSession>;

export const ProgrammeFile = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    id: z.string(),
    title: z.string().min(1).max(200),
    createdAt: z.string().datetime({ offset: true }),
    timeZone: z.string().refine(isValidTimeZone, 'is not a time zone this system knows (use an IANA name such as Asia/Tokyo)'),
    settings: ProgrammeSettings,
    sessions: z.array(ProgrammeSession).default([]),
  })
  .strict();
export type Programme = z.infer<typeof ProgrammeFile>;

const RosterKey = z.discriminatedUnion('kind', [
  /** An API key id from the organisation's key list, as in the usage API (`key_abc123`). */
  z.object({ kind: z.literal('id'), id: z.string().min(1).max(120) }).strict(),
  /** A key's hint (`sk-…abcd`), and its fingerprint when the full key was pasted by mistake. */
  z.object({ kind: z.literal('hint'), hint: z.string().min(1).max(40), fingerprint: z.string().regex(/^[0-9a-f]{12}$/).optional() }).strict(),
]);
export type RosterKey = z.infer<typeof RosterKey>;

export const RosterPerson = z
  .object({
    email: z.string().min(3).max(320),
    name: z.string().min(1).max(200),
    team: z.string().max(120),
    key: RosterKey.optional(),
    /** The session the person is invited to, when the roster says (optional `session` column). */
    session: z.string().max(60).optional(),
  })
  .strict();
export type RosterPerson = z.infer<typeof RosterPerson>;

export const RosterFile = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    updatedAt: z.string().datetime({ offset: true }),
    people: z.array(RosterPerson),
  })
  .strict();
export type Roster = z.infer<typeof RosterFile>;

export const UsageSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('keyId'), value: z.string().min(1).max(120) }).strict(),
  z.object({ kind: z.literal('hint'), value: z.string().min(1).max(40) }).strict(),
  z.object({ kind: z.literal('email'), value: z.string().min(1).max(320) }).strict(),
]);
export type UsageSource = z.infer<typeof UsageSource>;

export const UsageDay = z
  .object({
    source: UsageSource,
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    requests: z.number().int().min(0),
    inputTokens: z.number().int().min(0).optional(),
    outputTokens: z.number().int().min(0).optional(),
  })
  .strict();
export type UsageDay = z.infer<typeof UsageDay>;

export const UsageFile = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    imports: z.array(z.object({ file: z.string(), importedAt: z.string(), format: z.string(), rows: z.number().int() }).strict()),
    /** One row per (source, day); a later import of the same source and day replaces the earlier one. */
    days: z.array(UsageDay),
  })
  .strict();
export type UsageData = z.infer<typeof UsageFile>;

export function programmesRoot(dataDir: string): string {
  return path.join(dataDir, 'programmes');
}

export function programmeDir(dataDir: string, programmeId: string): string {
  return path.join(programmesRoot(dataDir), validateProgrammeId(programmeId));
}

const file = {
  programme: (dir: string) => path.join(dir, 'programme.json'),
  roster: (dir: string) => path.join(dir, 'roster.json'),
  usage: (dir: string) => path.join(dir, 'usage.json'),
  costs: (dir: string) => path.join(dir, 'costs.json'),
  syncState: (dir: string) => path.join(dir, 'usage-sync.json'),
};

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

async function writeJson(target: string, value: unknown): Promise<void> {
  // Issue 12: rosters carry names and emails: owner-only file and folder.
  await writePrivateFile(target, `${JSON.stringify(value, null, 2)}\n`);
}

export interface CreateProgrammeInput {
  id: string;
  title: string;
  timeZone: string;
  settings?: Partial<ProgrammeSettings>;
  now?: Date;
}

export async function createProgramme(dataDir: string, input: CreateProgrammeInput): Promise<Programme> {
  const id = validateProgrammeId(input.id);
  const dir = programmeDir(dataDir, id);
  if (await exists(file.programme(dir))) {
    throw new UserError(`The programme "${id}" already exists in ${dir}. Change it with \`workshop programme set ${id} …\`, or choose another id.`, ExitCode.failure);
  }
  const programme = parseProgramme(
    {
      schemaVersion: SCHEMA_VERSION,
      id,
      title: input.title.trim(),
      createdAt: (input.now ?? new Date()).toISOString(),
      timeZone: input.timeZone,
      settings: { ...DEFAULT_SETTINGS, ...input.settings },
      sessions: [],
    },
    file.programme(dir),
  );
  await writeJson(file.programme(dir), programme);
  return programme;
}

/** Validates a programme built in memory, with the same messages a broken file would get. */
export function parseProgramme(value: unknown, where: string): Programme {
  const parsed = ProgrammeFile.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new UserError(`Invalid programme (${where}): ${first.path.join('.') || '(top level)'} ${first.message}`, ExitCode.usage);
  }
  return parsed.data;
}

export async function loadProgramme(dataDir: string, programmeId: string): Promise<Programme> {
  const id = validateProgrammeId(programmeId);
  const dir = programmeDir(dataDir, id);
  if (!(await exists(file.programme(dir)))) {
    throw new UserError(
      `There is no programme "${id}" in ${dataDir}. Create it with \`workshop programme create ${id} --title "…"\`, or point --data at the folder that holds it.`,
      ExitCode.failure,
    );
  }
  return readJsonFile(file.programme(dir), ProgrammeFile, { what: 'programme file', exitCode: ExitCode.failure });
}

export async function saveProgramme(dataDir: string, programme: Programme): Promise<void> {
  await writeJson(file.programme(programmeDir(dataDir, programme.id)), ProgrammeFile.parse(programme));
}

export async function listProgrammes(dataDir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(programmesRoot(dataDir), { withFileTypes: true });
    const ids: string[] = [];
    for (const entry of entries) {
      if (entry.isDirectory() && (await exists(file.programme(path.join(programmesRoot(dataDir), entry.name))))) ids.push(entry.name);
    }
    return ids.sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw describeFsError(error, `list the programmes in ${programmesRoot(dataDir)}`);
  }
}

export function emptyRoster(now = new Date()): Roster {
  return { schemaVersion: SCHEMA_VERSION, updatedAt: now.toISOString(), people: [] };
}

export async function loadRoster(dataDir: string, programmeId: string): Promise<Roster> {
  const target = file.roster(programmeDir(dataDir, programmeId));
  if (!(await exists(target))) return emptyRoster(new Date(0));
  return readJsonFile(target, RosterFile, { what: 'roster file', exitCode: ExitCode.failure });
}

export async function saveRoster(dataDir: string, programmeId: string, roster: Roster): Promise<void> {
  await writeJson(file.roster(programmeDir(dataDir, programmeId)), RosterFile.parse(roster));
}

export function emptyUsage(): UsageData {
  return { schemaVersion: SCHEMA_VERSION, imports: [], days: [] };
}

export async function loadUsage(dataDir: string, programmeId: string): Promise<UsageData> {
  const target = file.usage(programmeDir(dataDir, programmeId));
  if (!(await exists(target))) return emptyUsage();
  return readJsonFile(target, UsageFile, { what: 'usage file', exitCode: ExitCode.failure });
}

export async function saveUsage(dataDir: string, programmeId: string, usage: UsageData): Promise<void> {
  await writeJson(file.usage(programmeDir(dataDir, programmeId)), UsageFile.parse(usage));
}

// ---- issue 16: what `workshop usage sync` keeps next to usage.json (the database keeps the same in
// cost_series and usage_sync_state) ----

export const CostDayShape = z
  .object({
    source: z.object({ kind: z.enum(['keyId', 'project']), value: z.string().max(200) }).strict(),
    lineItem: z.string().max(200),
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    amount: z.number().finite(),
    currency: z.string().min(1).max(10),
  })
  .strict();

export const CostsFile = z.object({ schemaVersion: z.literal(SCHEMA_VERSION), days: z.array(CostDayShape) }).strict();
export type CostsData = z.infer<typeof CostsFile>;

export const SyncStateShape = z
  .object({ syncedThrough: z.string().optional(), resume: z.record(z.string(), z.unknown()).optional(), updatedAt: z.string().optional() })
  .strict();
/** Streams by `<stream>|<scope>` (scope: a project id, or '' for the whole organisation). */
export const SyncStatesFile = z.object({ schemaVersion: z.literal(SCHEMA_VERSION), streams: z.record(z.string(), SyncStateShape) }).strict();
export type SyncStates = z.infer<typeof SyncStatesFile>;

export async function loadCosts(dataDir: string, programmeId: string): Promise<CostsData> {
  const target = file.costs(programmeDir(dataDir, programmeId));
  if (!(await exists(target))) return { schemaVersion: SCHEMA_VERSION, days: [] };
  return readJsonFile(target, CostsFile, { what: 'costs file', exitCode: ExitCode.failure });
}

export async function saveCosts(dataDir: string, programmeId: string, costs: CostsData): Promise<void> {
  await writeJson(file.costs(programmeDir(dataDir, programmeId)), CostsFile.parse(costs));
}

export async function loadSyncStates(dataDir: string, programmeId: string): Promise<SyncStates> {
  const target = file.syncState(programmeDir(dataDir, programmeId));
  if (!(await exists(target))) return { schemaVersion: SCHEMA_VERSION, streams: {} };
  return readJsonFile(target, SyncStatesFile, { what: 'usage sync state file', exitCode: ExitCode.failure });
}

export async function saveSyncStates(dataDir: string, programmeId: string, states: SyncStates): Promise<void> {
  await writeJson(file.syncState(programmeDir(dataDir, programmeId)), SyncStatesFile.parse(states));
}

/** Whether the programme lives in the data folder (else it may live in the database). */
export async function programmeFolderExists(dataDir: string, programmeId: string): Promise<boolean> {
  return exists(file.programme(programmeDir(dataDir, programmeId)));
}
