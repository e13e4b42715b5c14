import { BI_MIGRATION } from './bi-views.js';
import type { Db } from './engine.js';
import { DatabaseUnavailable } from './engine.js';

/**
 * The schema, as numbered migrations that only move forward (the JupyterHub/alembic way). A database
 * records which it has; opening the store applies the missing ones in order, each in its own
 * transaction, under an advisory lock so two processes starting at once do not both apply one.
 * Never edit a migration that has shipped: add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'programmes, rosters, sessions, events, usage, tokens, changes',
    sql: `
create table programmes (
  id text primary key,
  title text not null,
  time_zone text not null,
  -- Exact strings as the programme file had them: reports built from the database are byte-identical.
  created_at text not null,
  settings jsonb not null,
  -- The planned dates (programme.json's "sessions"), in order.
  sessions jsonb not null default '[]'::jsonb,
  roster_updated_at text,
  updated_at timestamptz not null default now(),
  updated_by text not null default 'system'
);

create table roster (
  programme_id text not null references programmes(id) on delete cascade,
  email text not null,
  name text not null,
  team text not null,
  key jsonb,
  session text,
  position bigserial,
  updated_at timestamptz not null default now(),
  updated_by text not null default 'system',
  primary key (programme_id, email)
);

-- One hub session (a date): what session.json says, and where it is hosted.
create table hub_sessions (
  programme_id text not null references programmes(id) on delete cascade,
  id text not null,
  meta jsonb not null,
  -- 'server': hosted on the programme server; 'venue': a laptop hub that syncs here.
  hosted text not null check (hosted in ('server', 'venue')),
  -- SHA-256 of the session's facilitator token when hosted here (the dashboard link); never the token.
  facilitator_token_hash text,
  created_at timestamptz not null default now(),
  created_by text not null default 'system',
  primary key (programme_id, id)
);

-- Every line of every session's log: joins, events, facilitator actions, room changes, identities.
-- origin 'hub' lines carry the hub's own sequence (the venue laptop's, or the server's hub); origin
-- 'server' lines reached the server directly after the session (pulse, share).
create table session_lines (
  programme_id text not null,
  session_id text not null,
  origin text not null check (origin in ('hub', 'server')),
  seq integer not null,
  kind text not null,
  line jsonb not null,
  received_at timestamptz not null default now(),
  primary key (programme_id, session_id, origin, seq),
  foreign key (programme_id, session_id) references hub_sessions(programme_id, id) on delete cascade
);
-- An event is stored once, whichever way it came (the venue's outbox, the participant directly).
create unique index session_lines_event_once on session_lines (programme_id, session_id, (line->>'participantId'), (line->'event'->>'id')) where kind = 'event';
-- Participants after the session authenticate with the token they got at join (only its hash is here).
create index session_lines_token on session_lines ((line->>'tokenHash')) where kind = 'join';

create table usage_days (
  programme_id text not null references programmes(id) on delete cascade,
  source_kind text not null check (source_kind in ('keyId', 'hint', 'email')),
  source_value text not null,
  day text not null,
  requests integer not null check (requests >= 0),
  input_tokens bigint,
  output_tokens bigint,
  position bigserial,
  primary key (programme_id, source_kind, source_value, day)
);

create table usage_imports (
  programme_id text not null references programmes(id) on delete cascade,
  position bigserial,
  file text not null,
  imported_at text not null,
  format text not null,
  rows integer not null,
  imported_by text not null default 'system',
  primary key (programme_id, position)
);

create table facilitator_tokens (
  name text primary key,
  role text not null check (role in ('owner', 'facilitator', 'viewer')),
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  created_by text not null,
  revoked_at timestamptz,
  revoked_by text
);

-- Who changed what, when (issue 13: every change records who made it).
create table changes (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  programme_id text,
  detail jsonb not null default '{}'::jsonb
);
create index changes_programme on changes (programme_id, at);
`,
  },
  {
    version: 2,
    name: 'usage as one row per source holding its days',
    sql: `
-- 2,000 keys over a year were 730,000 rows in usage_days: importing them took over a minute on the
-- embedded engine and reading them back over 20 seconds (bench/store.bench.mjs). One row per source
-- (a key id, hint or email) holding its days is 2,000 rows: {"2026-03-01": [requests, input tokens,
-- output tokens], ...}. A later import of a day replaces that day (jsonb || keeps the right side).
create table usage_series (
  programme_id text not null references programmes(id) on delete cascade,
  source_kind text not null check (source_kind in ('keyId', 'hint', 'email')),
  source_value text not null,
  days jsonb not null default '{}'::jsonb,
  primary key (programme_id, source_kind, source_value),
  -- What usage_days checked per row, per day here: a YYYY-MM-DD key, [requests, input, output] with
  -- whole requests >= 0 and token counts null or >= 0.
  constraint usage_series_days_valid check (jsonb_typeof(days) = 'object' and not jsonb_path_exists(days,
    '$.keyvalue() ? (!(@.key like_regex "^[0-9]{4}-[0-9]{2}-[0-9]{2}$") || @.value.type() != "array" || @.value.size() != 3 || @.value[0].type() != "number" || @.value[0] < 0 || @.value[0].floor() != @.value[0] || @.value[1] < 0 || @.value[2] < 0)'))
);

insert into usage_series (programme_id, source_kind, source_value, days)
select programme_id, source_kind, source_value, jsonb_object_agg(day, jsonb_build_array(requests, input_tokens, output_tokens))
from usage_days group by programme_id, source_kind, source_value;

drop table usage_days;

-- The first layout, kept as a read-only view (one row per source per day) for whatever reads it.
create view usage_days as
select s.programme_id, s.source_kind, s.source_value, d.key as day,
  (d.value->>0)::int as requests, (d.value->>1)::bigint as input_tokens, (d.value->>2)::bigint as output_tokens
from usage_series s cross join lateral jsonb_each(s.days) as d
`,
  },
  BI_MIGRATION,
  {
    version: 4,
    name: 'usage days checked where they are written',
    // Migration 2's check walked every day of every row on each write: it doubled the time of an
    // import (bench/store.bench.mjs). The same rules are now checked where days are written
    // (usage-series.ts) and on restore (backup.ts), and refused as a ConstraintViolation there.
    sql: `
alter table usage_series drop constraint if exists usage_series_days_valid
`,
  },
  {
    version: 5,
    name: 'quests: the lifecycle, its history and reuse (issue 14); a facilitator token may name its person',
    // A quest's people are PersonRefs ({key, name, team}): a key derived from the email, never the
    // email itself (facilitator/quests/people.ts). Times are timestamptz; the rest is as the protocol
    // has it (src/protocol/quests.ts).
    sql: `
create table quests (
  programme_id text not null references programmes(id) on delete cascade,
  id integer not null,
  title text not null,
  today text not null,
  team text not null,
  often jsonb not null,
  minutes_each double precision not null,
  risk text not null check (risk in ('low', 'medium', 'high')),
  sensitivity text not null check (sensitivity in ('none', 'internal', 'confidential', 'personal')),
  benefit_teams jsonb not null default '[]'::jsonb,
  state text not null check (state in ('open', 'claimed', 'submitted', 'done')),
  posted_by jsonb not null,
  posted_at timestamptz not null,
  claimers jsonb not null default '[]'::jsonb,
  claimed_at timestamptz,
  last_activity_at timestamptz not null,
  submission jsonb,
  review jsonb,
  done_at timestamptz,
  primary key (programme_id, id)
);
-- The stale-claim sweep and the board's "open" and "in progress" lists.
create index quests_state on quests (programme_id, state, last_activity_at);

-- Every step of every quest: who and when (issue 14).
create table quest_events (
  id bigserial primary key,
  programme_id text not null,
  quest_id integer not null,
  at timestamptz not null,
  action text not null check (action in ('post', 'claim', 'release', 'submit', 'review', 'reuse', 'stale')),
  by_person jsonb not null,
  detail jsonb not null default '{}'::jsonb,
  foreign key (programme_id, quest_id) references quests(programme_id, id) on delete cascade
);
create index quest_events_quest on quest_events (programme_id, quest_id, id);

-- "I use this too": once per person and win.
create table quest_reuses (
  programme_id text not null,
  quest_id integer not null,
  person_key text not null,
  person jsonb not null,
  at timestamptz not null,
  note text,
  primary key (programme_id, quest_id, person_key),
  foreign key (programme_id, quest_id) references quests(programme_id, id) on delete cascade
);

-- A facilitator who is also a participant: their token acts as that person (so they cannot review a
-- quest they claimed as a participant).
alter table facilitator_tokens add column email text
`,
  },
  {
    version: 6,
    name: 'the company skills marketplace: skills, their versions, installs and uses (issue 15)',
    sql: `
create table skills (
  programme_id text not null references programmes(id) on delete cascade,
  name text not null,
  team text not null,
  author jsonb not null,
  quest_id integer,
  created_at timestamptz not null,
  primary key (programme_id, name)
);

-- Every published version, with its files (base64 in jsonb: a skill is at most a few MiB). Only
-- approved versions reach the marketplace.
create table skill_versions (
  programme_id text not null,
  name text not null,
  version integer not null,
  state text not null check (state in ('pending', 'approved', 'rejected')),
  description text not null,
  files jsonb not null,
  bytes integer not null,
  sha256 text not null,
  scripts jsonb not null default '[]'::jsonb,
  published_at timestamptz not null,
  published_by jsonb not null,
  review jsonb,
  primary key (programme_id, name, version),
  foreign key (programme_id, name) references skills(programme_id, name) on delete cascade
);
create index skill_versions_state on skill_versions (programme_id, state);

-- Who has a skill installed now (one row per person and skill; a removal keeps the row, marked).
create table skill_installs (
  programme_id text not null,
  name text not null,
  person_key text not null,
  team text not null,
  version integer,
  installed_at timestamptz not null,
  removed_at timestamptz,
  primary key (programme_id, name, person_key),
  foreign key (programme_id, name) references skills(programme_id, name) on delete cascade
);

-- Sessions that used a skill, per person and day, reported with the person's consent (names only).
create table skill_uses (
  programme_id text not null,
  name text not null,
  person_key text not null,
  team text not null,
  day date not null,
  count integer not null check (count >= 0),
  primary key (programme_id, name, person_key, day),
  foreign key (programme_id, name) references skills(programme_id, name) on delete cascade
)
`,
  },
  {
    version: 7,
    name: 'spend from the Costs API and the state of usage syncs (issue 16)',
    sql: `
-- Spend, laid out like usage_series: one row per source holding its days, {"2026-03-01": amount}.
-- The source is an API key id when the Costs API grouped by key, else a project (with its line item),
-- so the report can say which it had.
create table cost_series (
  programme_id text not null references programmes(id) on delete cascade,
  source_kind text not null check (source_kind in ('keyId', 'project')),
  source_value text not null,
  line_item text not null default '',
  currency text not null,
  days jsonb not null default '{}'::jsonb,
  primary key (programme_id, source_kind, source_value, line_item, currency)
);

-- Where each usage sync stream stands: the last day known complete, and where an interrupted run
-- resumes (its window and next_page cursor). Never a key.
create table usage_sync_state (
  programme_id text not null references programmes(id) on delete cascade,
  stream text not null,
  scope text not null default '',
  synced_through text,
  resume jsonb,
  updated_at timestamptz not null default now(),
  primary key (programme_id, stream, scope)
)
`,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

// Any fixed number: the lock only serialises this kit's migrations on a shared server.
const MIGRATION_LOCK = 712_345_013;

export async function migrate(db: Db): Promise<{ from: number; to: number }> {
  await db.exec('create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())');
  let from = 0;
  for (const migration of MIGRATIONS) {
    const applied = await db.transaction(async (tx) => {
      if (db.kind === 'postgres') await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const [row] = await tx.query<{ version: number }>('select coalesce(max(version), 0)::int as version from schema_migrations');
      from = from || row.version;
      if (row.version > LATEST_VERSION) {
        throw new DatabaseUnavailable(`The database at ${db.where} was set up by a newer version of the kit (schema ${row.version}, this kit knows up to ${LATEST_VERSION}). Update the kit.`);
      }
      if (row.version >= migration.version) return false;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (applied) from = Math.min(from, migration.version - 1);
  }
  return { from, to: LATEST_VERSION };
}

/** Migrations are plain statements separated by `;` at a line end (no functions with bodies). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}
