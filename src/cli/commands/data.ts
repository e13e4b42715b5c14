import type { Command } from 'commander';
import { registerBiRoleCommand } from './data-bi.js';

/** Facilitator: the programme database (issue 13). Each subcommand group registers itself here. */
export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('Facilitator: the programme database (embedded, or PostgreSQL with --database).');
  registerBiRoleCommand(data);
}
