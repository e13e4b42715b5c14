import { Option, type Command } from 'commander';
import { action, positiveInt } from '../action.js';

/**
 * Facilitator commands of issue 5: `host` (the hub and its dashboard) and `report` (the end-of-session
 * summary). Implementations live in facilitator/ and load lazily.
 */
export interface HostFlags {
  session?: string;
  title?: string;
  port: number;
  bind: string;
  data?: string;
  profile?: string;
  json?: boolean;
}

export interface ReportFlags {
  session: string;
  data?: string;
  format: 'md' | 'html' | 'csv' | 'json';
  out?: string;
  profile?: string;
}

function portNumber(value: string): number {
  if (value === '0') return 0; // any free port (tests, scripts)
  const port = positiveInt('--port')(value);
  if (port > 65535) throw Object.assign(new Error(`--port must be at most 65535, got "${value}"`), { code: 'commander.invalidArgument' });
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
    .action(
      action(async (options: HostFlags) => {
        const { hostCommand } = await import('../../../facilitator/hub/host-command.js');
        return hostCommand(options);
      }),
    );

  program
    .command('report')
    .description('end-of-session summary: attendance, readiness, exercises, where people got stuck, who needs follow-up')
    .requiredOption('--session <id>', 'the session to summarise')
    .option('--data <dir>', 'where sessions are kept (default: the OS data folder, or WORKSHOP_DATA)')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'html', 'csv', 'json']).default('md'))
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--profile <file>', 'workshop profile (for stuckAfterMinutes)')
    .action(
      action(async (options: ReportFlags) => {
        const { reportCommand } = await import('../../../facilitator/report/report-command.js');
        return reportCommand(options);
      }),
    );
}
