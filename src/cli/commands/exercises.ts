import type { Command } from 'commander';
import { action } from '../action.js';

/**
 * Commands of issue 3: next, status, hint, diff, reset, list, goto, and `dev check` / `dev new` for
 * pack authors. Implementations live in src/exercises/ and are loaded only when a command runs.
 */
interface Common {
  pack?: string;
  workspace?: string;
  lang?: string;
  profile?: string;
  json?: boolean;
}

function withCommonOptions(command: Command): Command {
  return command
    .option('--pack <dir>', 'exercise pack folder (default: the exercises shipped with workshop)')
    .option('--workspace <dir>', 'where exercise folders are created (default: the profile\'s workspace, else ~/codex-workshop)')
    .option('--lang <lang>', LANG_HELP)
    .option('--profile <file>', 'workshop profile from your facilitator (default: $WORKSHOP_PROFILE, else the shipped one)')
    .option('--json', 'print one JSON document (and nothing else) on stdout');
}

const load = () => import('../../exercises/commands.js');

/** The same `--lang` on every participant command: chosen once, remembered (src/i18n/choose-language.ts). */
export const LANG_HELP = 'language of everything workshop prints: en or ja, remembered for later commands (default: the last --lang, else the profile\'s language, else your system\'s)';

export function registerExerciseCommands(program: Command): void {
  withCommonOptions(
    program
      .command('next')
      .description('Start the next exercise, or check the one in progress and move on when it passes.')
      .option('-y, --yes', 'set an exercise folder up again without asking if it was deleted'),
  )
    .addHelpText(
      'after',
      '\nExit codes: 0 exercise set up or passed, 1 checked and not passed yet, 2 bad usage or a broken exercise pack.\nState lives in your config folder (WORKSHOP_HOME overrides it).',
    )
    .action(action(async (options: Common & { yes?: boolean }) => (await load()).nextCommand(options)));

  withCommonOptions(program.command('brief').description('Show the brief of the exercise in progress again (what to do, the folder, the line that starts Codex).')).action(
    action(async (options: Common) => (await load()).briefCommand(options)),
  );

  withCommonOptions(program.command('status').description('Show each exercise: done, current or pending, with attempts, minutes and Codex sessions.')).action(
    action(async (options: Common) => (await load()).statusCommand(options)),
  );

  withCommonOptions(program.command('hint').description('Show one more hint for the exercise in progress.')).action(
    action(async (options: Common) => (await load()).hintCommand(options)),
  );

  withCommonOptions(
    program
      .command('diff')
      .description('Show what changed in the exercise folder since it was set up: this is how you review what Codex did.')
      .option('--stat', 'only list the changed files with a count of changed lines'),
  ).action(action(async (options: Common & { stat?: boolean }) => (await load()).diffCommand(options)));

  withCommonOptions(
    program
      .command('reset')
      .description('Put the exercise folder back to its starting files (what was there is kept; --undo brings it back).')
      .option('-y, --yes', 'do not ask for confirmation (needed when not in an interactive terminal)')
      .option('--undo', 'bring back what the last reset put aside'),
  ).action(action(async (options: Common & { yes?: boolean; undo?: boolean }) => (await load()).resetCommand(options)));

  withCommonOptions(program.command('list').description('List the exercises of the pack with titles and minutes.')).action(
    action(async (options: Common) => (await load()).listCommand(options)),
  );

  withCommonOptions(
    program
      .command('goto')
      .argument('<exercise>', 'the exercise to jump to: its number in `workshop list` (e.g. 3) or its id')
      .description('Jump to an exercise (joined late, or your facilitator asked you to).'),
  ).action(action(async (id: string, options: Common) => (await load()).gotoCommand(id, options)));

  const dev = program.command('dev').description('For exercise pack authors: check and scaffold exercises.');
  dev
    .command('check')
    .argument('[dir]', 'the pack folder (default: --pack, else the shipped exercises)')
    .description('Prove a pack: every untouched starter fails, every solution passes, every variant gets the verdict in its expect.json.')
    .option('--pack <dir>', 'the pack folder (same as DIR)')
    .option('--json', 'print one JSON document (and nothing else) on stdout')
    .addHelpText('after', '\nExit codes: 0 every case as expected, 1 a mismatch, 2 a broken pack.')
    .action(action(async (dir: string | undefined, options: { pack?: string; json?: boolean }) => (await load()).devCheckCommand(dir, options)));
  dev
    .command('new')
    .argument('<exercise-id>', 'folder name of the new exercise, e.g. 09-weekly-report')
    .description('Scaffold an exercise with every file (exercise.json, briefs, starter/, solution/, variants/, rehearsal.json) and add it to pack.json.')
    .option('--pack <dir>', 'the pack folder (default: the current folder, which must hold pack.json; a new folder becomes a new pack)')
    .option('--json', 'print one JSON document (and nothing else) on stdout')
    .action(action(async (id: string, options: { pack?: string; json?: boolean }) => (await load()).devNewCommand(id, options)));
}
