import type { Command } from 'commander';
import { action } from '../action.js';

/**
 * Issue 13: `workshop session push` sends a finished venue session to the programme server (what
 * `host --sync` would have forwarded, had the server been reachable). Implementation in
 * facilitator/sync/, loaded lazily.
 */
export interface SessionPushFlags {
  session: string;
  sync: string;
  programme?: string;
  data?: string;
  json?: boolean;
}

export function registerSessionCommands(program: Command): void {
  const session = program.command('session').description('Facilitator: a hosted session (date) as a whole');
  session
    .command('push')
    .description("send a session's log to the programme server (from where the server has it up to); token in WORKSHOP_SERVER_TOKEN")
    .requiredOption('--session <id>', 'the session to send (its folder name, e.g. 2026-03-05)')
    .requiredOption('--sync <url>', "the programme server's address")
    .option('--programme <id>', 'the programme the session is a date of (default: found from the session folder)')
    .option('--data <dir>', 'where sessions are kept (default: the OS data folder, or WORKSHOP_DATA)')
    .option('--json', 'print one JSON object instead of text')
    .action(
      action(async (options: SessionPushFlags) => {
        const { pushCommand } = await import('../../../facilitator/sync/push-command.js');
        return pushCommand(options);
      }),
    );
}
