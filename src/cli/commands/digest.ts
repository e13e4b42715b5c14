import { type Command, Option } from 'commander';
import type { DigestOptions } from '../../../facilitator/quests/digest-command.js';
import { action } from '../action.js';

/**
 * `workshop digest` (issue 14): the weekly email about quests and reviewed wins, for a team or for the
 * facilitator. Implementation in facilitator/quests/digest-command.ts, loaded only when it runs.
 */
export function registerDigestCommand(program: Command): void {
  program
    .command('digest')
    .description('Facilitator: the weekly email about quests: new reviewed wins and the hours they save, open quests, what is worth trying (and who to invite to office hours)')
    .requiredOption('--programme <id>', 'the programme')
    .option('--team <team>', 'the team the digest is for (default: every team)')
    .option('--since <date>', 'what counts as new: from this day (YYYY-MM-DD, in the programme\'s time zone) or ISO time (default: 7 days ago)')
    .addOption(new Option('--audience <who>', 'team: for participants; facilitator: adds who tried Codex in the session and has not used it since').choices(['team', 'facilitator']).default('team'))
    .addOption(new Option('--lang <lang>', 'language of the digest').choices(['en', 'ja']).default('en'))
    .addOption(new Option('--format <format>', 'Markdown or one self-contained HTML email').choices(['md', 'html']).default('md'))
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--json', 'print one JSON document: subject, the text (or the file written) and the digest data')
    .option('--data <dir>', 'folder holding the facilitator data and its embedded database (default: $WORKSHOP_DATA, else the OS data folder)')
    .option('--database <url>', 'PostgreSQL address postgres://user:password@host:5432/name (default: $WORKSHOP_DATABASE_URL, else the embedded database in <data>/database)')
    .option('--server <url>', 'get the digest from a programme server (token: WORKSHOP_SERVER_TOKEN or --token-file; the facilitator audience needs a facilitator or owner token)')
    .option('--token-file <file>', 'with --server: a file holding a facilitator token')
    .option('--pack <dir>', 'with --audience facilitator, on the database directly: the exercise pack the report counts against (default: the shipped one)')
    .addHelpText(
      'after',
      '\nHours saved come only from reviewed wins: (minutes before − minutes after) × times a month × people using it (the builder plus everyone who marked "I use this too"). Each win shows its computation.\n' +
        'Participant text (titles, names, teams) is escaped in both formats; the HTML has inline styles only, no script and nothing to fetch.\n' +
        'Examples:\n  workshop digest --programme spring --team Finance --format html --out finance.html\n  workshop digest --programme spring --audience facilitator --lang ja --server https://workshop.example.com',
    )
    .action(
      action(async (options: DigestOptions) => {
        const { digestCommand } = await import('../../../facilitator/quests/digest-command.js');
        return digestCommand(options);
      }),
    );
}
