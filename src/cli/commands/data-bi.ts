import type { Command } from 'commander';
import { action } from '../action.js';

/**
 * `workshop data bi-role` (issue 13): kept apart from the other `data` subcommands so that each
 * lands without touching the other's file. Implementation in facilitator/data/bi-role.ts.
 */
export function registerBiRoleCommand(data: Command): void {
  data
    .command('bi-role')
    .description('Create or update the read-only PostgreSQL role a BI tool (Metabase, Grafana) logs in with: it may read the bi views and nothing else. Password from WORKSHOP_BI_PASSWORD.')
    .requiredOption('--name <role>', 'the role name (lowercase letters, digits, "_"), e.g. metabase')
    .option('--database <url>', 'the PostgreSQL database (default: $WORKSHOP_DATABASE_URL); the embedded database has no roles')
    .option('--data <dir>', 'folder holding the facilitator data (default: $WORKSHOP_DATA, else the OS data folder)')
    .option('--aggregates-only', 'grant only the views without one row per person (funnel, segments, dates)')
    .option('--json', 'print one JSON document (and nothing else) on stdout')
    .action(
      action(async (options: { name: string; database?: string; data?: string; aggregatesOnly?: boolean; json?: boolean }) => {
        const { dataBiRole } = await import('../../../facilitator/data/bi-role.js');
        return dataBiRole(options);
      }),
    );
}
