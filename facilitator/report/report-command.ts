import { sanitizeText } from '../../src/core/sanitize.js';
import path from 'node:path';
import { writeFileAtomic } from '../../src/core/atomic-write.js';
import { ExitCode, UsageError } from '../../src/core/errors.js';
import { expandHome } from '../../src/core/paths.js';
import { loadProfile } from '../../src/profile/profile.js';
import type { ReportFlags } from '../../src/cli/commands/facilitator.js';
import { facilitatorDataDir } from '../../src/core/paths.js';
import { sessionExists } from '../hub/session-meta.js';
import { loadPackFacts } from '../hub/pack-facts-loader.js';
import { listProgrammes, loadProgramme, loadRoster } from '../programme/store.js';
import { readProgrammeHistory } from '../programme/history.js';
import { rosterLive } from '../programme/roster-live.js';
import { checkFolderId, sessionDir } from '../hub/session-dir.js';
import { listSessions, readSession } from '../hub/session-reader.js';
import { buildSessionReport } from './build-report.js';
import { renderHtml } from './render-html.js';
import { renderCsv, renderMarkdown } from './render-text.js';

/**
 * `workshop report --session ID`: reads the session folder (safe while the hub still runs), builds
 * the report and writes it as md (default), html, csv or json, to stdout or --out FILE.
 */
export async function reportCommand(options: ReportFlags & { programme?: string; pack?: string }): Promise<number> {
  const data = facilitatorDataDir(options.data);
  const id = checkFolderId(options.session, 'session');
  const { dir, programmeId } = await findSession(data, id, options.programme);
  const { profile } = await loadProfile({ flag: options.profile });
  const session = await readSession(dir);
  const programme = programmeId ? await loadProgramme(data, programmeId).catch(() => undefined) : undefined;
  // Issue 11: on a date of a programme, the roster's names and teams, walk-ins, who did not come.
  let roster;
  if (programmeId) {
    const people = await loadRoster(data, programmeId).then((r) => r.people).catch(() => []);
    const attended = await readProgrammeHistory(data, programmeId, id).catch(() => new Map());
    if (people.length > 0) roster = rosterLive(people, id, new Set([...attended.entries()].filter(([, h]) => h.returning).map(([email]) => email)));
  }
  const report = buildSessionReport(session, {
    stuckAfterMinutes: profile.stuckAfterMinutes,
    pace: profile.pace,
    pack: await loadPackFacts(options.pack ? path.resolve(expandHome(options.pack)) : undefined, (w) => process.stderr.write(`warning: ${w}\n`)),
    timeZone: profile.timeZone ?? programme?.timeZone,
    language: profile.language,
    roster,
  });
  const text =
    options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : options.format === 'html' ? renderHtml(report) : options.format === 'csv' ? renderCsv(report) : renderMarkdown(report);
  for (const warning of session.warnings) process.stderr.write(`warning: ${sanitizeText(warning)}\n`);
  if (options.out) {
    const file = path.resolve(expandHome(options.out));
    await writeFileAtomic(file, text);
    process.stdout.write(`Report for ${report.attendance.joined} participant(s) written to ${file}\n`);
  } else {
    process.stdout.write(text);
  }
  return ExitCode.ok;
}

/**
 * Issue 11: `--session ID` finds the session wherever `workshop host` kept it: a stand-alone session,
 * or a date of a programme (without having to say which). When it cannot, the error lists every
 * session it did find, with the options that select it.
 */
export async function findSession(data: string, id: string, programme?: string): Promise<{ dir: string; programmeId?: string }> {
  const direct = sessionDir(data, id, programme);
  if (await sessionExists(direct)) return { dir: direct, programmeId: programme };
  const candidates: Array<{ id: string; programmeId?: string }> = (await listSessions(data)).map((s) => ({ id: s.id }));
  for (const p of await listProgrammes(data).catch(() => [] as string[])) {
    for (const s of await listSessions(data, p).catch(() => [])) candidates.push({ id: s.id, programmeId: p });
  }
  const matches = programme === undefined ? candidates.filter((c) => c.id === id && c.programmeId !== undefined) : [];
  if (matches.length === 1) return { dir: sessionDir(data, id, matches[0].programmeId), programmeId: matches[0].programmeId };
  const describe = (c: { id: string; programmeId?: string }) => (c.programmeId ? `--programme ${c.programmeId} --session ${c.id}` : `--session ${c.id}`);
  if (matches.length > 1) throw new UsageError(`Session "${id}" is a date of several programmes; say which: ${matches.map(describe).join(' | ')}.`);
  throw new UsageError(
    `No session "${id}"${programme ? ` in programme ${programme}` : ''} in ${data}.${candidates.length ? ` Sessions there: ${candidates.map(describe).join(', ')}.` : ' No sessions there at all: pass the --data folder that `workshop host` used.'}`,
  );
}
