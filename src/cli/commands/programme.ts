import type { Command } from 'commander';
import { action, positiveInt } from '../action.js';
import { LANG_HELP } from './exercises.js';
import { registerUsageSyncCommands } from './usage-sync.js';

/**
 * Commands of issue 6. Facilitator: `programme`, `roster`, `usage` (implementation in
 * facilitator/programme/). Participant: `pulse` and `share` (src/pulse/, src/share/). Everything
 * loads lazily so `workshop --help` stays fast.
 */
type DataOpts = { data?: string; json?: boolean };
type SettingsOpts = { windowDays?: number; regularWeeks?: number; ownTask?: string; timeZone?: string };

const DATA_HELP = 'folder holding the facilitator data (default: $WORKSHOP_DATA, else the OS data folder)';
// Issue 13: the same imports against a programme server.
type RemoteOpts = { server?: string; tokenFile?: string };
const SERVER_HELP = 'a programme server to import into instead of the data folder (token: WORKSHOP_SERVER_TOKEN or --token-file)';
const TOKEN_FILE_HELP = 'with --server: a file holding a facilitator token';

function settingsOptions(command: Command): Command {
  return command
    .option('--time-zone <iana>', 'time zone the programme\'s days are counted in (default: this computer\'s)')
    .option('--window-days <n>', 'days after the session in which use counts as "continued" (a multiple of 7; default 28)', positiveInt('--window-days'))
    .option('--regular-weeks <n>', 'active weeks in the window that make someone "regular" (default 3)', positiveInt('--regular-weeks'))
    .option('--own-task <exercise id>', 'the pack\'s "own task" exercise (default: the one whose id contains "own-task")');
}

export function registerProgrammeCommands(program: Command): void {
  const programme = program.command('programme').description('Facilitator: a programme is a set of session dates sharing one roster.');

  settingsOptions(
    programme
      .command('create <id>')
      .description('Create a programme (id: lowercase letters, digits, "-" or "_").')
      .requiredOption('--title <title>', 'what participants and the report call it'),
  )
    .option('--data <dir>', DATA_HELP)
    .option('--json', 'print one JSON document (and nothing else) on stdout')
    .action(
      action(async (id: string, options: DataOpts & SettingsOpts & { title: string }) => {
        const { programmeCreate } = await import('../../../facilitator/programme/commands.js');
        return programmeCreate(id, options);
      }),
    );

  settingsOptions(programme.command('set <id>').description("Change a programme's title, time zone or segment settings.").option('--title <title>', 'new title'))
    .option('--data <dir>', DATA_HELP)
    .option('--json', 'print one JSON document (and nothing else) on stdout')
    .action(
      action(async (id: string, options: DataOpts & SettingsOpts & { title?: string }) => {
        const { programmeSet } = await import('../../../facilitator/programme/commands.js');
        return programmeSet(id, options);
      }),
    );

  programme
    .command('show <id>')
    .description('Show a programme: settings, roster size per team, usage imports, dates.')
    .option('--data <dir>', DATA_HELP)
    .option('--json', 'print one JSON document (and nothing else) on stdout')
    .action(
      action(async (id: string, options: DataOpts) => {
        const { programmeShow } = await import('../../../facilitator/programme/commands.js');
        return programmeShow(id, options);
      }),
    );

  programme
    .command('list')
    .description('List the programmes in the data folder.')
    .option('--data <dir>', DATA_HELP)
    .option('--json', 'print one JSON document (and nothing else) on stdout')
    .action(
      action(async (options: DataOpts) => {
        const { programmeList } = await import('../../../facilitator/programme/commands.js');
        return programmeList(options);
      }),
    );

  const roster = program.command('roster').description("Facilitator: the programme's roster of invited people.");
  roster
    .command('import <file>')
    .description('Import people from a CSV (columns email, name, team, optional key and session). Re-importing updates people by email.')
    .requiredOption('--programme <id>', 'the programme')
    .option('--replace', 'replace the roster with this file (people not in it are removed)')
    .option('--data <dir>', DATA_HELP)
    .option('--server <url>', SERVER_HELP)
    .option('--token-file <file>', TOKEN_FILE_HELP)
    .option('--json', 'print one JSON document (and nothing else) on stdout')
    .addHelpText(
      'after',
      '\nAccepted: UTF-8 with or without BOM, Excel "CSV UTF-8", Excel "Unicode text" (UTF-16, tabs), Shift_JIS from Japanese Excel, semicolons.\n' +
        'The key column takes an API key id (key_abc123) or a key hint (sk-…abcd). A full secret key is never stored: only its hint is kept, with a warning.\n' +
        'If any row has a problem, nothing is imported and every problem is listed with its line number.',
    )
    .action(
      action(async (file: string, options: DataOpts & RemoteOpts & { programme: string; replace?: boolean }) => {
        if (options.server) {
          const { remoteRosterImport } = await import('../../../facilitator/server/remote-commands.js');
          return remoteRosterImport(file, { ...options, server: options.server });
        }
        const { rosterImport } = await import('../../../facilitator/programme/commands.js');
        return rosterImport(file, options);
      }),
    );
  roster
    .command('pending')
    .description('Roster members who have not attended any date yet: invite them to the next one.')
    .requiredOption('--programme <id>', 'the programme')
    .option('--format <format>', 'text, csv or json', 'text')
    .option('--data <dir>', DATA_HELP)
    .option('--json', 'same as --format json')
    .action(
      action(async (options: DataOpts & { programme: string; format?: string }) => {
        const { rosterPending } = await import('../../../facilitator/programme/commands.js');
        return rosterPending(options);
      }),
    );

  const usage = program.command('usage').description("Facilitator: the organisation's Codex/API usage, to see who kept using it.");
  usage
    .command('import <file>')
    .description('Import usage: OpenAI usage API JSON pages grouped by api_key_id (completions usage; Costs API pages import as spend), or a CSV with date, key or email, and requests.')
    .requiredOption('--programme <id>', 'the programme')
    .option('--data <dir>', DATA_HELP)
    .option('--server <url>', SERVER_HELP)
    .option('--token-file <file>', TOKEN_FILE_HELP)
    .option('--json', 'print one JSON document (and nothing else) on stdout')
    .addHelpText(
      'after',
      '\nJSON: one page ({"object": "page", "data": [{"start_time", "results": [{"object": "organization.usage.completions.result", "api_key_id", "num_model_requests", …}]}], "has_more"}), an array of pages, or one page per line.\n' +
        'Pages of /organization/costs import as spend; pages of any other endpoint (embeddings, images, …) are refused, and an export whose last page says has_more: true is reported as partial.\n' +
        'People are matched through the roster\'s key column (key id, or a hint such as sk-…abcd or the API\'s sk-abc...def) or their email. Re-importing the same days replaces them.',
    )
    .action(
      action(async (file: string, options: DataOpts & RemoteOpts & { programme: string }) => {
        if (options.server) {
          const { remoteUsageImport } = await import('../../../facilitator/server/remote-commands.js');
          return remoteUsageImport(file, { ...options, server: options.server });
        }
        const { usageImport } = await import('../../../facilitator/programme/commands.js');
        return usageImport(file, options);
      }),
    );
  // Issue 16 (facilitator/usage-sync/, facilitator/admin-api/).
  registerUsageSyncCommands(usage, roster);

  program
    .command('pulse')
    .description('Share how often you have used Codex since your session (counts per day only; asks for your consent once).')
    .option('--yes', 'consent (remembered) and report now')
    .option('--no', 'say no (remembered); nothing is counted')
    .option('--since <day>', 'count from this day (YYYY-MM-DD) instead of your first session on this laptop')
    .option('--json', 'print one JSON document (and nothing else) on stdout')
    .option('--lang <lang>', LANG_HELP)
    .addHelpText('after', '\nCounts the Codex sessions you started per day from the first line of each session log in $CODEX_HOME/sessions (timestamps only: never what you asked, your files or folders).')
    .action(
      action(async (options: { yes?: boolean; no?: boolean; since?: string; json?: boolean }) => {
        const { runPulse } = await import('../../pulse/pulse-command.js');
        return runPulse(options);
      }),
    );

  program
    .command('share')
    .description('Describe a task you now do with Codex, for your organisation\'s catalogue of use cases.')
    .option('--what <text>', 'the task, in one sentence')
    .option('--team <team>', 'the team it is for')
    .option('--frequency <how often>', 'daily, weekly, monthly or occasionally')
    .option('--minutes <n>', 'minutes Codex saves you per week')
    .option('--risk <level>', 'low, medium or high: how bad an unnoticed mistake would be')
    .option('--reusable <yes|no>', 'could others reuse it')
    .option('--exercise <id>', 'the exercise this task came from (e.g. the "own task" exercise)')
    .option('--from-own-task [exercise id]', 'share the answers you wrote in my-task.md of the "own task" exercise (done automatically once it passes)')
    .option('--quest', 'also post the task as a quest on the programme server, without asking (already done when you save time with it)')
    .option('--minutes-each <n>', 'for the quest: minutes the task took each time before Codex')
    .option('--sensitivity <level>', 'for the quest: the data it touches: none, internal, confidential or personal')
    .option('--json', 'print one JSON document (and nothing else) on stdout')
    .option('--lang <lang>', LANG_HELP)
    .action(
      action(async (options: import('../../share/share-command.js').ShareOptions) => {
        const { runShare } = await import('../../share/share-command.js');
        return runShare(options);
      }),
    );
}
