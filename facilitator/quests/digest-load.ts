import { ExitCode, UsageError, UserError } from '../../src/core/errors.js';
import type { Digest, DigestAudience } from '../../src/protocol/digest.js';
import { loadProgrammeReportFromStore } from '../programme/load-from-store.js';
import { zonedInstant } from '../programme/calendar.js';
import type { Store } from '../store/store.js';
import { DEFAULT_DIGEST_DAYS, buildDigest } from './digest.js';
import { QuestService } from './service.js';

/**
 * The digest from the store: the same for `workshop digest --data/--database` and for the server's
 * digest route (`workshop digest --server`). Quests come through QuestService (so stale claims are
 * given back first, as for every read of quests); the facilitator's digest also builds the programme
 * report (without saving its BI facts: a digest only reads) for who tried Codex and stopped.
 */
export interface DigestRequest {
  team?: string;
  /** As typed (`--since`, `?since=`): a day in the programme's time zone or an ISO time. Default: DEFAULT_DIGEST_DAYS before `now`. */
  since?: string;
  audience: DigestAudience;
  now?: Date;
  packDir?: string;
}

export async function loadDigest(store: Store, programmeId: string, request: DigestRequest): Promise<Digest> {
  const now = request.now ?? new Date();
  const programme = await store.getProgramme(programmeId);
  if (!programme) throw new UserError(`There is no programme "${programmeId}" in the database at ${store.where}. Check the id, or bring the programme in with \`workshop data migrate\`.`, ExitCode.failure);
  const since = request.since === undefined ? new Date(now.getTime() - DEFAULT_DIGEST_DAYS * 86_400_000) : parseSince(request.since, programme.timeZone);
  if (!since) throw new UsageError(`--since must be a day (YYYY-MM-DD, from its midnight in ${programme.timeZone}) or an ISO time such as 2026-04-01T09:00:00Z, not "${request.since!.slice(0, 40)}".`);
  if (since.getTime() > now.getTime()) throw new UsageError(`--since ${request.since} is in the future: nothing can be new since then.`);
  const quests = await new QuestService(store, programmeId, () => now).list();
  const report =
    request.audience === 'facilitator'
      ? (await loadProgrammeReportFromStore(store, programmeId, { now, saveFacts: false, ...(request.packDir ? { packDir: request.packDir } : {}) })).report
      : undefined;
  return buildDigest({
    programme: { id: programme.id, title: programme.title, timeZone: programme.timeZone },
    quests,
    ...(request.team !== undefined ? { team: request.team } : {}),
    audience: request.audience,
    since,
    now,
    ...(report ? { report: { people: report.people, windowDays: report.settings.windowDays } } : {}),
  });
}

/**
 * `--since` as people write it: a day (`2026-04-01`, from its midnight in the programme's time zone)
 * or an ISO date and time with an offset. Undefined when it is neither.
 */
export function parseSince(text: string, timeZone: string): Date | undefined {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const probe = new Date(`${t}T00:00:00Z`);
    if (Number.isNaN(probe.getTime()) || probe.toISOString().slice(0, 10) !== t) return undefined;
    return zonedInstant(t, 0, 0, timeZone);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) return undefined;
  const at = new Date(t);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
