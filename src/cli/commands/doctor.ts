import type { Command } from 'commander';

/** `workshop doctor` (issue 2). Not built yet. */
export function registerDoctorCommands(_program: Command): void {}
