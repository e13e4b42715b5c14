import type { Command } from 'commander';

/** Commands of issue 5: join, help, sync. Not built yet. */
export function registerHubParticipantCommands(_program: Command): void {}
