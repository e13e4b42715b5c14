import type { Command } from 'commander';

/** Commands of issue 6: programme, roster, usage, pulse, share. Not built yet. */
export function registerProgrammeCommands(_program: Command): void {}
