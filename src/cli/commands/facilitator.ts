import type { Command } from 'commander';

/** Commands of issue 5 and 6: host, report. Not built yet. */
export function registerFacilitatorCommands(_program: Command): void {}
