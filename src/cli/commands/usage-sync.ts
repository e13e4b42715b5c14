import type { Command } from 'commander';
import { action } from '../action.js';

/**
 * Issue 16: `usage sync` (usage and spend from the OpenAI Admin API) and `roster keys` (a project's
 * API keys matched to roster members), registered next to `usage import` and `roster import`.
 * Implementations in facilitator/usage-sync/ and facilitator/roster-keys/, loaded when a command runs.
 */
type Where = { programme: string; data?: string; database?: string; server?: string; tokenFile?: string; json?: boolean };

const DATA_HELP = 'folder holding the facilitator data (default: $WORKSHOP_DATA, else the OS data folder)';
const ADMIN_KEY_NOTE =
  '\nThe admin key is read from OPENAI_ADMIN_KEY only (never a flag, never written anywhere, never printed).\n' +
  'Create it in platform.openai.com → Organization settings → Admin keys, with read-only permissions.';

/** Where the programme is; `--server` only for the sync (`roster keys` reads and writes the roster where it is kept). */
function where(command: Command, options: { server: boolean }): Command {
  command
    .requiredOption('--programme <id>', 'the programme')
    .option('--data <dir>', DATA_HELP)
    .option('--database <url>', 'the programme database instead of the folder: postgres://… or embedded:FOLDER (default when the programme has no folder: $WORKSHOP_DATABASE_URL, else <data>/database)');
  if (options.server) {
    command
      .option('--server <url>', 'a programme server holding the programme (token: WORKSHOP_SERVER_TOKEN or --token-file)')
      .option('--token-file <file>', 'with --server: a file holding a facilitator token');
  }
  return command
    .option('--api-base <url>', 'the Admin API address (default https://api.openai.com/v1; for a proxy)')
    .option('--json', 'print one JSON document (and nothing else) on stdout');
}

export function registerUsageSyncCommands(usage: Command, roster: Command): void {
  where(
    usage
      .command('sync')
      .description("Fetch the organisation's completions usage and spend per API key and day from the OpenAI Admin API.")
      .option('--project <id>', 'only this project (proj_…); default: the whole organisation')
      .option('--since <day>', 'read from this day (YYYY-MM-DD, UTC) instead of where the last sync stopped'),
    { server: true },
  )
    .addHelpText(
      'after',
      `${ADMIN_KEY_NOTE}\n` +
        'First sync: from 90 days before the programme\'s first date (use before training counts in the report). Later syncs: from the\n' +
        'last 2 days synced (late data replaces them). Only complete days (UTC) are read. Interrupted? Run it again: it continues\n' +
        'at the page where it stopped. Exit codes: 0 synced, 1 the API or the store refused (see the message), 2 bad options.',
    )
    .action(
      action(async (options: Where & { project?: string; since?: string; apiBase?: string }) => {
        const { usageSync } = await import('../../../facilitator/usage-sync/command.js');
        return usageSync(options);
      }),
    );

  where(
    roster
      .command('keys')
      .description("List a project's API keys, match them to roster members by their owner's email, and (--apply) write the key ids into the roster.")
      .requiredOption('--project <id>', 'the project whose keys are listed (proj_…)')
      .option('--apply', "write the matches into the roster's key column (key ids only, never secrets)"),
    { server: false },
  )
    .addHelpText(
      'after',
      `${ADMIN_KEY_NOTE}\n` +
        'Keys owned by service accounts belong to no one. Someone with several keys gets the one used most recently; the others are listed.\n' +
        'A roster key id that differs from the API\'s is reported, not overwritten.',
    )
    .action(
      action(async (options: Where & { project: string; apply?: boolean; apiBase?: string }) => {
        const { rosterKeys } = await import('../../../facilitator/roster-keys/command.js');
        return rosterKeys(options);
      }),
    );
}
