import type { Command } from 'commander';
import { registerQuestBoardCommand } from './quest-board.js';
import { action } from '../action.js';
import { LANG_HELP } from './exercises.js';

/**
 * `workshop quest …` (issue 14): recurring tasks people want automated, on the programme server,
 * picked up, built, reviewed by a second person and reused. Implementations load lazily from
 * src/quests/commands.ts. A participant is known by their join (the hub link on this laptop); a
 * facilitator by WORKSHOP_SERVER_TOKEN or --token-file.
 */
type Impl = typeof import('../../quests/commands.js');
const impl = (): Promise<Impl> => import('../../quests/commands.js');

function common(command: Command): Command {
  return command
    .option('--server <url>', "the programme server (default: the one your join leads to)")
    .option('--token-file <file>', 'facilitators: a file holding a server token (or set WORKSHOP_SERVER_TOKEN)')
    .option('--programme <id>', 'facilitators: the programme (default: the one your join belongs to)')
    .option('--json', 'print the server\'s answer as one JSON document (and nothing else) on stdout')
    .option('--lang <lang>', LANG_HELP);
}

export function registerQuestCommands(program: Command): void {
  const quest = program
    .command('quest')
    .description('Quests: post a recurring task you want automated, pick one up, submit what you built, review, reuse')
    .addHelpText(
      'after',
      '\nThe lifecycle: open → claimed (one person or a pair) → submitted → done (a second person reviewed it; high risk or\n' +
        'sensitive data needs a facilitator). "I use this too": workshop quest reuse ID. Details: docs/quests.md',
    );

  common(
    quest
      .command('post')
      .description('post a task you (or your team) do again and again, for someone to automate')
      .option('--title <text>', 'the task in a few words')
      .option('--today <text>', 'how it is done today')
      .option('--team <team>', 'the team that does it (default: yours)')
      .option('--often <how often>', 'daily, weekly, monthly, 3/week, 2/month…')
      .option('--minutes-each <n>', 'minutes it takes each time, today')
      .option('--risk <level>', 'low, medium or high: how bad an unnoticed mistake would be')
      .option('--sensitivity <level>', 'the data it touches: none, internal, confidential or personal')
      .option('--benefit <teams>', 'other teams it would help, comma-separated')
      .option('--done', 'you already did it: post it claimed and submitted (with --kind, --text or --text-file, --minutes-after)')
      .option('--kind <kind>', 'with --done: what you built: prompt, skill, script or howto')
      .option('--text <text>', 'with --done: the prompt, or the steps others can follow')
      .option('--text-file <file>', 'with --done: read --text from this file')
      .option('--minutes-after <n>', 'with --done: minutes the task takes now, each time'),
  )
    .addHelpText('after', '\nIn a terminal, what is missing is asked; in scripts give --title, --today, --often, --minutes-each, --risk and --sensitivity.')
    .action(action(async (options) => (await impl()).runQuestPost(options)));

  common(
    quest
      .command('list')
      .description('list quests: open ones to pick up, work in progress, reviewed wins with their hours saved')
      .option('--state <states>', 'open, claimed, submitted or done (comma-separated)')
      .option('--team <team>', "only this team's quests")
      .option('--mine', 'only quests you posted, claimed or use')
      .option('--limit <n>', 'at most this many, newest first (default 100; all for every one)'),
  ).action(action(async (options) => (await impl()).runQuestList(options)));

  common(quest.command('show').description('one quest: what it is, who did what and when, the review, hours saved').argument('<id>', 'the quest number')).action(
    action(async (id: string, options) => (await impl()).runQuestShow(id, options)),
  );

  common(quest.command('claim').description('pick up an open quest, alone or as a pair').argument('<id>', 'the quest number').option('--with <email>', "your partner's work email (someone of the programme)")).action(
    action(async (id: string, options) => (await impl()).runQuestClaim(id, options)),
  );

  common(quest.command('release').description('give a quest you claimed back (open again for anyone)').argument('<id>', 'the quest number').option('--note <text>', 'why, for the next person')).action(
    action(async (id: string, options) => (await impl()).runQuestRelease(id, options)),
  );

  common(
    quest
      .command('submit')
      .description('submit what you built for a quest you claimed (a second person reviews it)')
      .argument('<id>', 'the quest number')
      .option('--kind <kind>', 'prompt, skill, script or howto')
      .option('--text <text>', 'the prompt, or the steps others can follow')
      .option('--text-file <file>', 'read --text from this file')
      .option('--minutes-after <n>', 'minutes the task takes now, each time'),
  ).action(action(async (id: string, options) => (await impl()).runQuestSubmit(id, options)));

  common(
    quest
      .command('review')
      .description("review someone else's submission: does it work on real input, is the risk acceptable?")
      .argument('<id>', 'the quest number')
      .option('--approve', 'it works on real input and the risk is acceptable: the quest is done')
      .option('--changes', 'send it back to the people who claimed it')
      .option('--note <text>', 'what you tried it on (or what should change)'),
  ).action(action(async (id: string, options) => (await impl()).runQuestReview(id, options)));

  common(quest.command('reuse').description('"I use this too": on a done quest, counts you in its hours saved').argument('<id>', 'the quest number').option('--note <text>', 'how you use it')).action(
    action(async (id: string, options) => (await impl()).runQuestReuse(id, options)),
  );

  registerQuestBoardCommand(quest);
}
