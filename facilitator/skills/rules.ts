import type { PersonRef } from '../../src/protocol/quests.js';
import type { Skill, SkillVersion, SkillVersionState } from '../../src/protocol/skills.js';
import type { QuestActor } from '../quests/people.js';

/**
 * Who may do what with skills (issue 15), pure so the routes only ask:
 *   - publishing: participants (their join token) and facilitators/owners; a viewer's token only reads.
 *     A name belongs to its first author: a new version of it comes from them, or from a facilitator
 *     or the owner (taking over a skill whose author left); anyone else is told the name is taken (409).
 *     A version identical (same SHA-256) to the newest is nothing new (409).
 *   - reviewing: a facilitator or the owner (403 otherwise), never of a skill they published
 *     themselves (someone else reads what will run on colleagues' laptops), only a pending version (409).
 *   - reading: facilitators and the owner see every state; participants and viewers the approved
 *     versions, and an author also their own pending and rejected ones.
 */
export class SkillRuleError extends Error {
  constructor(
    readonly status: 403 | 409,
    readonly rule: 'viewer_cannot_publish' | 'name_taken' | 'nothing_new' | 'review_needs_facilitator' | 'own_skill' | 'not_pending',
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function isFacilitator(actor: QuestActor): boolean {
  return actor.kind === 'token' && (actor.role === 'facilitator' || actor.role === 'owner');
}

export function checkMayPublish(actor: QuestActor): void {
  if (actor.kind === 'token' && actor.role === 'viewer') {
    throw new SkillRuleError(403, 'viewer_cannot_publish', 'a viewer token reads; publishing needs a participant join token or a facilitator token');
  }
}

export interface ExistingSkill {
  author: PersonRef;
  versions: Array<{ version: number; state: SkillVersionState; sha256: string }>;
}

/** Called inside the store's transaction, with the skill as it is (undefined when the name is new). */
export function checkNewVersion(actor: QuestActor, existing: ExistingSkill | undefined, name: string, sha256: string): void {
  if (!existing) return;
  if (existing.author.key !== actor.ref.key && !isFacilitator(actor)) {
    throw new SkillRuleError(409, 'name_taken', `the skill name "${name}" is taken by ${existing.author.name}; choose another name (rename the folder and the name: in SKILL.md)`);
  }
  const newest = existing.versions.at(-1);
  if (newest && newest.sha256 === sha256) {
    throw new SkillRuleError(409, 'nothing_new', `these files are exactly version ${newest.version} of ${name} (${newest.state}); change something before publishing again`);
  }
}

export function checkMayReview(actor: QuestActor, skill: Pick<Skill, 'author'>): void {
  if (!isFacilitator(actor)) throw new SkillRuleError(403, 'review_needs_facilitator', 'only a facilitator or the owner reviews skills');
  if (skill.author.key === actor.ref.key) throw new SkillRuleError(403, 'own_skill', 'you published this skill: another facilitator or the owner reviews it');
}

export function notPending(state: SkillVersionState): SkillRuleError {
  return new SkillRuleError(409, 'not_pending', `that version is already ${state}; only a pending version can be reviewed (publish a new version to change it)`);
}

/** The versions this actor may see; none means the skill is not theirs to see (a 404, as for a name that does not exist). */
export function visibleVersions(actor: QuestActor, skill: Pick<Skill, 'author'>, versions: SkillVersion[]): SkillVersion[] {
  if (isFacilitator(actor) || skill.author.key === actor.ref.key) return versions;
  return versions.filter((v) => v.state === 'approved');
}

/** Whether the list shows only skills with an approved version. */
export function approvedOnly(actor: QuestActor): boolean {
  return !isFacilitator(actor);
}

/**
 * `?team=&q=`: the team (case and width ignored) and every word of `q` somewhere in the name,
 * description or team. NFKC, so full-width Ｆｉｎａｎｃｅ finds Finance.
 */
export function searchSkills(skills: Skill[], filter: { team?: string; q?: string }): Skill[] {
  const fold = (text: string) => text.normalize('NFKC').toLowerCase();
  const team = filter.team ? fold(filter.team.trim()) : undefined;
  const words = filter.q ? fold(filter.q).split(/\s+/).filter(Boolean) : [];
  return skills.filter((skill) => {
    if (team !== undefined && fold(skill.team) !== team) return false;
    const haystack = fold(`${skill.name} ${skill.description} ${skill.team}`);
    return words.every((word) => haystack.includes(word));
  });
}
