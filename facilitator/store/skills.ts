import type { PersonRef } from '../../src/protocol/quests.js';
import type { Skill, SkillFile, SkillVersion, SkillVersionState } from '../../src/protocol/skills.js';
import { recordChange } from './change-log.js';
import { isoTime, type Db, type Sql } from './engine.js';

/**
 * The skills marketplace's tables (issue 15, migration 6): `skills` (one row per name: team, author,
 * the quest it came from), `skill_versions` (every published version with its files; pending until a
 * facilitator approves or rejects it), `skill_installs` (who has it now) and `skill_uses` (consented
 * per-day use counts, names only). The rules (who may publish a new version, who may review) are the
 * caller's (facilitator/skills/); this module stores what they decided, in one transaction each.
 */

export interface NewVersion {
  name: string;
  team: string;
  questId?: number;
  description: string;
  files: SkillFile[];
  bytes: number;
  sha256: string;
  scripts: string[];
  by: PersonRef;
  at: string;
}

/** What the caller checks before a version is added: the skill as it is (undefined when new). */
export type PublishCheck = (existing: { author: PersonRef; team: string; versions: Array<{ version: number; state: SkillVersionState; sha256: string }> } | undefined) => void;

interface SkillRow {
  name: string;
  team: string;
  author: PersonRef;
  quest_id: number | null;
  description: string;
  approved_version: number | null;
  latest_version: number;
  latest_state: SkillVersionState;
  installs_by_team: Record<string, number> | null;
  uses: number;
}

const SKILL_SELECT = `
select s.name, s.team, s.author, s.quest_id,
  coalesce(a.description, l.description) as description,
  a.version as approved_version, l.version as latest_version, l.state as latest_state,
  i.by_team as installs_by_team,
  coalesce(u.uses, 0)::int as uses
from skills s
join lateral (select version, state, description from skill_versions v where v.programme_id = s.programme_id and v.name = s.name order by version desc limit 1) l on true
left join lateral (select version, description from skill_versions v where v.programme_id = s.programme_id and v.name = s.name and v.state = 'approved' order by version desc limit 1) a on true
left join lateral (
  select jsonb_object_agg(team, n) as by_team
  from (select team, count(*)::int as n from skill_installs x where x.programme_id = s.programme_id and x.name = s.name and x.removed_at is null group by team) t
) i on true
left join lateral (select sum(count) as uses from skill_uses w where w.programme_id = s.programme_id and w.name = s.name) u on true
where s.programme_id = $1`;

function toSkill(r: SkillRow): Skill {
  const byTeam = r.installs_by_team ?? {};
  return {
    name: r.name,
    team: r.team,
    author: r.author,
    ...(r.quest_id !== null ? { questId: r.quest_id } : {}),
    description: r.description,
    ...(r.approved_version !== null ? { approvedVersion: r.approved_version } : {}),
    latestVersion: r.latest_version,
    latestState: r.latest_state,
    installs: { people: Object.values(byTeam).reduce((a, b) => a + b, 0), byTeam },
    uses: r.uses,
  };
}

export async function listSkills(db: Sql, programmeId: string, options: { approvedOnly?: boolean } = {}): Promise<Skill[]> {
  const rows = await db.query<SkillRow>(`${SKILL_SELECT}${options.approvedOnly ? ' and a.version is not null' : ''} order by s.name`, [programmeId]);
  return rows.map(toSkill);
}

export async function getSkill(db: Sql, programmeId: string, name: string): Promise<{ skill: Skill; versions: SkillVersion[] } | undefined> {
  const [row] = await db.query<SkillRow>(`${SKILL_SELECT} and s.name = $2`, [programmeId, name]);
  if (!row) return undefined;
  const versions = await db.query<VersionRow>(`select ${VERSION_COLUMNS} from skill_versions where programme_id = $1 and name = $2 order by version`, [programmeId, name]);
  return { skill: toSkill(row), versions: versions.map(toVersion) };
}

interface VersionRow {
  version: number;
  state: SkillVersionState;
  description: string;
  listing: Array<{ path: string; bytes: number; executable: boolean }>;
  bytes: number;
  sha256: string;
  scripts: string[];
  published_at: Date | string;
  published_by: PersonRef;
  review: SkillVersion['review'] | null;
}

// The file list without the contents (a listing never carries megabytes).
const VERSION_COLUMNS = `version, state, description, bytes, sha256, scripts, published_at, published_by, review,
  (select coalesce(jsonb_agg(jsonb_build_object('path', f->>'path', 'bytes', (f->>'bytes')::int, 'executable', (f->>'executable')::boolean)), '[]'::jsonb) from jsonb_array_elements(files) f) as listing`;

function toVersion(r: VersionRow): SkillVersion {
  return {
    version: r.version,
    state: r.state,
    description: r.description,
    publishedAt: isoTime(r.published_at),
    publishedBy: r.published_by,
    files: r.listing,
    bytes: r.bytes,
    sha256: r.sha256,
    scripts: r.scripts,
    ...(r.review ? { review: r.review } : {}),
  };
}

/** A new version (1 for a new skill), pending review. `check` may refuse (a name taken by someone else). */
export async function publishSkillVersion(db: Db, programmeId: string, input: NewVersion, check: PublishCheck, actor: string): Promise<{ skill: Skill; version: SkillVersion }> {
  const version = await db.transaction(async (tx) => {
    // The programme's row lock: two publishes of one new name take turns.
    await tx.query('select id from programmes where id = $1 for update', [programmeId]);
    const [skill] = await tx.query<{ author: PersonRef; team: string }>('select author, team from skills where programme_id = $1 and name = $2', [programmeId, input.name]);
    const versions = skill ? await tx.query<{ version: number; state: SkillVersionState; sha256: string }>('select version, state, sha256 from skill_versions where programme_id = $1 and name = $2 order by version', [programmeId, input.name]) : [];
    check(skill ? { ...skill, versions } : undefined);
    if (!skill) {
      await tx.query('insert into skills (programme_id, name, team, author, quest_id, created_at) values ($1, $2, $3, $4, $5, $6)', [programmeId, input.name, input.team, JSON.stringify(input.by), input.questId ?? null, input.at]);
    } else if (input.questId !== undefined) {
      await tx.query('update skills set quest_id = $3 where programme_id = $1 and name = $2', [programmeId, input.name, input.questId]);
    }
    const next = (versions.at(-1)?.version ?? 0) + 1;
    // Each file's size is kept next to its bytes, so a listing never decodes them.
    const files = input.files.map((f) => ({ ...f, bytes: Buffer.from(f.content, 'base64').length }));
    await tx.query(
      `insert into skill_versions (programme_id, name, version, state, description, files, bytes, sha256, scripts, published_at, published_by)
       values ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10)`,
      [programmeId, input.name, next, input.description, JSON.stringify(files), input.bytes, input.sha256, JSON.stringify(input.scripts), input.at, JSON.stringify(input.by)],
    );
    await recordChange(tx, actor, 'skill.publish', programmeId, { name: input.name, version: next, scripts: input.scripts.length });
    return next;
  });
  const found = (await getSkill(db, programmeId, input.name))!;
  return { skill: found.skill, version: found.versions.find((v) => v.version === version)! };
}

/** Approves or rejects a pending version. Undefined when there is no such version; `refuse` is called when it is not pending. */
export async function reviewSkillVersion(
  db: Db,
  programmeId: string,
  name: string,
  version: number,
  review: NonNullable<SkillVersion['review']>,
  refuse: (state: SkillVersionState) => never,
  actor: string,
): Promise<{ skill: Skill; version: SkillVersion } | undefined> {
  const found = await db.transaction(async (tx) => {
    const [row] = await tx.query<{ state: SkillVersionState }>('select state from skill_versions where programme_id = $1 and name = $2 and version = $3 for update', [programmeId, name, version]);
    if (!row) return false;
    if (row.state !== 'pending') refuse(row.state);
    await tx.query('update skill_versions set state = $4, review = $5 where programme_id = $1 and name = $2 and version = $3', [programmeId, name, version, review.verdict === 'approve' ? 'approved' : 'rejected', JSON.stringify(review)]);
    await recordChange(tx, actor, `skill.${review.verdict}`, programmeId, { name, version });
    return true;
  });
  if (!found) return undefined;
  const skill = (await getSkill(db, programmeId, name))!;
  return { skill: skill.skill, version: skill.versions.find((v) => v.version === version)! };
}

/** The newest approved version of every skill, with its files: what the marketplace is built from. */
export async function approvedSkills(db: Sql, programmeId: string): Promise<Array<{ name: string; team: string; version: number; description: string; files: SkillFile[] }>> {
  const rows = await db.query<{ name: string; team: string; version: number; description: string; files: Array<SkillFile & { bytes?: number }> }>(
    `select distinct on (v.name) v.name, s.team, v.version, v.description, v.files
     from skill_versions v join skills s on s.programme_id = v.programme_id and s.name = v.name
     where v.programme_id = $1 and v.state = 'approved' order by v.name, v.version desc`,
    [programmeId],
  );
  return rows.map((r) => ({ name: r.name, team: r.team, version: r.version, description: r.description, files: r.files.map(({ path, content, executable }) => ({ path, content, executable })) }));
}

/** A cheap fingerprint of the marketplace: changes when an approved version is added (the ETag's base). */
export async function approvedFingerprint(db: Sql, programmeId: string): Promise<string> {
  const [row] = await db.query<{ f: string | null }>(
    "select string_agg(name || ':' || version || ':' || sha256, ',' order by name, version) as f from skill_versions where programme_id = $1 and state = 'approved'",
    [programmeId],
  );
  return row.f ?? '';
}

export async function recordInstall(db: Db, programmeId: string, name: string, person: PersonRef, action: 'install' | 'update' | 'remove', version: number | undefined, at: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [exists] = await tx.query('select 1 from skills where programme_id = $1 and name = $2', [programmeId, name]);
    if (!exists) return false;
    if (action === 'remove') {
      await tx.query('update skill_installs set removed_at = $4 where programme_id = $1 and name = $2 and person_key = $3', [programmeId, name, person.key, at]);
    } else {
      await tx.query(
        `insert into skill_installs (programme_id, name, person_key, team, version, installed_at) values ($1, $2, $3, $4, $5, $6)
         on conflict (programme_id, name, person_key) do update set team = excluded.team, version = excluded.version, installed_at = excluded.installed_at, removed_at = null`,
        [programmeId, name, person.key, person.team, version ?? null, at],
      );
    }
    return true;
  });
}

/** Adds a person's consented use counts (a resend of the same day replaces that day). Unknown names are skipped. */
export async function addSkillUses(db: Db, programmeId: string, person: PersonRef, days: Array<{ day: string; counts: Record<string, number> }>): Promise<{ stored: number; unknown: string[] }> {
  return db.transaction(async (tx) => {
    const known = new Set((await tx.query<{ name: string }>('select name from skills where programme_id = $1', [programmeId])).map((r) => r.name));
    const unknown = new Set<string>();
    let stored = 0;
    for (const { day, counts } of days) {
      for (const [name, count] of Object.entries(counts)) {
        if (!known.has(name)) {
          unknown.add(name);
          continue;
        }
        await tx.query(
          `insert into skill_uses (programme_id, name, person_key, team, day, count) values ($1, $2, $3, $4, $5, $6)
           on conflict (programme_id, name, person_key, day) do update set count = excluded.count, team = excluded.team`,
          [programmeId, name, person.key, person.team, day, count],
        );
        stored += 1;
      }
    }
    return { stored, unknown: [...unknown].sort() };
  });
}
