import os from 'node:os';
import { ExitCode, UsageError } from '../../src/core/errors.js';
import { facilitatorDataDir } from '../../src/core/paths.js';
import { paint, printJson } from '../../src/core/terminal.js';
import { validateRoleName, validateRolePassword } from '../store/read-only-role.js';
import { Store, resolveStoreTarget } from '../store/store.js';

/**
 * `workshop data bi-role --name NAME [--database URL]`: the read-only PostgreSQL role BI tools log in
 * with (docs/bi.md). The password comes from WORKSHOP_BI_PASSWORD and is never printed, logged or
 * stored in the clear: the server receives a SCRAM verifier of it.
 */
export const BI_PASSWORD_ENV = 'WORKSHOP_BI_PASSWORD';

export interface BiRoleOptions {
  name: string;
  database?: string;
  data?: string;
  aggregatesOnly?: boolean;
  json?: boolean;
}

export async function dataBiRole(options: BiRoleOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const name = validateRoleName(options.name);
  const target = resolveStoreTarget({ database: options.database, dataDir: facilitatorDataDir(options.data, env), env });
  if (target.kind === 'embedded') {
    // Checked before opening anything: the embedded database must not be created just to say no.
    throw new UsageError(
      'There is no read-only role on the embedded database: it lives inside one workshop process (PGlite), so a BI tool cannot connect to it at all. ' +
        'To give a BI tool the bi views, run the programme on PostgreSQL: move it in with `workshop data migrate --database postgres://…`, ' +
        'then run this command with that --database (or WORKSHOP_DATABASE_URL). Until then, `workshop report --programme ID --format csv` gives the same figures as files.',
    );
  }
  const password = env[BI_PASSWORD_ENV];
  if (!password) {
    throw new UsageError(`Set ${BI_PASSWORD_ENV} to the password the BI tool will log in with (it is read from there so that it never appears in your shell history or on screen), then run the command again.`);
  }
  validateRolePassword(password, BI_PASSWORD_ENV);
  const store = await Store.open(target);
  try {
    const result = await store.grantBiRole({ name, password, aggregatesOnly: options.aggregatesOnly ?? false }, actorName());
    const views = result.views.map((v) => `bi.${v}`);
    if (options.json) {
      printJson({ role: name, created: result.created, database: store.where, views, aggregatesOnly: options.aggregatesOnly ?? false });
      return ExitCode.ok;
    }
    process.stdout.write(
      `${paint.green('✓')} ${result.created ? 'Created' : 'Updated'} the read-only role ${paint.bold(name)} on ${store.where}\n` +
        `  It may read ${views.join(', ')} and nothing else (password from ${BI_PASSWORD_ENV}, not shown).\n` +
        `  In the BI tool: PostgreSQL, database ${result.database}, user ${name}, schema bi. See docs/bi.md.\n`,
    );
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}

function actorName(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}
