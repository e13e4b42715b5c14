import type { PersonRef, Quest, QuestEvent } from '../../src/protocol/quests.js';
import { hoursSaved } from '../quests/hours.js';
import type { QuestRecord, Step } from '../quests/lifecycle.js';
import { recordChange } from './change-log.js';
import { isoTime, type Db, type Sql } from './engine.js';

/**
 * The quests' tables (issue 14, migration 5): `quests` (one row each, as it is now), `quest_events`
 * (every step: who and when) and `quest_reuses` ("I use this too", once per person). The rules of
 * each step are pure (facilitator/quests/lifecycle.ts); this module only stores what a step decided,
 * under a row lock, together with its event and its line in `changes`.
 */

/** What a step sees besides the quest: asked inside its transaction. */
export interface StepContext {
  alreadyReused(personKey: string): Promise<boolean>;
}

/** A step: the new quest and its event, or null when there is nothing to change (a sweep that lost a race). */
export type QuestStep = (quest: QuestRecord, context: StepContext) => Promise<Step | null> | Step | null;

export interface QuestFilter {
  state?: QuestRecord['state'] | QuestRecord['state'][];
  team?: string;
  /** Quests this person posted, claimed or reused. */
  personKey?: string;
  /**
   * Without the long texts (the task as done today, a submission's text, a review's note come back
   * empty): for the board, which shows none of them and reads every quest of the programme; what the
   * database sends is then a few hundred bytes a quest instead of up to tens of kilobytes.
   */
  withoutTexts?: boolean;
}

interface QuestRow {
  id: number;
  title: string;
  today: string;
  team: string;
  often: QuestRecord['often'];
  minutes_each: number;
  risk: QuestRecord['risk'];
  sensitivity: QuestRecord['sensitivity'];
  benefit_teams: string[];
  state: QuestRecord['state'];
  posted_by: PersonRef;
  posted_at: Date | string;
  claimers: PersonRef[];
  claimed_at: Date | string | null;
  last_activity_at: Date | string;
  submission: QuestRecord['submission'] | null;
  review: QuestRecord['review'] | null;
  done_at: Date | string | null;
  reuse_count: number;
}

const COLUMNS = `q.id, q.title, q.today, q.team, q.often, q.minutes_each, q.risk, q.sensitivity, q.benefit_teams, q.state,
  q.posted_by, q.posted_at, q.claimers, q.claimed_at, q.last_activity_at, q.submission, q.review, q.done_at`;
/** COLUMNS with the long texts emptied (QuestFilter.withoutTexts). */
const SHORT_COLUMNS = COLUMNS.replace('q.today,', "'' as today,")
  .replace('q.submission,', `case when q.submission is null then null else jsonb_set(q.submission, '{text}', '""') end as submission,`)
  .replace('q.review,', `case when q.review is null then null else jsonb_set(q.review, '{note}', '""') end as review,`);
const REUSE_COUNT = '(select count(*) from quest_reuses r where r.programme_id = q.programme_id and r.quest_id = q.id)::int as reuse_count';

export async function postQuest(db: Db, programmeId: string, build: (id: number) => { quest: QuestRecord; events: Step['event'][] }, actor: string): Promise<Quest> {
  return db.transaction(async (tx) => {
    // Ids count per programme (#1, #2, …): the programme's row lock makes two posts at once take turns.
    await tx.query('select id from programmes where id = $1 for update', [programmeId]);
    const [next] = await tx.query<{ id: number }>('select coalesce(max(id), 0)::int + 1 as id from quests where programme_id = $1', [programmeId]);
    const { quest, events } = build(next.id);
    await tx.query(
      `insert into quests (programme_id, id, title, today, team, often, minutes_each, risk, sensitivity, benefit_teams, state, posted_by, posted_at, claimers, claimed_at, last_activity_at, submission, review, done_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
      [programmeId, ...questValues(quest)],
    );
    for (const event of events) await insertEvent(tx, programmeId, quest.id, event);
    await recordChange(tx, actor, 'quest.post', programmeId, { quest: quest.id, state: quest.state });
    return toQuest(quest, 0);
  });
}

/** Applies one step to quest `id` under its row lock. Undefined when the quest does not exist. */
export async function changeQuest(db: Db, programmeId: string, id: number, actor: string, step: QuestStep): Promise<Quest | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<QuestRow>(`select ${COLUMNS}, 0 as reuse_count from quests q where q.programme_id = $1 and q.id = $2 for update`, [programmeId, id]);
    if (!row) return undefined;
    const before = fromRow(row);
    const context: StepContext = {
      alreadyReused: async (personKey) => (await tx.query('select 1 from quest_reuses where programme_id = $1 and quest_id = $2 and person_key = $3', [programmeId, id, personKey])).length > 0,
    };
    const done = await step(before, context);
    if (done) {
      await tx.query(
        `update quests set title = $3, today = $4, team = $5, often = $6, minutes_each = $7, risk = $8, sensitivity = $9, benefit_teams = $10, state = $11,
           posted_by = $12, posted_at = $13, claimers = $14, claimed_at = $15, last_activity_at = $16, submission = $17, review = $18, done_at = $19
         where programme_id = $1 and id = $2`,
        [programmeId, ...questValues(done.quest)],
      );
      await insertEvent(tx, programmeId, id, done.event);
      if (done.event.action === 'reuse') {
        const note = typeof done.event.detail.note === 'string' ? done.event.detail.note : null;
        await tx.query('insert into quest_reuses (programme_id, quest_id, person_key, person, at, note) values ($1, $2, $3, $4, $5, $6)', [programmeId, id, done.event.by.key, JSON.stringify(done.event.by), done.event.at, note]);
      }
      await recordChange(tx, actor, `quest.${done.event.action}`, programmeId, { quest: id, state: done.quest.state });
    }
    const [count] = await tx.query<{ n: number }>('select count(*)::int as n from quest_reuses where programme_id = $1 and quest_id = $2', [programmeId, id]);
    return toQuest(done ? done.quest : before, count.n);
  });
}

export async function getQuest(db: Sql, programmeId: string, id: number): Promise<Quest | undefined> {
  const [row] = await db.query<QuestRow>(`select ${COLUMNS}, ${REUSE_COUNT} from quests q where q.programme_id = $1 and q.id = $2`, [programmeId, id]);
  return row ? toQuest(fromRow(row), row.reuse_count) : undefined;
}

/** The programme's quests, newest first, with their reuse counts (one query: the board reads 2,000 at once). */
export async function listQuests(db: Sql, programmeId: string, filter: QuestFilter = {}): Promise<Quest[]> {
  const where = ['q.programme_id = $1'];
  const params: unknown[] = [programmeId];
  if (filter.state) {
    params.push(Array.isArray(filter.state) ? filter.state : [filter.state]);
    where.push(`q.state = any($${params.length}::text[])`);
  }
  if (filter.team) {
    params.push(filter.team);
    where.push(`q.team = $${params.length}`);
  }
  if (filter.personKey) {
    params.push(filter.personKey);
    const p = `$${params.length}`;
    where.push(`(q.posted_by->>'key' = ${p} or q.claimers @> jsonb_build_array(jsonb_build_object('key', ${p}::text))
      or exists (select 1 from quest_reuses m where m.programme_id = q.programme_id and m.quest_id = q.id and m.person_key = ${p}))`);
  }
  const rows = await db.query<QuestRow>(
    `select ${filter.withoutTexts ? SHORT_COLUMNS : COLUMNS}, coalesce(r.n, 0)::int as reuse_count
     from quests q left join (select quest_id, count(*) as n from quest_reuses where programme_id = $1 group by quest_id) r on r.quest_id = q.id
     where ${where.join(' and ')} order by q.id desc`,
    params,
  );
  return rows.map((row) => toQuest(fromRow(row), row.reuse_count));
}

/**
 * A stamp that changes whenever any quest of the programme changes: every step (post, claim, …, reuse,
 * a stale claim given back) inserts its event, and event ids only grow. Lets a reader keep a list it
 * made and know, with one cheap query, that it is still the truth.
 */
export async function questsVersion(db: Sql, programmeId: string): Promise<string> {
  const [row] = await db.query<{ v: string | number | null; n: string | number }>('select max(id) as v, count(*) as n from quest_events where programme_id = $1', [programmeId]);
  return `${row?.v ?? 0}/${row?.n ?? 0}`;
}

/** Claimed quests with no activity since `cutoff`: candidates for the stale-claim sweep. */
export async function staleQuestIds(db: Sql, programmeId: string, cutoff: Date): Promise<number[]> {
  const rows = await db.query<{ id: number }>("select id from quests where programme_id = $1 and state = 'claimed' and last_activity_at <= $2 order by id", [programmeId, cutoff.toISOString()]);
  return rows.map((r) => r.id);
}

export async function questHistory(db: Sql, programmeId: string, id: number): Promise<QuestEvent[]> {
  const rows = await db.query<{ at: Date | string; action: QuestEvent['action']; by_person: PersonRef; detail: Record<string, unknown> }>(
    'select at, action, by_person, detail from quest_events where programme_id = $1 and quest_id = $2 order by id',
    [programmeId, id],
  );
  return rows.map((r) => ({ at: isoTime(r.at), action: r.action, by: r.by_person, detail: r.detail }));
}

export async function questReusers(db: Sql, programmeId: string, id: number): Promise<PersonRef[]> {
  const rows = await db.query<{ person: PersonRef }>('select person from quest_reuses where programme_id = $1 and quest_id = $2 order by at, person_key', [programmeId, id]);
  return rows.map((r) => r.person);
}

/** Quest events since `since` (the weekly digest's "new"), oldest first. */
export async function questEventsSince(db: Sql, programmeId: string, since: Date): Promise<Array<QuestEvent & { questId: number }>> {
  const rows = await db.query<{ quest_id: number; at: Date | string; action: QuestEvent['action']; by_person: PersonRef; detail: Record<string, unknown> }>(
    'select quest_id, at, action, by_person, detail from quest_events where programme_id = $1 and at >= $2 order by id',
    [programmeId, since.toISOString()],
  );
  return rows.map((r) => ({ questId: r.quest_id, at: isoTime(r.at), action: r.action, by: r.by_person, detail: r.detail }));
}

async function insertEvent(tx: Sql, programmeId: string, questId: number, event: Step['event']): Promise<void> {
  await tx.query('insert into quest_events (programme_id, quest_id, at, action, by_person, detail) values ($1, $2, $3, $4, $5, $6)', [
    programmeId,
    questId,
    event.at,
    event.action,
    JSON.stringify(event.by),
    JSON.stringify(event.detail ?? {}),
  ]);
}

/** The quest's columns after programme_id, in table order. */
function questValues(q: QuestRecord): unknown[] {
  return [
    q.id,
    q.title,
    q.today,
    q.team,
    JSON.stringify(q.often),
    q.minutesEach,
    q.risk,
    q.sensitivity,
    JSON.stringify(q.benefitTeams),
    q.state,
    JSON.stringify(q.postedBy),
    q.postedAt,
    JSON.stringify(q.claimers),
    q.claimedAt ?? null,
    q.lastActivityAt,
    q.submission ? JSON.stringify(q.submission) : null,
    q.review ? JSON.stringify(q.review) : null,
    q.doneAt ?? null,
  ];
}

function fromRow(r: QuestRow): QuestRecord {
  return {
    id: r.id,
    title: r.title,
    today: r.today,
    team: r.team,
    often: r.often,
    minutesEach: Number(r.minutes_each),
    risk: r.risk,
    sensitivity: r.sensitivity,
    benefitTeams: r.benefit_teams,
    state: r.state,
    postedBy: r.posted_by,
    postedAt: isoTime(r.posted_at),
    claimers: r.claimers,
    ...(r.claimed_at ? { claimedAt: isoTime(r.claimed_at) } : {}),
    lastActivityAt: isoTime(r.last_activity_at),
    ...(r.submission ? { submission: r.submission } : {}),
    ...(r.review ? { review: r.review } : {}),
    ...(r.done_at ? { doneAt: isoTime(r.done_at) } : {}),
  };
}

/** A record as the protocol shows it: with its reuse count, and for a done quest the hours it saves. */
export function toQuest(record: QuestRecord, reuseCount: number): Quest {
  const hours =
    record.state === 'done' && record.submission
      ? hoursSaved({ minutesEach: record.minutesEach, minutesAfter: record.submission.minutesAfter, often: record.often, reuseCount })
      : undefined;
  return { ...record, reuseCount, ...(hours ? { hours } : {}) };
}
