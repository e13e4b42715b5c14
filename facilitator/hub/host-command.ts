import { sanitizeText } from '../../src/core/sanitize.js';
import { untilStopped } from '../../src/core/until-stopped.js';
import path from 'node:path';
import { ExitCode } from '../../src/core/errors.js';
import { facilitatorDataDir } from '../../src/core/paths.js';
import { paint } from '../../src/core/terminal.js';
import { loadProfile } from '../../src/profile/profile.js';
import { type HubSyncOptions, type RunningHub, startHub } from './host.js';
import { UsageError } from '../../src/core/errors.js';
import { normaliseServerUrl, serverTokenFromEnv } from '../sync/sync-client.js';
import { syncStatusPrinter } from '../sync/status-line.js';
import { checkFolderId, todaysSessionId } from './session-dir.js';

/**
 * `workshop host`: starts the hub, prints how to join and where the dashboard is, and runs until
 * Ctrl-C or SIGTERM, then stops accepting requests, lets the ones in flight finish (their events are
 * flushed), and closes the log.
 */
export interface HostCommandOptions {
  session?: string;
  title?: string;
  port: number;
  bind: string;
  data?: string;
  profile?: string;
  json?: boolean;
  /** Issue 6 passes these for a date of a programme. */
  programme?: string;
  startsAt?: string;
  /** Issue 13: the programme server this date forwards to (WORKSHOP_SERVER_TOKEN authenticates). */
  sync?: string;
}

/** One warning line for the host's terminal. Issue 12: warnings can quote what participants or a pack sent: through the one sanitiser. */
export function hostWarningLine(message: string): string {
  return `${paint.yellow('warning:')} ${sanitizeText(message)}\n`;
}

export async function hostCommand(options: HostCommandOptions): Promise<number> {
  const { profile } = await loadProfile({ flag: options.profile });
  const sessionId = checkFolderId(options.session ?? todaysSessionId(), 'session');
  const data = facilitatorDataDir(options.data);
  const warn = (message: string) => process.stderr.write(hostWarningLine(message));
  const sync = options.sync ? syncOptions(options) : undefined;
  const hub = await startHub({
    dataDir: data,
    sessionId,
    programmeId: options.programme,
    startsAt: options.startsAt,
    title: options.title ?? (options.session ? undefined : `${profile.name} ${sessionId}`),
    port: options.port,
    bind: options.bind,
    stuckAfterMinutes: profile.stuckAfterMinutes,
    pace: profile.pace,
    language: profile.language,
    timeZone: profile.timeZone,
    warn,
    ...(sync ? { sync } : {}),
  });

  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ joinUrl: hub.joinUrl, code: hub.meta.code, dashboardUrl: hub.dashboardUrl, session: hub.meta.id, dataDir: data, sessionDir: hub.dir, kitUrl: hub.kitUrl, resumed: hub.resumed, ...(sync ? { sync: sync.url, followUpUrl: hub.followUpUrl } : {}) })}\n`,
    );
  } else {
    printBanner(hub);
  }

  await untilStopped();
  const say = (text: string) => (options.json ? process.stderr : process.stdout).write(text);
  say('\nStopping the hub…\n');
  if (hub.forwarder && hub.forwarder.status.state !== 'synced') say(`Sending what the programme server does not have yet (up to 10 s; Ctrl-C again to skip)…\n`);
  await hub.close();
  const { resume, report, push } = resumeCommands(options, hub.meta.id);
  say(`Hub stopped. Everything is kept in ${hub.dir}.\n`);
  if (hub.forwarder) {
    const final = hub.forwarder.status;
    say(
      final.state === 'synced'
        ? `Everything is on the programme server at ${final.url}.\n`
        : `${final.waiting > 0 ? `${final.waiting} line(s) of the log are` : 'Some of the log is'} not on the programme server yet (${sanitizeText(final.reason ?? 'not acknowledged')}); nothing is lost. Send them when it answers:\n  ${push}\n`,
    );
  }
  say(`Resume this session (same code, same dashboard link):\n  ${resume}\nSummarise it:\n  ${report}\n`);
  return ExitCode.ok;
}

/**
 * Issue 11: the exact commands that resume and report this session, with every option that decides
 * which session it is and where it is kept (`--programme`, `--data`, `--profile`, and the port and
 * address when they were not the defaults). Without them a resume would start a different, empty
 * session with a new code.
 */
export function resumeCommands(options: HostCommandOptions, sessionId: string): { resume: string; report: string; push: string } {
  const where: string[] = [];
  if (options.programme) where.push('--programme', shellWord(options.programme));
  where.push('--session', shellWord(sessionId));
  if (options.data) where.push('--data', shellWord(path.resolve(options.data)));
  const host = [...where];
  if (options.profile) host.push('--profile', shellWord(path.resolve(options.profile)));
  if (options.port !== 4545) host.push('--port', String(options.port));
  if (options.bind !== '0.0.0.0') host.push('--bind', shellWord(options.bind));
  if (options.sync) host.push('--sync', shellWord(options.sync));
  const push = `workshop session push ${[...where, '--sync', shellWord(options.sync ?? 'URL')].join(' ')}`;
  return { resume: `workshop host ${host.join(' ')}`, report: `workshop report ${where.join(' ')}`, push };
}

/** `--sync URL` with the token from WORKSHOP_SERVER_TOKEN; the state line goes to stderr as it changes. */
function syncOptions(options: HostCommandOptions): HubSyncOptions {
  if (!options.programme) throw new UsageError('--sync forwards a date of a programme to its server: add --programme ID.');
  const url = normaliseServerUrl(options.sync!);
  const token = serverTokenFromEnv();
  // Through the one sanitiser: the reason can quote what the server answered.
  const print = syncStatusPrinter((line) => process.stderr.write(`${paint.dim(sanitizeText(line))}\n`));
  return { url, token, onStatus: print };
}

/** Quotes a word for POSIX shells and PowerShell alike when it needs quoting. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, "''")}'`;
}

function printBanner(hub: RunningHub): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`${paint.bold(hub.meta.title)} — session ${hub.meta.id}${hub.resumed ? ` (resumed: ${hub.participants} participants, ${hub.events} events)` : ''}`);
  out();
  out('Participants join with:');
  out(`  ${paint.cyan(hub.joinCommand)}`);
  if (hub.otherAddresses.length > 0) out(paint.dim(`  (if that address is not on the room's network, this computer also has: ${hub.otherAddresses.join(', ')})`));
  if (hub.kitUrl) {
    out('No workshop kit on a laptop yet? Install it from this hub (no internet needed):');
    out(`  ${paint.cyan(`npm install -g ${hub.kitUrl}`)}`);
  }
  out();
  out('Dashboard (keep this link to yourself: it carries the facilitator key):');
  out(`  ${hub.localDashboardUrl ?? hub.dashboardUrl}`);
  if (hub.localDashboardUrl) out(paint.dim(`  on a phone or the projector laptop: ${hub.dashboardUrl}`));
  out();
  if (hub.forwarder) {
    out(`Programme server: every record is forwarded to ${hub.forwarder.status.url} (kept here too; nothing is lost while it is away).`);
    out(paint.dim('  After the session, laptops send there (pulse, share) with the token their join gave them.'));
    out();
  }
  out(`Data: ${hub.dir}`);
  out(paint.dim('Press Ctrl-C to stop; starting the same session again resumes it.'));
}

