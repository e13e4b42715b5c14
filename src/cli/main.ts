import { sanitizeText } from '../core/sanitize.js';
import { Command, CommanderError } from 'commander';
import { ExitCode, UserError } from '../core/errors.js';
import { kitVersion } from '../core/paths.js';
import { redactSecrets } from '../core/secret.js';
import { reportAfterCommand } from '../report/after-command.js';
import { registerDataCommands } from './commands/data.js';
import { registerDoctorCommands } from './commands/doctor.js';
import { registerExerciseCommands } from './commands/exercises.js';
import { registerFacilitatorCommands } from './commands/facilitator.js';
import { registerHubParticipantCommands } from './commands/hub-participant.js';
import { registerProgrammeCommands } from './commands/programme.js';
import { registerQuestCommands } from './commands/quests.js';
import { registerRehearseCommands } from './commands/rehearse.js';
import { registerServerCommands } from './commands/server.js';
import { registerSessionCommands } from './commands/session.js';
import { registerSkillsCommands } from './commands/skills.js';
import { afterParticipantCommand } from './participant-hooks.js';

/**
 * The CLI: parses the command line and dispatches; nothing else. Each command group lives in
 * src/cli/commands/ and loads its implementation lazily, so `workshop --help` stays fast.
 */
export function buildProgram(): Command {
  const program = new Command('workshop')
    .description('Hands-on Codex CLI workshops: check your setup, do graded exercises, and (for facilitators) run the room.')
    .version(kitVersion(), '-V, --version', 'print the kit version')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureHelp({ sortSubcommands: false });

  registerDoctorCommands(program);
  registerExerciseCommands(program);
  registerRehearseCommands(program);
  registerHubParticipantCommands(program);
  registerFacilitatorCommands(program);
  registerProgrammeCommands(program);
  registerQuestCommands(program);
  registerServerCommands(program);
  registerDataCommands(program);
  registerSessionCommands(program);
  registerSkillsCommands(program);
  // The participant's language, settled before any participant command runs (a `--lang` is remembered).
  program.hook('preAction', async (_root, actionCommand) => {
    const top = topCommandName(program, actionCommand);
    if (!PARTICIPANT_COMMANDS.has(top)) return;
    const options = actionCommand.opts() as { lang?: string; profile?: string };
    const { settleLanguage } = await import('../i18n/choose-language.js');
    await settleLanguage({ flag: options.lang, profileFile: options.profile });
  });
  program.hook('postAction', (_root, actionCommand) => afterParticipantCommand(program, actionCommand));
  return program;
}

/** Commands a participant types: they speak the participant's language and take `--lang`. */
const PARTICIPANT_COMMANDS = new Set(['doctor', 'next', 'brief', 'status', 'hint', 'diff', 'reset', 'list', 'goto', 'join', 'sync', 'help', 'pulse', 'share', 'skills', 'quest']);

function topCommandName(program: Command, command: Command): string {
  let c = command;
  while (c.parent && c.parent !== program) c = c.parent;
  return c.name();
}

export async function main(argv: string[]): Promise<void> {
  // Issue 11: the laptop's background activity reporter (src/report/activity-start.ts starts it).
  // Not a command: no parsing, no hooks, no output, no sync after it.
  if (argv[2] === '__activity-watch' && argv.length === 3) {
    const { runActivityWatch } = await import('../report/activity-watch.js');
    await runActivityWatch().catch(() => undefined);
    process.exit(0);
  }
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = await exitCodeFor(error);
  }
  // Joined to a hub: send what this command recorded (bounded to 1.5 s, never fails the command).
  await reportAfterCommand(argv);
}

/** Errors in the participant's language (the catalogue loads only when an error is printed). */
async function wording(): Promise<{ lang: string; word: typeof import('../i18n/participant/word-error.js') }> {
  const [word, { participantLanguage }] = await Promise.all([import('../i18n/participant/word-error.js'), import('../i18n/choose-language.js')]);
  return { lang: participantLanguage(), word };
}

async function exitCodeFor(error: unknown): Promise<number> {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (unknown option, missing argument, help).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof UserError) {
    const { lang, word } = await wording();
    // Issue 12: errors quote what a hub, a pack or a file said: through the one sanitiser.
    process.stderr.write(`${sanitizeText(redactSecrets(word.wordError(error, lang)))}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  const text = await wording().then(({ lang, word }) => word.wordUnexpected(redactSecrets(message), lang)).catch(
    () => `workshop hit an unexpected problem: ${redactSecrets(message)}\nRun it again with WORKSHOP_DEBUG=1 for details, and show this to your facilitator.`,
  );
  process.stderr.write(`${sanitizeText(text)}\n`);
  if (process.env.WORKSHOP_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${redactSecrets(error.stack)}\n`);
  return ExitCode.failure;
}
