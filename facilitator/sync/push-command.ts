import { readdir } from 'node:fs/promises';
import { ExitCode, UsageError, UserError } from '../../src/core/errors.js';
import { facilitatorDataDir } from '../../src/core/paths.js';
import { sanitizeText } from '../../src/core/sanitize.js';
import { paint, printJson, startProgress } from '../../src/core/terminal.js';
import type { SessionPushFlags } from '../../src/cli/commands/session.js';
import { readEndpoint } from '../hub/endpoint.js';
import { type SessionMeta, readSessionMeta, sessionExists } from '../hub/session-meta.js';
import { checkFolderId, isValidFolderId, sessionDir } from '../hub/session-dir.js';
import { programmesRoot } from '../programme/store.js';
import { Forwarder, type SyncStatus } from './forwarder.js';
import { SyncClient, SyncRefused, SyncUnreachable, normaliseServerUrl, serverTokenFromEnv } from './sync-client.js';

/**
 * `workshop session push --session ID --sync URL`: sends a finished venue session's log to the
 * programme server, from where the server has it (its lastSeq), with the same outbox the running hub
 * uses. Exit 0 once the server has acknowledged every line; 1 with what to do when it has not (the
 * session folder is untouched either way, so running it again is always safe).
 */
export async function pushCommand(options: SessionPushFlags, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const url = normaliseServerUrl(options.sync);
  const token = serverTokenFromEnv(env);
  const data = facilitatorDataDir(options.data);
  const { dir, meta } = await findSession(data, checkFolderId(options.session, 'session'), options.programme);
  const programmeId = meta.programmeId;
  if (!programmeId) throw new UsageError(`Session "${meta.id}" is not a date of a programme, and the server keeps a programme's dates. Host dates with --programme ID to sync them.`);
  if (options.programme && options.programme !== programmeId) throw new UsageError(`Session "${meta.id}" is a date of programme "${programmeId}", not "${options.programme}".`);
  // While its hub runs, the hub owns the log and forwards it itself (with --sync).
  const endpoint = await readEndpoint(dir);
  if (endpoint && processAlive(endpoint.pid)) {
    throw new UserError(`Session "${meta.id}" is being hosted right now (process ${endpoint.pid}). Stop that hub first, then push; or start it with --sync ${url} to forward as it runs.`);
  }

  const forwarder = await Forwarder.open({ dir, programmeId, meta, client: new SyncClient(url, token) });
  const progress = options.json ? undefined : await startProgress(`Sending session ${meta.id} to ${url}…`);
  try {
    const totals = await forwarder.syncOnce((status) => progress?.update(`Sending session ${meta.id} to ${url}: line ${status.lastAckedSeq}, ${status.waiting} to go…`));
    progress?.stop();
    const status = forwarder.status;
    if (options.json) printJson({ pushed: true, session: meta.id, programme: programmeId, url, lastSeq: status.lastAckedSeq, stored: totals.stored, skipped: totals.skipped });
    else {
      const already = totals.stored + totals.skipped === 0;
      process.stdout.write(
        `${paint.green('✓')} ${already ? `The server at ${url} already has all of session ${meta.id} (up to line ${status.lastAckedSeq}).` : `Session ${meta.id} is on the server at ${url}: ${totals.stored} new line(s), ${totals.skipped} it already had, up to line ${status.lastAckedSeq}.`}\n`,
      );
    }
    return ExitCode.ok;
  } catch (error) {
    progress?.stop();
    const status = forwarder.status;
    if (error instanceof SyncUnreachable || error instanceof SyncRefused) {
      const message = failureMessage(error, status, meta, url, dir);
      if (options.json) {
        printJson({ pushed: false, session: meta.id, programme: programmeId, url, lastSeq: status.lastAckedSeq, waiting: status.waiting, error: error instanceof SyncRefused ? error.error : 'unreachable', reason: sanitizeText(error instanceof SyncRefused ? error.reason : error.why) });
        process.stderr.write(`${message}\n`);
        return ExitCode.failure;
      }
      throw new UserError(message);
    }
    throw error;
  }
}

function failureMessage(error: SyncUnreachable | SyncRefused, status: SyncStatus, meta: SessionMeta, url: string, dir: string): string {
  const kept = `Nothing is lost: the session stays in ${dir}${status.lastAckedSeq > 0 ? ` (the server has it up to line ${status.lastAckedSeq})` : ''}.`;
  if (error instanceof SyncUnreachable) return `Could not reach the programme server at ${url} (${sanitizeText(error.why)}). ${kept} Run the same command again when it answers.`;
  if (error.status === 401) return `The server at ${url} does not accept the token in WORKSHOP_SERVER_TOKEN (${sanitizeText(error.reason)}). Ask its owner for a facilitator token (\`workshop server token add --role facilitator\`). ${kept}`;
  if (error.status === 403) return `The token in WORKSHOP_SERVER_TOKEN may not send sessions: it needs the facilitator or owner role (the server said: ${sanitizeText(error.reason)}). ${kept}`;
  return `The server at ${url} refused session ${meta.id}: ${sanitizeText(error.reason)}. ${kept}`;
}

/** The session's folder: in the programme given, else wherever exactly one such session is. */
async function findSession(data: string, sessionId: string, programme?: string): Promise<{ dir: string; meta: SessionMeta }> {
  if (programme) {
    const dir = sessionDir(data, sessionId, checkFolderId(programme, 'programme'));
    if (!(await sessionExists(dir))) throw new UsageError(`No session "${sessionId}" in programme ${programme} in ${data}. Pass the --session, --programme and --data that \`workshop host\` used.`);
    return { dir, meta: await readSessionMeta(dir) };
  }
  // Any programme folder holding the session (its programme.json need not be on this laptop).
  const programmes = await readdir(programmesRoot(data), { withFileTypes: true }).catch(() => []);
  const candidates = [sessionDir(data, sessionId), ...programmes.filter((e) => e.isDirectory() && isValidFolderId(e.name)).map((e) => sessionDir(data, sessionId, e.name))];
  const found: string[] = [];
  for (const dir of candidates) if (await sessionExists(dir)) found.push(dir);
  if (found.length === 0) throw new UsageError(`No session "${sessionId}" in ${data}. Pass the --session (and --programme, --data) that \`workshop host\` used.`);
  if (found.length > 1) throw new UsageError(`There is more than one session "${sessionId}" in ${data}: say which with --programme ID.`);
  return { dir: found[0], meta: await readSessionMeta(found[0]) };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
