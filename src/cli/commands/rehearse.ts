import { type Command, InvalidArgumentError } from 'commander';
import { action, positiveInt, secondsUpTo } from '../action.js';

/**
 * `workshop rehearse`: for facilitators before a session, proves that today's Codex (and model) still
 * manage every exercise. Implementation in src/rehearse/, loaded only when the command runs.
 */
const seconds = secondsUpTo(3600);

function runsCount(value: string): number {
  const n = positiveInt('--runs')(value);
  if (n > 50) throw new InvalidArgumentError('must be a whole number from 1 to 50');
  return n;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function registerRehearseCommands(program: Command): void {
  program
    .command('rehearse')
    .description("For facilitators: run every exercise's suggested request through `codex exec` and grade the result, to prove today's Codex and model still manage them.")
    .option('--exercise <id>', 'rehearse only this exercise (repeat the option, or separate ids with commas)', collect)
    .option('--runs <n>', 'runs per exercise (1-50, default 1): more runs show how reliable a live model is', runsCount)
    .option('--timeout <seconds>', 'stop a `codex exec` that takes longer and count the run as failed (default 300 live, 60 scripted)', seconds)
    .option('--scripted', "play the model from each exercise's rehearsal.json on a local scripted API (no login, no network, the kit's pinned Codex)")
    .option('--keep', 'keep the folders of failed runs so you can see what Codex did')
    .option('--pack <dir>', 'exercise pack folder (default: the exercises shipped with workshop)')
    .option('--lang <lang>', "language of the suggested requests: en or ja (default: the profile's language, else your system's)")
    .option('--profile <file>', 'workshop profile (its model is passed to codex with -m; default: $WORKSHOP_PROFILE, else the shipped one)')
    .option('--json', 'print one JSON document (and nothing else) on stdout')
    .addHelpText(
      'after',
      [
        '',
        'Live (default): uses your own `codex` and its login against the real API; it costs tokens.',
        'Each run: a fresh exercise folder set up exactly as `workshop next` does, the suggested request',
        'through `codex exec` (workspace-write sandbox, stdin closed, hard timeout), graded by the real grader.',
        '',
        'Exit codes: 0 every run passed, 1 a run failed (or Codex is not installed / not logged in), 2 bad usage or a broken pack.',
      ].join('\n'),
    )
    .action(
      action(async (options: { exercise?: string[]; runs?: number; timeout?: number; scripted?: boolean; keep?: boolean; pack?: string; lang?: string; profile?: string; json?: boolean }) => {
        const { rehearseCommand } = await import('../../rehearse/command.js');
        return rehearseCommand(options);
      }),
    );
}
