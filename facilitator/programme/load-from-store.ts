import { ExitCode, UserError } from '../../src/core/errors.js';
import { toRecord } from '../hub/log-records.js';
import { foldSessionRecords } from '../hub/session-reader.js';
import type { Store } from '../store/store.js';
import { type FoundSession, buildReportFromInputs, mergeProgrammeSessions } from './load.js';
import type { ProgrammeReport } from './report-data.js';

/**
 * The programme report from the store (issue 13): the same inputs as from the folders (programme,
 * roster, usage, spend, every date's log lines), handed to the same builder, so a programme moved in with
 * `workshop data migrate` reports exactly as before. The store alone holds quests (issue 14): they
 * fill the report's quests section and each person's `contributedWin`, and skills (issue 15) its skills section. Each report built here also refreshes the facts
 * the BI views count (docs/bi.md), unless `saveFacts` is false.
 */
export async function loadProgrammeReportFromStore(
  store: Store,
  programmeId: string,
  options: { packDir?: string; now?: Date; saveFacts?: boolean } = {},
): Promise<{ report: ProgrammeReport; warnings: string[] }> {
  const { saveFacts = true, ...buildOptions } = options;
  const built = await buildReportFromStore(store, programmeId, buildOptions);
  if (saveFacts) await store.saveReportFacts(programmeId, built.report);
  return built;
}

async function buildReportFromStore(store: Store, programmeId: string, options: { packDir?: string; now?: Date }): Promise<{ report: ProgrammeReport; warnings: string[] }> {
  const programme = await store.getProgramme(programmeId);
  if (!programme) throw new UserError(`There is no programme "${programmeId}" in the database at ${store.where}. Bring one in with \`workshop data migrate\`, or check the id.`, ExitCode.failure);
  // Quests as stored (no stale-claim sweep: a report reads, it does not change quests).
  const [roster, usage, costs, sessions, quests, skills] = await Promise.all([
    store.getRoster(programmeId),
    store.getUsage(programmeId),
    store.getCosts(programmeId),
    store.listSessions(programmeId),
    store.listQuests(programmeId),
    store.listSkills(programmeId, { approvedOnly: true }),
  ]);
  const found: FoundSession[] = [];
  for (const session of sessions) {
    const lines = await store.readLines(programmeId, session.id);
    const data = foldSessionRecords(lines.map((l) => toRecord(l.line)));
    found.push({
      id: session.id,
      meta: session.meta,
      participants: data.participants.map((p) => ({ id: p.id, email: p.email, name: p.name, team: p.team, joinedAt: p.joinedAt })),
      records: data.events.map((e) => ({ participantId: e.participantId, receivedAt: e.receivedAt, event: e.event })),
      warnings: [],
    });
  }
  return buildReportFromInputs({ programme, roster, usage, costs, loaded: mergeProgrammeSessions(programme, found), quests, skills, ...options });
}
