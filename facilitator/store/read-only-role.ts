import { ExitCode, UsageError, UserError } from '../../src/core/errors.js';
import { BI_VIEWS, type BiViewName } from './bi-views.js';
import type { Sql } from './engine.js';

/**
 * The read-only role for BI tools on PostgreSQL (issue 13): a LOGIN role that may read the views of
 * schema `bi` and nothing else. Only the store runs this SQL (Store.grantBiRole); the command in
 * facilitator/data/bi-role.ts reads the password and prints the result.
 *
 * The views read the tables with their owner's rights (PostgreSQL views are not security_invoker by
 * default), so the role needs no right on the tables themselves, and gets none: after granting, every
 * relation and schema of the database is checked, and anything more than "select on these views"
 * undoes the whole change.
 */
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const ROLE_MARK = 'codex-workshop: read-only BI role (workshop data bi-role)';

export function validateRoleName(raw: string): string {
  const name = raw.trim();
  if (!ROLE_NAME.test(name) || name.startsWith('pg_')) {
    throw new UsageError(`"${raw}" is not a usable role name: use 1–63 lowercase letters, digits or "_", starting with a letter or "_" and not with "pg_" (for example metabase or bi_reader).`);
  }
  return name;
}

/** Printable ASCII, long enough to resist guessing over the network. */
export function validateRolePassword(password: string, variable: string): void {
  if (password.length < 12 || password.length > 200 || !/^[\x21-\x7e]+$/.test(password)) {
    throw new UsageError(`${variable} must hold 12 to 200 printable ASCII characters without spaces (the value itself is not shown). For example: export ${variable}="$(openssl rand -base64 24)".`);
  }
}

export function viewsFor(aggregatesOnly: boolean): BiViewName[] {
  return BI_VIEWS.filter((v) => !aggregatesOnly || !v.personal).map((v) => v.name);
}

// `name` has passed validateRoleName: quoting it is enough to use it as an identifier.
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface ExistingRole {
  oid: number;
  rolsuper: boolean;
  rolcreaterole: boolean;
  rolcreatedb: boolean;
  rolreplication: boolean;
  rolbypassrls: boolean;
}

/**
 * Creates or updates the role inside the caller's transaction. `verifier` is a SCRAM verifier, never
 * the password. Refuses a role that is more than a plain login (the server's own user, an admin):
 * turning it read-only would break whatever uses it.
 */
export async function applyReadOnlyRole(tx: Sql, input: { name: string; verifier: string; views: BiViewName[] }): Promise<{ created: boolean; database: string }> {
  const role = ident(input.name);
  // One bi-role at a time per cluster: two at once would race on "create role".
  await tx.query("select pg_advisory_xact_lock(hashtext('codex-workshop/bi-role'))");
  const [me] = await tx.query<{ me: string; db: string }>('select current_user as me, current_database() as db');
  if (me.me === input.name) throw new UsageError(`"${input.name}" is the user the kit itself connects as: choose another --name for the read-only role.`);
  const [existing] = await tx.query<ExistingRole>('select oid::int as oid, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls from pg_roles where rolname = $1', [input.name]);
  if (existing) {
    const powers = (['rolsuper', 'rolcreaterole', 'rolcreatedb', 'rolreplication', 'rolbypassrls'] as const).filter((k) => existing[k]);
    const [owns] = await tx.query<{ n: number }>("select count(*)::int as n from pg_shdepend where refclassid = 'pg_authid'::regclass and refobjid = $1 and deptype = 'o'", [existing.oid]);
    const [member] = await tx.query<{ n: number }>('select count(*)::int as n from pg_auth_members where member = $1', [existing.oid]);
    if (powers.length > 0 || owns.n > 0 || member.n > 0) {
      const why = [...powers.map((p) => p.replace(/^rol/, '').toUpperCase()), ...(owns.n > 0 ? ['owns objects'] : []), ...(member.n > 0 ? ['is a member of other roles'] : [])];
      throw new UserError(`The role "${input.name}" already exists and is more than a read-only login (${why.join(', ')}): choose another --name; nothing was changed.`, ExitCode.usage);
    }
  }
  const attributes = `login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls connection limit 10 password '${input.verifier}'`;
  await tx.query(existing ? `alter role ${role} with ${attributes}` : `create role ${role} with ${attributes}`);
  // A second fence for clients that only read: writing needs `set transaction read write` first, and
  // there is nothing the role may write anyway. A runaway dashboard query is stopped after 5 minutes.
  await tx.query(`alter role ${role} set default_transaction_read_only = on`);
  await tx.query(`alter role ${role} set statement_timeout = '5min'`);
  // Start from nothing (an update may narrow an earlier grant), then grant exactly the views.
  const schemas = await tx.query<{ nspname: string }>(
    "select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema' and has_schema_privilege(current_user, oid, 'usage')",
  );
  for (const { nspname } of schemas) {
    await tx.query(`revoke all on all tables in schema ${ident(nspname)} from ${role}`);
    await tx.query(`revoke all on all sequences in schema ${ident(nspname)} from ${role}`);
    await tx.query(`revoke all on schema ${ident(nspname)} from ${role}`);
  }
  await tx.query(`grant connect on database ${ident(me.db)} to ${role}`);
  await tx.query(`grant usage on schema bi to ${role}`);
  for (const view of input.views) await tx.query(`grant select on bi.${view} to ${role}`);
  await tx.query(`comment on role ${role} is '${ROLE_MARK}'`);
  const problems = await readOnlyProblems(tx, input.name, input.views);
  if (problems.length > 0) {
    throw new UserError(
      `The role "${input.name}" would get more than reading the bi views, so nothing was changed:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix these as the database owner (see docs/bi.md, "The read-only role"), then run the command again.`,
      ExitCode.failure,
    );
  }
  return { created: !existing, database: me.db };
}

/**
 * Everything the role may do beyond selecting from the granted views, as sentences: rights on other
 * relations it can reach (also through PUBLIC; a table in a schema it may not enter is out of reach), and the right to create objects in a schema (PostgreSQL before 15
 * gives every user CREATE on schema public).
 */
export async function readOnlyProblems(tx: Sql, name: string, views: string[]): Promise<string[]> {
  const rows = await tx.query<{ nspname: string; relname: string; can_select: boolean; can_write: boolean }>(
    `select n.nspname, c.relname,
       has_schema_privilege($1, n.oid, 'usage') and has_table_privilege($1, c.oid, 'select') as can_select,
       has_schema_privilege($1, n.oid, 'usage') and has_table_privilege($1, c.oid, 'insert,update,delete,truncate,references,trigger') as can_write
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'v', 'm', 'p', 'f') and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'`,
    [name],
  );
  const allowed = new Set(views.map((v) => `bi.${v}`));
  const problems: string[] = [];
  for (const row of rows) {
    const qualified = `${row.nspname}.${row.relname}`;
    if (row.can_write) problems.push(`it could change ${qualified}`);
    if (row.can_select && !allowed.has(qualified)) problems.push(`it could read ${qualified}`);
  }
  const creatable = await tx.query<{ nspname: string }>(
    "select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema' and has_schema_privilege($1, oid, 'create')",
    [name],
  );
  for (const { nspname } of creatable) {
    problems.push(`it could create tables in schema ${nspname} (PostgreSQL before 15 allows this to everyone: revoke create on schema ${nspname} from public)`);
  }
  const [db] = await tx.query<{ create: boolean }>("select has_database_privilege($1, current_database(), 'create') as create", [name]);
  if (db.create) problems.push('it could create schemas in this database');
  return problems;
}
