import type { Command } from 'commander';
import { action } from '../action.js';
import { registerBiRoleCommand } from './data-bi.js';

/**
 * `workshop data …` (issue 13): the programme database. Move the folders in, back the whole database
 * up to one file, restore it. Implementation in facilitator/data/, loaded only when a command runs.
 */
type StoreOpts = { data?: string; database?: string; json?: boolean };

const DATA_HELP = 'folder holding the facilitator data (default: $WORKSHOP_DATA, else the OS data folder)';
const DATABASE_HELP = 'PostgreSQL address postgres://user:password@host:5432/name (default: $WORKSHOP_DATABASE_URL, else the embedded database in <data>/database)';
const JSON_HELP = 'print one JSON document (and nothing else) on stdout';

export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('Facilitator: the programme database: move the folders in, back it up, restore it, give BI tools a read-only role.');

  data
    .command('migrate')
    .description("Bring every programme of the data folder (programme, roster, usage, every date's log) into the database. Running it again adds only what is new.")
    .option('--data <dir>', DATA_HELP)
    .option('--database <url>', DATABASE_HELP)
    .option('--programme <id...>', 'only these programmes (default: all)')
    .option('--replace', "where the database holds a different copy of a programme, the folder's copy wins")
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      '\nThe folders are only read. Each programme moves in whole or not at all (one transaction).\n' +
        'A programme the database already holds differently is reported and left alone, unless --replace.\n' +
        'Exit codes: 0 every programme is in the database, 1 some were left out (see the message), 2 bad options.',
    )
    .action(
      action(async (options: StoreOpts & { programme?: string[]; replace?: boolean }) => {
        const { dataMigrate } = await import('../../../facilitator/data/commands.js');
        return dataMigrate(options);
      }),
    );

  data
    .command('export')
    .description('Write the whole database (every table, token hashes, the change log) to one backup file.')
    .requiredOption('--out <file>', 'the backup file to write (gzip-compressed JSON lines, e.g. workshop-backup.jsonl.gz)')
    .option('--data <dir>', DATA_HELP)
    .option('--database <url>', DATABASE_HELP)
    .option('--json', JSON_HELP)
    .action(
      action(async (options: StoreOpts & { out: string }) => {
        const { dataExport } = await import('../../../facilitator/data/commands.js');
        return dataExport(options);
      }),
    );

  data
    .command('import <file>')
    .description('Restore a backup made by `workshop data export` into an empty database (embedded or PostgreSQL).')
    .option('--data <dir>', DATA_HELP)
    .option('--database <url>', DATABASE_HELP)
    .option('--replace', 'the database holds data: replace all of it with the backup')
    .option('--json', JSON_HELP)
    .addHelpText('after', '\nThe restore is one transaction: a damaged or cut-short file leaves the database exactly as it was.')
    .action(
      action(async (file: string, options: StoreOpts & { replace?: boolean }) => {
        const { dataImport } = await import('../../../facilitator/data/commands.js');
        return dataImport(file, options);
      }),
    );

  registerBiRoleCommand(data);
}
