import type { Command } from 'commander';
import { action } from '../action.js';
import { LANG_HELP } from './exercises.js';

/**
 * Participant commands of the facilitator hub (issue 5): join, sync, help. Implementations load
 * lazily from src/report/.
 */
export function registerHubParticipantCommands(program: Command): void {
  program
    .command('join')
    .description("join the facilitator's session: your doctor results and exercise progress appear on their dashboard")
    .argument('[url]', 'the hub address on the screen, e.g. http://192.168.1.20:4545')
    .option('--code <code>', 'the session code on the screen, e.g. ABCD-1234')
    .option('--name <name>', 'your name as the facilitator should see it')
    .option('--email <email>', 'your work email')
    .option('--team <team>', 'your team (e.g. Sales, Finance)')
    .option('--table <table>', 'where you sit (e.g. T3), so a helper can find you')
    .option('--confirm <code>', 'continue on this laptop as yourself: the 6-digit code your other laptop (or the dashboard) shows')
    .option('--json', 'print one JSON object instead of text')
    .option('--lang <lang>', LANG_HELP)
    .addHelpText('after', '\nAsks for what is missing when run in a terminal; in scripts pass --code, --name, --email and --team.\nJoined already on another laptop? Join here, then: workshop join --confirm CODE')
    .action(
      action(async (url: string | undefined, options: { code?: string; name?: string; email?: string; team?: string; table?: string; confirm?: string; json?: boolean }) => {
        const { joinCommand } = await import('../../report/participant-commands.js');
        return joinCommand(url, options);
      }),
    );

  program
    .command('sync')
    .description('send your saved results to the hub now (they are also sent after every command)')
    .option('--json', 'print one JSON object instead of text')
    .option('--lang <lang>', LANG_HELP)
    .action(
      action(async (options: { json?: boolean }) => {
        const { syncCommand } = await import('../../report/participant-commands.js');
        return syncCommand(options);
      }),
    );

  // A `help` command replaces commander's implicit `help [command]`; `workshop help doctor` still
  // shows the help of `doctor` (see below), so the habit keeps working.
  program.helpCommand(false);
  program
    .command('help')
    .description('raise your hand on the facilitator\'s dashboard: workshop help "what is wrong"; lower it with --done')
    .argument('[message...]', 'what you need help with (up to 280 characters)')
    .option('--done', 'lower your hand')
    .option('--json', 'print one JSON object instead of text')
    .option('--lang <lang>', LANG_HELP)
    .action(
      action(async (words: string[], options: { done?: boolean; json?: boolean }) => {
        const asked = words.length === 1 ? program.commands.find((c) => c.name() === words[0] && c.name() !== 'help') : undefined;
        if (asked && !options.done) {
          asked.outputHelp();
          const [{ messages }, { participantLanguage }] = await Promise.all([import('../../i18n/index.js'), import('../../i18n/choose-language.js')]);
          process.stdout.write(`\n${messages(participantLanguage()).hub.helpForCommand({ command: words[0] })}\n`);
          return 0;
        }
        const { readHubLink } = await import('../../report/hub-link.js');
        if (words.length === 0 && !options.done && !(await readHubLink())) {
          program.outputHelp();
          return 0;
        }
        const { handCommand } = await import('../../report/participant-commands.js');
        return handCommand(words, options);
      }),
    );
}
