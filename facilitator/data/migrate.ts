import { ExitCode, UsageError, UserError } from '../../src/core/errors.js';
import { listSessions } from '../hub/session-reader.js';
import { listProgrammes } from '../programme/store.js';
import type { MoveInCounts, MoveInResult } from '../store/move-in.js';
import type { Store } from '../store/store.js';
import { readProgrammeFolder } from './programme-folder.js';

/**
 * `workshop data migrate` without the terminal: every programme of a data folder into the store,
 * one transaction per programme. A programme that cannot be read, or that the database holds in
 * a different version, is reported and left out; the others still move in.
 */
export type ProgrammeOutcome = (MoveInResult & { warnings: string[] }) | { programmeId: string; status: 'unreadable'; error: string; warnings: string[] };

export interface MigrateSummary {
  programmes: ProgrammeOutcome[];
  /** Rows written in all (0 when everything was already there). */
  newRows: number;
  /** Sessions under `<data>/sessions/` belong to no programme: they stay in the folder. */
  standaloneSessions: number;
}

export interface MigrateOptions {
  dataDir: string;
  actor: string;
  replace?: boolean;
  /** Only these programmes (default: every programme in the folder). */
  only?: string[];
  onProgress?: (text: string) => void;
}

/** The programmes a data folder holds, checked before any database is opened. */
export async function programmesToMigrate(dataDir: string, only?: string[]): Promise<string[]> {
  const ids = await listProgrammes(dataDir);
  if (only && only.length > 0) {
    const missing = only.filter((id) => !ids.includes(id));
    if (missing.length > 0) throw new UsageError(`There is no programme ${missing.map((m) => `"${m}"`).join(', ')} in ${dataDir}${ids.length ? ` (it holds ${ids.join(', ')})` : ''}.`);
    return only;
  }
  if (ids.length === 0) {
    throw new UserError(`There are no programmes in ${dataDir} (no programmes/<id>/programme.json). Point --data at the folder that holds them; nothing was changed.`, ExitCode.failure);
  }
  return ids;
}

export async function migrateFolders(store: Store, ids: string[], options: MigrateOptions): Promise<MigrateSummary> {
  const programmes: ProgrammeOutcome[] = [];
  for (const id of ids) {
    options.onProgress?.(`Reading the programme ${id}…`);
    let read;
    try {
      read = await readProgrammeFolder(options.dataDir, id);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      programmes.push({ programmeId: id, status: 'unreadable', error: error.message, warnings: [] });
      continue;
    }
    options.onProgress?.(`Writing the programme ${id} to the database…`);
    const result = await store.moveInProgramme(read.snapshot, options.actor, { replace: options.replace });
    programmes.push({ ...result, warnings: read.warnings });
  }
  const newRows = programmes.reduce((n, p) => n + ('added' in p ? sumCounts(p.added) : 0), 0);
  return { programmes, newRows, standaloneSessions: (await listSessions(options.dataDir)).length };
}

export function sumCounts(counts: MoveInCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
