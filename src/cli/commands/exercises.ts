import type { Command } from 'commander';

/** Commands of issue 3: next, status, hint, diff, reset, list, goto, dev. Not built yet. */
export function registerExerciseCommands(_program: Command): void {}
