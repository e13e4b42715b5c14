import { BOARD_LIMITS, type BoardResponse, type BoardSkill } from '../../src/protocol/quests.js';
import type { Skill } from '../../src/protocol/skills.js';

/**
 * The board's "Company skills" section (issue 15), pure: the approved skills, the most installed first
 * (then the most used, then by name), capped at BOARD_LIMITS.skills with the rest counted. With a team
 * filter, a skill belongs to a team's board when the team wrote it or installed it. A skill's quest
 * gets its title from the quests the board already read (a quest that is gone keeps its id only).
 * Skills that are pending or rejected never reach here: only approved ones are shown anywhere but to
 * reviewers.
 */
export function buildBoardSkills(skills: readonly Skill[], questTitles: ReadonlyMap<number, string>, team?: string): BoardResponse['skills'] {
  const shown = skills.filter((s) => s.approvedVersion !== undefined && (!team || s.team === team || (s.installs.byTeam[team] ?? 0) > 0));
  shown.sort((a, b) => b.installs.people - a.installs.people || b.uses - a.uses || compareText(a.name, b.name));
  return {
    count: shown.length,
    skills: shown.slice(0, BOARD_LIMITS.skills).map((s) => toBoardSkill(s, questTitles)),
    more: Math.max(0, shown.length - BOARD_LIMITS.skills),
  };
}

function toBoardSkill(s: Skill, questTitles: ReadonlyMap<number, string>): BoardSkill {
  const teams = Object.entries(s.installs.byTeam)
    .filter(([, people]) => people > 0)
    .sort(([a, x], [b, y]) => y - x || compareText(a, b))
    .map(([name, people]) => ({ team: name, people }));
  const title = s.questId !== undefined ? questTitles.get(s.questId) : undefined;
  return {
    name: s.name,
    description: s.description,
    team: s.team,
    author: s.author,
    version: s.approvedVersion!,
    installs: { people: s.installs.people, byTeam: teams.slice(0, BOARD_LIMITS.skillInstallTeams), moreTeams: Math.max(0, teams.length - BOARD_LIMITS.skillInstallTeams) },
    uses: s.uses,
    ...(s.questId !== undefined ? { quest: { id: s.questId, ...(title !== undefined ? { title } : {}) } } : {}),
  };
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
