import { InvalidArgumentError, Option, type Command } from 'commander';
import type { HostCommandOptions } from '../../../facilitator/hub/host-command.js';
import { facilitatorDataDir } from '../../core/paths.js';
import { action, positiveInt } from '../action.js';
import { registerDigestCommand } from './digest.js';

/**
 * Facilitator commands of issue 5: `host` (the hub and its dashboard) and `report` (the end-of-session
 * summary). Implementations live in facilitator/ and load lazily. With `--programme` (issue 6) they
 * host one date of a programme, or report on the whole programme (facilitator/programme/).
 */

/** What commander parses for `host`: the hub's options, with the programme date's start as typed. */
export type HostFlags = Omit<HostCommandOptions, 'startsAt'> & { starts?: string; server?: string };

export interface ReportFlags {
  session: string;
  data?: string;
  format: 'md' | 'html' | 'csv' | 'json';
  out?: string;
  profile?: string;
}

export function portNumber(value: string): number {
  if (value === '0') return 0; // any free port (tests, scripts)
  const port = positiveInt('--port')(value);
  if (port > 65535) throw new InvalidArgumentError(`--port must be at most 65535, got "${value}"`);
  return port;
}

export function registerFacilitatorCommands(program: Command): void {
  program
    .command('host')
    .description('run the hub for a session: participants join it, you watch the live dashboard')
    .option('--session <id>', "session id (a folder name; default: today's date, so a restart the same day resumes)")
    .option('--title <title>', 'session title shown on the dashboard and in reports')
    .option('--port <port>', 'TCP port', portNumber, 4545)
    .option('--bind <address>', 'address to listen on: 0.0.0.0 = every network (the room needs it), 127.0.0.1 = this computer only', '0.0.0.0')
    .option('--data <dir>', 'where sessions are kept (default: the OS data folder, or WORKSHOP_DATA)')
    .option('--profile <file>', 'workshop profile (stuckAfterMinutes and more)')
    .option('--json', 'print one JSON line when ready ({joinUrl, code, dashboardUrl, session, dataDir}) and nothing else on stdout')
    .option('--programme <id>', 'host one date of a programme (issue 6): --session is then the day, YYYY-MM-DD or YYYY-MM-DD-label (default: today)')
    .option('--starts <HH:MM>', "with --programme: when the session starts, in the programme's time zone (default 09:00); doctor results before it count as ready before the session")
    .option('--server <url>', 'host the date on the programme server at this address instead of this computer (token in WORKSHOP_SERVER_TOKEN); prints the join line and dashboard link, then exits')
    .option('--sync <url>', 'with --programme: forward every record to the programme server at this address when it is reachable (kept here too); token in WORKSHOP_SERVER_TOKEN')
    .action(
      action(async (options: HostFlags, command: Command) => {
        if (options.server) {
          // The server hosts the date: options about this computer's hub would be silently ignored.
          const local = ['port', 'bind', 'data', 'profile', 'sync'].filter((name) => command.getOptionValueSource(name) === 'cli');
          if (local.length > 0) {
            const { UsageError } = await import('../../core/errors.js');
            throw new UsageError(`--server hosts the date on the programme server: ${local.map((n) => `--${n}`).join(', ')} belong to a hub on this computer. Leave them out.`);
          }
          const { hostOnServerCommand } = await import('../../../facilitator/server/host-on-server.js');
          return hostOnServerCommand({ server: options.server, session: options.session, starts: options.starts, title: options.title, programme: options.programme, json: options.json });
        }
        const { hostCommand } = await import('../../../facilitator/hub/host-command.js');
        if (options.programme) {
          const { prepareProgrammeSession } = await import('../../../facilitator/programme/host-session.js');
          const date = await prepareProgrammeSession({ dataDir: facilitatorDataDir(options.data), programmeId: options.programme, session: options.session, starts: options.starts, title: options.title });
          return hostCommand({ ...options, session: date.sessionId, title: date.title, programme: date.programme.id, startsAt: date.startsAt });
        }
        if (options.starts) {
          const { UsageError } = await import('../../core/errors.js');
          throw new UsageError('--starts belongs to a date of a programme: add --programme ID (see `workshop programme create`).');
        }
        return hostCommand(options);
      }),
    );

  program
    .command('report')
    .description('end-of-session summary: attendance, readiness, exercises, where people got stuck, who needs follow-up')
    .option('--session <id>', 'the session to summarise')
    .option('--programme <id>', 'without --session: the adoption report of a whole programme (funnel, segments, teams, dates, use cases); with --session: that date of the programme')
    .option('--data <dir>', 'where sessions are kept (default: the OS data folder, or WORKSHOP_DATA)')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'html', 'csv', 'json']).default('md'))
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--profile <file>', 'workshop profile (for stuckAfterMinutes)')
    .option('--pack <dir>', 'with --programme: the exercise pack, for "finished" and the own-task exercise (default: the shipped one)')
    .option('--server <url>', 'with --programme: get the report from a programme server (token: WORKSHOP_SERVER_TOKEN or --token-file)')
    .option('--token-file <file>', 'with --server: a file holding a facilitator token')
    .action(
      action(async (options: Omit<ReportFlags, 'session'> & { session?: string; programme?: string; pack?: string; server?: string; tokenFile?: string }) => {
        if (options.server) {
          if (!options.programme || options.session) {
            const { UsageError } = await import('../../core/errors.js');
            throw new UsageError('--server reports on a whole programme: give --programme ID (and no --session).');
          }
          const { remoteReportCommand } = await import('../../../facilitator/server/remote-commands.js');
          return remoteReportCommand({ ...options, server: options.server, programme: options.programme });
        }
        if (options.programme && !options.session) {
          const { programmeReportCommand } = await import('../../../facilitator/programme/report-command.js');
          return programmeReportCommand({ ...options, programme: options.programme });
        }
        if (!options.session) {
          const { UsageError } = await import('../../core/errors.js');
          throw new UsageError('Say what to report on: --session ID (one session) or --programme ID (a whole programme).');
        }
        const { reportCommand } = await import('../../../facilitator/report/report-command.js');
        return reportCommand({ ...options, session: options.session });
      }),
    );

  registerDigestCommand(program);

  // Issue 11: steering the room from the hub's computer (the dashboard has the same buttons).
  const room = program.command('room').description("steer the room: a message to every laptop, or the exercise the room should be on");
  const where = (command: Command) =>
    command
      .option('--session <id>', "the session (default: today's date)")
      .option('--programme <id>', 'the programme the session is a date of')
      .option('--data <dir>', 'where sessions are kept (default: the OS data folder, or WORKSHOP_DATA)')
      .option('--json', 'print one JSON object instead of text');
  where(
    room
      .command('say')
      .description('show a message on every laptop (next command, and in `workshop status`): "move on to exercise 3", "break until 11:00"')
      .argument('<message...>', 'the message (up to 280 characters)'),
  ).action(
    action(async (words: string[], options: RoomFlags) => {
      const { roomCommand } = await import('../../../facilitator/hub/room-command.js');
      return roomCommand({ type: 'message', text: words.join(' ') }, options);
    }),
  );
  where(room.command('clear').description('take the message down')).action(
    action(async (options: RoomFlags) => {
      const { roomCommand } = await import('../../../facilitator/hub/room-command.js');
      return roomCommand({ type: 'message', text: '' }, options);
    }),
  );
  where(
    room
      .command('target')
      .description('set the exercise the room should be on now; the dashboard shows who is more than one behind')
      .argument('<exercise>', 'an exercise id (e.g. 03-meeting-actions) or its number in the pack (3); "none" clears it'),
  ).action(
    action(async (exercise: string, options: RoomFlags) => {
      const { roomCommand } = await import('../../../facilitator/hub/room-command.js');
      return roomCommand({ type: 'target', exercise }, options);
    }),
  );
}

export interface RoomFlags {
  session?: string;
  programme?: string;
  data?: string;
  json?: boolean;
}
