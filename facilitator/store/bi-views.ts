/**
 * Where BI tools read (issue 13): a schema `bi` of read-only views, documented in docs/bi.md.
 *
 * The funnel and segment rules are TypeScript (facilitator/programme/report-data.ts) and stay there:
 * SQL that re-implemented them would drift. Each time the programme report is built from the store,
 * its per-person and per-date facts are saved (`Store.saveReportFacts`) into the `report_*` tables, and
 * the funnel, segments and dates views only count those facts. Attendance, daily usage and use cases
 * read the live tables (session lines, usage, roster) and are matched the way the report matches them.
 *
 * `BI_MIGRATION` is migration 3. Once shipped it is never edited: a change is a new migration.
 * The SQL is split on `;` at a line end (migrations.ts): no statement here may hold one inside.
 */

export type BiViewName = 'people' | 'attendance' | 'funnel' | 'segments' | 'dates' | 'daily_usage' | 'use_cases';

export interface BiView {
  name: BiViewName;
  /** Rows about one person (name, email): left out of a role made with `--aggregates-only`. */
  personal: boolean;
}

export const BI_VIEWS: readonly BiView[] = [
  { name: 'people', personal: true },
  { name: 'attendance', personal: true },
  { name: 'funnel', personal: false },
  { name: 'segments', personal: false },
  { name: 'dates', personal: false },
  { name: 'daily_usage', personal: true },
  { name: 'use_cases', personal: true },
];

export function isBiView(name: string): name is BiViewName {
  return BI_VIEWS.some((v) => v.name === name);
}

// Emails compare as facilitator/programme/ids.ts normalizeEmail does (trimmed, lower case); team
// labels as use-cases.ts teamLabel does ("(no team)" for an empty one).
const BI_SQL = `
-- The report's facts per person (roster members, and walk-ins with on_roster false), as last built.
create table report_people (
  programme_id text not null references programmes(id) on delete cascade,
  email text not null,
  on_roster boolean not null,
  name text not null,
  team text not null,
  invited_to text,
  attended text[] not null default '{}',
  returned boolean not null default false,
  ready_before_session boolean,
  tried boolean,
  finished boolean,
  exercises_passed integer,
  segment text check (segment in ('notStarted', 'triedOnly', 'continued')),
  regular boolean,
  anchor_day date,
  active_weeks integer,
  use_days integer,
  window_open boolean,
  use_cases_shared integer,
  primary key (programme_id, email)
);

-- The report's figures per date, as last built.
create table report_sessions (
  programme_id text not null references programmes(id) on delete cascade,
  session_id text not null,
  session_date date not null,
  starts_at timestamptz not null,
  invited integer,
  not_yet_attended integer not null,
  attended integer not null,
  returning_attendees integer not null,
  ready_before_session integer not null,
  walk_ins integer not null,
  primary key (programme_id, session_id)
);

-- When the facts above were last saved, from which report, and a hash to skip rewriting unchanged facts.
create table report_refreshes (
  programme_id text primary key references programmes(id) on delete cascade,
  refreshed_at timestamptz not null,
  generated_at timestamptz not null,
  window_days integer not null,
  regular_min_weeks integer not null,
  facts_hash text not null
);

-- Shared use cases are few among many events: found without reading every line.
create index session_lines_use_cases on session_lines (programme_id) where kind = 'event' and (line->'event'->>'type') = 'usecase.shared';

create schema bi;

create view bi.people as
select p.programme_id, p.email, p.name, p.team,
  case when r.key->>'kind' = 'id' then r.key->>'id' end as key_id,
  case when r.key->>'kind' = 'hint' then r.key->>'hint' end as key_hint,
  p.invited_to,
  p.attended[1] as first_session,
  cardinality(p.attended) as dates_attended,
  p.returned, p.ready_before_session, p.tried, p.finished, p.exercises_passed,
  p.segment, p.regular, p.anchor_day, p.active_weeks, p.use_days, p.window_open, p.use_cases_shared,
  f.refreshed_at
from report_people p
join report_refreshes f on f.programme_id = p.programme_id
left join (
  select distinct on (programme_id, lower(btrim(email))) programme_id, lower(btrim(email)) as email, key
  from roster order by programme_id, lower(btrim(email)), position desc
) r on r.programme_id = p.programme_id and r.email = p.email
where p.on_roster;

create view bi.attendance as
with joins as (
  select programme_id, session_id, lower(btrim(line->'participant'->>'email')) as email,
    (array_agg(line->'participant'->>'name' order by origin, seq))[1] as name,
    (array_agg(btrim(line->'participant'->>'team') order by origin, seq))[1] as team,
    min((line->>'at')::timestamptz) as first_joined_at,
    count(*)::int as joins
  from session_lines
  where kind = 'join' and btrim(coalesce(line->'participant'->>'email', '')) <> ''
  group by programme_id, session_id, lower(btrim(line->'participant'->>'email'))
)
select j.programme_id, j.session_id, s.session_date, j.email,
  coalesce(p.name, nullif(btrim(j.name), ''), j.email) as name,
  coalesce(p.team, case when coalesce(j.team, '') = '' then '(no team)' else j.team end) as team,
  r.email is not null as on_roster,
  j.first_joined_at, j.joins,
  case when p.email is null then null else j.session_id = any(p.attended) end as counted_as_attended,
  f.refreshed_at
from joins j
left join (select distinct programme_id, lower(btrim(email)) as email from roster) r on r.programme_id = j.programme_id and r.email = j.email
left join report_people p on p.programme_id = j.programme_id and p.email = j.email
left join report_sessions s on s.programme_id = j.programme_id and s.session_id = j.session_id
left join report_refreshes f on f.programme_id = j.programme_id;

create view bi.funnel as
select p.programme_id,
  case when grouping(p.team) = 1 then 'overall' else 'team' end as scope,
  case when grouping(p.team) = 1 then null else p.team end as team,
  count(*)::int as invited,
  count(*) filter (where p.ready_before_session)::int as ready_before_session,
  count(*) filter (where cardinality(p.attended) > 0)::int as attended,
  count(*) filter (where p.tried)::int as tried,
  count(*) filter (where p.finished)::int as finished,
  count(*) filter (where p.segment = 'continued')::int as continued,
  round(100.0 * count(*) filter (where p.ready_before_session) / count(*), 1) as ready_before_session_percent,
  round(100.0 * count(*) filter (where cardinality(p.attended) > 0) / count(*), 1) as attended_percent,
  round(100.0 * count(*) filter (where p.tried) / count(*), 1) as tried_percent,
  round(100.0 * count(*) filter (where p.finished) / count(*), 1) as finished_percent,
  round(100.0 * count(*) filter (where p.segment = 'continued') / count(*), 1) as continued_percent,
  max(f.refreshed_at) as refreshed_at
from report_people p
join report_refreshes f on f.programme_id = p.programme_id
where p.on_roster
group by grouping sets ((p.programme_id, p.team), (p.programme_id));

create view bi.segments as
select p.programme_id,
  case when grouping(p.team) = 1 then 'overall' else 'team' end as scope,
  case when grouping(p.team) = 1 then null else p.team end as team,
  count(*)::int as invited,
  count(*) filter (where p.segment = 'notStarted')::int as not_started,
  count(*) filter (where p.segment = 'triedOnly')::int as tried_only,
  count(*) filter (where p.segment = 'continued')::int as continued,
  count(*) filter (where p.regular)::int as regular,
  count(*) filter (where p.window_open and cardinality(p.attended) > 0)::int as window_still_open,
  max(f.window_days) as window_days,
  max(f.regular_min_weeks) as regular_min_weeks,
  max(f.refreshed_at) as refreshed_at
from report_people p
join report_refreshes f on f.programme_id = p.programme_id
where p.on_roster
group by grouping sets ((p.programme_id, p.team), (p.programme_id));

create view bi.dates as
select s.programme_id, s.session_id, s.session_date, s.starts_at, s.invited, s.not_yet_attended, s.attended,
  s.returning_attendees, s.ready_before_session, s.walk_ins, f.refreshed_at
from report_sessions s
join report_refreshes f on f.programme_id = s.programme_id;

create view bi.daily_usage as
with people as (
  select distinct on (programme_id, lower(btrim(email))) programme_id, lower(btrim(email)) as email, name,
    case when btrim(team) = '' then '(no team)' else btrim(team) end as team, key, position
  from roster order by programme_id, lower(btrim(email)), position desc
), sources as (
  (select distinct on (programme_id, key->>'id') programme_id, 'keyId'::text as source_kind, key->>'id' as source_value, email, false as shared
   from people where key->>'kind' = 'id' order by programme_id, key->>'id', position desc)
  union all
  (select programme_id, 'hint', key->>'hint', case when count(*) = 1 then min(email) end, count(*) > 1
   from people where key->>'kind' = 'hint' group by programme_id, key->>'hint')
  union all
  (select programme_id, 'email', email, email, false from people)
)
select u.programme_id, u.day::date as day, u.source_kind, u.source_value,
  s.email is not null as matched, s.email, p.name, p.team,
  u.requests, u.input_tokens, u.output_tokens,
  case when s.email is not null then null when s.shared then 'hint shared by several people' else 'not on the roster' end as unmatched_reason
from usage_days u
left join sources s on s.programme_id = u.programme_id and s.source_kind = u.source_kind and s.source_value = u.source_value
left join people p on p.programme_id = s.programme_id and p.email = s.email;

create view bi.use_cases as
with participants as (
  select distinct on (programme_id, session_id, line->'participant'->>'id') programme_id, session_id,
    line->'participant'->>'id' as participant_id, lower(btrim(line->'participant'->>'email')) as email,
    btrim(line->'participant'->>'name') as name, btrim(line->'participant'->>'team') as team
  from session_lines where kind = 'join'
  order by programme_id, session_id, line->'participant'->>'id', origin, seq
), shared as (
  select distinct on (l.programme_id, p.email, l.line->'event'->>'id')
    l.programme_id, l.session_id, p.email, p.name as join_name, p.team as join_team, l.line->'event' as e,
    least((l.line->'event'->>'ts')::timestamptz, (l.line->>'receivedAt')::timestamptz) as at
  from session_lines l
  join participants p on p.programme_id = l.programme_id and p.session_id = l.session_id and p.participant_id = l.line->>'participantId'
  where l.kind = 'event' and (l.line->'event'->>'type') = 'usecase.shared' and coalesce(p.email, '') <> ''
  order by l.programme_id, p.email, l.line->'event'->>'id', at
)
select s.programme_id, s.e->>'id' as event_id, s.session_id, (s.e->>'ts')::timestamptz as shared_at,
  s.email, coalesce(r.name, nullif(s.join_name, ''), s.email) as name,
  case when btrim(coalesce(s.e->>'team', '')) <> '' then btrim(s.e->>'team')
       when btrim(coalesce(r.team, s.join_team, '')) <> '' then btrim(coalesce(r.team, s.join_team))
       else '(no team)' end as team,
  s.e->>'what' as what, s.e->>'frequency' as frequency,
  (s.e->>'minutesSavedPerWeek')::int as minutes_saved_per_week,
  round((s.e->>'minutesSavedPerWeek')::numeric * 52 / 12 / 60, 1) as hours_saved_per_month,
  s.e->>'risk' as risk, (s.e->>'reusable')::boolean as reusable,
  s.e ? 'exerciseId' as from_own_task_exercise,
  row_number() over (partition by s.programme_id, s.email, regexp_replace(lower(s.e->>'what'), '\\s+', ' ', 'g') order by s.at desc, s.e->>'id' desc) = 1 as latest
from shared s
left join (
  select distinct on (programme_id, lower(btrim(email))) programme_id, lower(btrim(email)) as email, name, team
  from roster order by programme_id, lower(btrim(email)), position desc
) r on r.programme_id = s.programme_id and r.email = s.email;

comment on schema bi is 'Read-only views of the workshop programmes for BI tools (docs/bi.md in the codex-workshop kit).';
comment on view bi.people is 'One row per roster member: team, API key id or hint, and the programme report facts (funnel stages, segment) as of refreshed_at.';
comment on view bi.attendance is 'One row per person and date whose hub they joined: first join time, and whether the report counts them as attending.';
comment on view bi.funnel is 'The programme funnel (invited, ready, attended, tried, finished, continued) per team (scope team) and for the programme (scope overall).';
comment on view bi.segments is 'Continued use after the workshop (notStarted, triedOnly, continued, regular) per team and for the programme.';
comment on view bi.dates is 'One row per date of the programme: invited, attended, returning, ready before the session, walk-ins.';
comment on view bi.daily_usage is 'The organisation usage import, one row per key, hint or email per day, with the roster member it belongs to.';
comment on view bi.use_cases is 'Tasks participants shared (workshop share), one row per share; latest marks the answer the report counts.'
`;

export const BI_MIGRATION = {
  version: 3,
  name: 'bi views and the report facts they count',
  sql: BI_SQL,
} as const;
