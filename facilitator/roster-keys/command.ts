import { ExitCode, UsageError } from '../../src/core/errors.js';
import { facilitatorDataDir } from '../../src/core/paths.js';
import { sanitizeLine } from '../../src/core/sanitize.js';
import { paint, printJson, startProgress } from '../../src/core/terminal.js';
import { AdminApiClient, parseApiBase, readAdminKey } from '../admin-api/client.js';
import { listProjectKeys } from '../admin-api/endpoints.js';
import { validateProgrammeId } from '../programme/ids.js';
import { type Roster, loadProgramme, loadRoster, programmeFolderExists, saveRoster } from '../programme/store.js';
import { cliActor } from '../server/cli-support.js';
import { StoreSink } from '../usage-sync/store-sink.js';
import { resolveStoreTarget } from '../store/store.js';
import { applyKeyChanges, matchKeys } from './match.js';

/**
 * `workshop roster keys`: a project's keys (Admin API, following `after`) against the roster; with
 * --apply, the matches go into the roster's key column (key ids only), as one recorded change: the
 * folder's roster.json is rewritten atomically, the database's roster changes in one transaction
 * logged as `roster.keys`.
 */
export interface RosterKeysOptions {
  programme: string;
  project: string;
  apply?: boolean;
  apiBase?: string;
  data?: string;
  database?: string;
  json?: boolean;
}

interface RosterPlace {
  where: string;
  read(): Promise<Roster>;
  /** Applies `change` to the current roster and stores it. */
  update(change: (current: Roster) => Roster): Promise<void>;
  close(): Promise<void>;
}

async function openRoster(options: RosterKeysOptions): Promise<RosterPlace> {
  const programmeId = validateProgrammeId(options.programme);
  const dataDir = facilitatorDataDir(options.data);
  if (!options.database && (await programmeFolderExists(dataDir, programmeId))) {
    await loadProgramme(dataDir, programmeId);
    return {
      where: dataDir,
      read: () => loadRoster(dataDir, programmeId),
      update: async (change) => saveRoster(dataDir, programmeId, change(await loadRoster(dataDir, programmeId))),
      close: async () => undefined,
    };
  }
  const sink = await StoreSink.open(resolveStoreTarget({ database: options.database, dataDir }), programmeId);
  await sink.programme().catch(async (error: unknown) => {
    await sink.close();
    throw error;
  });
  const store = sink.store;
  return {
    where: store.where,
    read: () => store.getRoster(programmeId),
    update: async (change) => {
      await store.updateRoster(programmeId, cliActor(), (current) => ({ roster: change(current) }), 'roster.keys');
    },
    close: () => sink.close(),
  };
}

export async function rosterKeys(options: RosterKeysOptions): Promise<number> {
  const key = readAdminKey();
  const base = parseApiBase(options.apiBase);
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(options.project)) throw new UsageError(`--project must be a project id such as proj_abc123, not "${sanitizeLine(options.project).slice(0, 100)}".`);
  const place = await openRoster(options);
  const progress = options.json ? undefined : await startProgress('Listing the project\'s API keys…');
  try {
    const client = new AdminApiClient(base, key, { onWait: ({ reason, ms }) => progress?.update(`${reason}: waiting ${Math.ceil(ms / 1000)} s…`) });
    const keys = await listProjectKeys(client, options.project, (n) => progress?.update(`Listing the project's API keys: ${n}…`));
    const roster = await place.read();
    const match = matchKeys(keys, roster);
    let applied = 0;
    if (options.apply && match.changes.length > 0) {
      // Matched again inside the update, against the roster as it is then (someone may have imported meanwhile).
      await place.update((current) => {
        const fresh = matchKeys(keys, current);
        applied = fresh.changes.length;
        return applyKeyChanges(current, fresh.changes, new Date());
      });
    }
    progress?.stop();
    if (options.json) {
      printJson({ programme: options.programme, project: options.project, where: place.where, ...match, applied: options.apply ? applied : 0 });
      return ExitCode.ok;
    }
    print(match, options, applied, place.where);
    return ExitCode.ok;
  } finally {
    progress?.stop();
    await place.close();
  }
}

function print(match: ReturnType<typeof matchKeys>, options: RosterKeysOptions, applied: number, where: string): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`${paint.green('✓')} ${match.keys} API key(s) in ${sanitizeLine(options.project)}: ${match.matched.length} roster member(s) have one, ${match.peopleWithoutKey.length} have none, ${match.keysWithoutPerson.length} key(s) belong to no one on the roster.`);
  const list = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    out(`${paint.yellow('!')} ${title}:`);
    for (const line of lines.slice(0, 30)) out(`  ${line}`);
    if (lines.length > 30) out(`  … and ${lines.length - 30} more (see --json)`);
  };
  list('People with no key in this project', match.peopleWithoutKey.map(sanitizeLine));
  list(
    'Keys that belong to no one on the roster',
    match.keysWithoutPerson.map((k) => `${sanitizeLine(k.id)} "${sanitizeLine(k.name)}" (${k.owner === 'service_account' ? `service account ${sanitizeLine(k.ownerName ?? '')}` : sanitizeLine(k.ownerEmail ?? 'unknown owner')})`),
  );
  list(
    'People with several keys (the most recently used one is kept; usage of the others does not count for them)',
    match.matched.filter((m) => m.others.length > 0).map((m) => `${sanitizeLine(m.email)}: ${sanitizeLine(m.key.id)} kept; also ${m.others.map((k) => sanitizeLine(k.id)).join(', ')}`),
  );
  list("Roster key ids that are none of the person's keys in this project (left as they are)", match.conflicts.map((c) => `${sanitizeLine(c.email)}: roster ${sanitizeLine(c.roster)}, API ${c.api.map(sanitizeLine).join(', ')}`));
  if (options.apply) out(applied > 0 ? `${paint.green('✓')} Wrote ${applied} key id(s) into the roster's key column (${where}).` : 'Nothing to write: the roster already holds these keys.');
  else if (match.changes.length > 0) out(`${match.changes.length} key id(s) can be written into the roster's key column: run again with --apply.`);
}
