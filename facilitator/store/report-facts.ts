import { createHash } from 'node:crypto';
import type { ProgrammeReport } from '../programme/report-data.js';
import { isoTime, type Db } from './engine.js';

/**
 * The facts the `bi` views count (bi-views.ts): what a programme report built from the store says
 * about each person (roster members and walk-ins) and each date. The funnel and segment rules stay in
 * report-data.ts; SQL only counts their results. Facts identical to the saved ones are left as they
 * are (`refreshed_at` is when they last changed); two reports saved at once are serialised, the later
 * one wins.
 */
export async function saveReportFacts(db: Db, programmeId: string, report: ProgrammeReport): Promise<{ refreshedAt: string; rewritten: boolean }> {
  const people = [
    ...report.people.map((p) => ({
      email: p.email,
      on_roster: true,
      name: p.name,
      team: p.team,
      invited_to: p.invitedTo ?? null,
      attended: p.attended,
      returned: p.returning,
      ready_before_session: p.readyBeforeSession,
      tried: p.tried,
      finished: p.finished,
      exercises_passed: p.exercisesPassed,
      segment: p.segment,
      regular: p.regular,
      anchor_day: p.anchorDay ?? null,
      active_weeks: p.activeWeeks,
      use_days: p.useDays,
      window_open: p.windowOpen,
      use_cases_shared: p.useCasesShared,
    })),
    ...report.walkIns.map((w) => ({ email: w.email, on_roster: false, name: w.name, team: w.team, attended: w.attended, returned: w.attended.length > 1 })),
  ];
  const dates = report.dates.map((d) => ({
    session_id: d.session,
    session_date: d.date,
    starts_at: d.startsAt,
    invited: d.invited,
    not_yet_attended: d.notYetAttended,
    attended: d.attended,
    returning_attendees: d.returning,
    ready_before_session: d.readyBeforeSession,
    walk_ins: d.walkIns,
  }));
  const settings = { window_days: report.settings.windowDays, regular_min_weeks: report.settings.regularMinWeeks };
  // A dashboard asks for the report again and again: unchanged facts (10,000 people) are not rewritten.
  const hash = createHash('sha256').update(JSON.stringify({ people, dates, settings })).digest('hex');
  return db.transaction(async (tx) => {
    // Two saves at once would both delete, then both insert the same keys: one waits for the other.
    await tx.query("select pg_advisory_xact_lock(hashtext('report-facts/' || $1))", [programmeId]);
    const [previous] = await tx.query<{ facts_hash: string; refreshed_at: Date | string }>('select facts_hash, refreshed_at from report_refreshes where programme_id = $1', [programmeId]);
    // A report that finds the saved facts writes nothing: reading again and again leaves the database,
    // and so its backups, as they were.
    if (previous?.facts_hash === hash) return { refreshedAt: isoTime(previous.refreshed_at), rewritten: false };
    await tx.query('delete from report_people where programme_id = $1', [programmeId]);
    await tx.query('delete from report_sessions where programme_id = $1', [programmeId]);
    for (let i = 0; i < people.length; i += 1000) {
      await tx.query(
        `insert into report_people (programme_id, email, on_roster, name, team, invited_to, attended, returned, ready_before_session, tried, finished,
           exercises_passed, segment, regular, anchor_day, active_weeks, use_days, window_open, use_cases_shared)
         select $1, x.email, x.on_roster, x.name, x.team, x.invited_to, array(select jsonb_array_elements_text(x.attended)), x.returned, x.ready_before_session,
           x.tried, x.finished, x.exercises_passed, x.segment, x.regular, x.anchor_day::date, x.active_weeks, x.use_days, x.window_open, x.use_cases_shared
         from jsonb_to_recordset($2::jsonb) as x(email text, on_roster boolean, name text, team text, invited_to text, attended jsonb, returned boolean,
           ready_before_session boolean, tried boolean, finished boolean, exercises_passed int, segment text, regular boolean, anchor_day text,
           active_weeks int, use_days int, window_open boolean, use_cases_shared int)`,
        [programmeId, JSON.stringify(people.slice(i, i + 1000))],
      );
    }
    if (dates.length > 0) {
      await tx.query(
        `insert into report_sessions (programme_id, session_id, session_date, starts_at, invited, not_yet_attended, attended, returning_attendees, ready_before_session, walk_ins)
         select $1, x.session_id, x.session_date::date, x.starts_at::timestamptz, x.invited, x.not_yet_attended, x.attended, x.returning_attendees, x.ready_before_session, x.walk_ins
         from jsonb_to_recordset($2::jsonb) as x(session_id text, session_date text, starts_at text, invited int, not_yet_attended int, attended int,
           returning_attendees int, ready_before_session int, walk_ins int)`,
        [programmeId, JSON.stringify(dates)],
      );
    }
    const [row] = await tx.query<{ refreshed_at: Date | string }>(
      `insert into report_refreshes (programme_id, refreshed_at, generated_at, window_days, regular_min_weeks, facts_hash) values ($1, now(), $2, $3, $4, $5)
       on conflict (programme_id) do update set refreshed_at = excluded.refreshed_at, generated_at = excluded.generated_at,
         window_days = excluded.window_days, regular_min_weeks = excluded.regular_min_weeks, facts_hash = excluded.facts_hash
       returning refreshed_at`,
      [programmeId, report.generatedAt, settings.window_days, settings.regular_min_weeks, hash],
    );
    return { refreshedAt: isoTime(row.refreshed_at), rewritten: true };
  });
}
