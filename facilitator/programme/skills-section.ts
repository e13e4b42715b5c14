import type { Quest } from '../../src/protocol/quests.js';
import type { Skill } from '../../src/protocol/skills.js';
import { teamLabel } from './use-cases.js';

/**
 * The programme report's skills section (issue 15, pure): the approved company skills with their team,
 * author, the quest they came from, the approved version, installs (people, by team) and reported
 * uses, most installed first, and the totals. Skills live only in the store: a report from the folders
 * has none, and then this section is empty, the same from the folders and from a store without skills.
 */
export interface ReportSkill {
  name: string;
  team: string;
  author: string;
  questId?: number;
  /** The quest's title when it still exists. */
  questTitle?: string;
  version: number;
  installs: number;
  installsByTeam: Record<string, number>;
  uses: number;
}

export interface SkillsSection {
  skills: number;
  installs: number;
  uses: number;
  list: ReportSkill[];
  definitions: Record<'installs' | 'uses', string>;
}

export const SKILL_DEFINITIONS: SkillsSection['definitions'] = {
  installs: 'people who have the skill installed now (installed with `workshop skills install` and not removed), counted once per person.',
  uses: 'Codex sessions that used the skill, as reported by participants who agreed to share counts (`workshop pulse`); Codex records explicit use reliably and implicit use only when the model reads the SKILL.md, so this is a lower bound.',
};

export function buildSkillsSection(skills: readonly Skill[], quests: readonly Quest[]): SkillsSection {
  const titles = new Map(quests.map((q) => [q.id, q.title]));
  const list = skills
    .filter((s) => s.approvedVersion !== undefined)
    .map((s): ReportSkill => {
      const title = s.questId !== undefined ? titles.get(s.questId) : undefined;
      return {
        name: s.name,
        team: teamLabel(s.team),
        author: s.author.name,
        ...(s.questId !== undefined ? { questId: s.questId } : {}),
        ...(title !== undefined ? { questTitle: title } : {}),
        version: s.approvedVersion!,
        installs: s.installs.people,
        installsByTeam: Object.fromEntries(Object.entries(s.installs.byTeam).sort(([a], [b]) => a.localeCompare(b)).map(([team, n]) => [teamLabel(team), n])),
        uses: s.uses,
      };
    })
    .sort((a, b) => b.installs - a.installs || b.uses - a.uses || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    skills: list.length,
    installs: list.reduce((n, s) => n + s.installs, 0),
    uses: list.reduce((n, s) => n + s.uses, 0),
    list,
    definitions: SKILL_DEFINITIONS,
  };
}
