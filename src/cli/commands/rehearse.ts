import type { Command } from 'commander';

/** Commands of issue 4: rehearse. Not built yet. */
export function registerRehearseCommands(_program: Command): void {}
