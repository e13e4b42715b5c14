import path from 'node:path';
import { writeFileAtomic } from '../../src/core/atomic-write.js';
import { ExitCode, UsageError } from '../../src/core/errors.js';
import { expandHome } from '../../src/core/paths.js';
import { loadProfile } from '../../src/profile/profile.js';
import type { ReportFlags } from '../../src/cli/commands/facilitator.js';
import { facilitatorDataDir } from '../../src/core/paths.js';
import { sessionExists } from '../hub/session-meta.js';
import { checkFolderId, sessionDir } from '../hub/session-dir.js';
import { listSessions, readSession } from '../hub/session-reader.js';
import { buildSessionReport } from './build-report.js';
import { renderHtml } from './render-html.js';
import { renderCsv, renderMarkdown } from './render-text.js';

/**
 * `workshop report --session ID`: reads the session folder (safe while the hub still runs), builds
 * the report and writes it as md (default), html, csv or json, to stdout or --out FILE.
 */
export async function reportCommand(options: ReportFlags & { programme?: string }): Promise<number> {
  const data = facilitatorDataDir(options.data);
  const id = checkFolderId(options.session, 'session');
  const dir = sessionDir(data, id, options.programme);
  if (!(await sessionExists(dir))) {
    const known = (await listSessions(data, options.programme)).map((s) => s.id);
    throw new UsageError(
      `No session "${id}" in ${data}.${known.length ? ` Sessions there: ${known.join(', ')}.` : ' No sessions there at all: pass the --data folder that `workshop host` used.'}`,
    );
  }
  const { profile } = await loadProfile({ flag: options.profile });
  const session = await readSession(dir);
  const report = buildSessionReport(session, { stuckAfterMinutes: profile.stuckAfterMinutes });
  const text =
    options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : options.format === 'html' ? renderHtml(report) : options.format === 'csv' ? renderCsv(report) : renderMarkdown(report);
  for (const warning of session.warnings) process.stderr.write(`warning: ${warning}\n`);
  if (options.out) {
    const file = path.resolve(expandHome(options.out));
    await writeFileAtomic(file, text);
    process.stdout.write(`Report for ${report.attendance.joined} participant(s) written to ${file}\n`);
  } else {
    process.stdout.write(text);
  }
  return ExitCode.ok;
}
