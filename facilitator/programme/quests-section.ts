import { type HoursSaved, type PersonRef, QUEST_RISKS, type Quest, type QuestRisk, type WinKind } from '../../src/protocol/quests.js';
import { totalHours } from '../quests/hours.js';
import { personKey } from '../quests/people.js';
import { teamLabel } from './use-cases.js';

/**
 * The programme report's quests section (issue 14, pure): quests posted, claimed and done per team,
 * the reviewed hours saved a month (total and per team), the risk mix and the most reused wins. Quests
 * live only in the store: a report from the folders has none, and then this section is all zeros, the
 * same from the folders and from the store (a migrated programme reports byte for byte as before).
 */
export type RiskMix = Record<QuestRisk, number>;

export interface QuestTeamBlock {
  posted: number;
  claimed: number;
  done: number;
  hoursPerMonth: number;
  risk: RiskMix;
}

export interface ReusedWin {
  id: number;
  title: string;
  team: string;
  kind: WinKind;
  claimers: PersonRef[];
  reuseCount: number;
  hours: HoursSaved;
}

export interface QuestsSection extends QuestTeamBlock {
  /** Teams as the quests name them ("(no team)" for none), sorted. */
  byTeam: Record<string, QuestTeamBlock>;
  /** Done quests that others marked "I use this too", most reused first (at most TOP_REUSED). */
  topReused: ReusedWin[];
  definitions: Record<'posted' | 'claimed' | 'done' | 'hoursPerMonth' | 'risk' | 'contributedWin', string>;
}

export const TOP_REUSED = 5;

export const QUEST_DEFINITIONS: QuestsSection['definitions'] = {
  posted: 'quests posted on the programme server, in any state.',
  claimed: 'posted quests that someone claimed and that are now claimed, submitted or done (a quest given back, or whose claim went stale, is open again and not counted).',
  done: 'reviewed wins: a second person (a facilitator or the owner for high risk or sensitive data) confirmed the submission works on real input.',
  hoursPerMonth:
    'only from reviewed wins: (minutes before − minutes after) × times a month × people using it (the builder plus everyone who marked "I use this too"), in hours; a win that is not faster counts 0. Times a month: a day is 21 working days, a week 52/12.',
  risk: 'the risk level each posted quest was given (how bad an unnoticed mistake would be).',
  contributedWin: 'claimed (alone or in a pair) a quest that is now done; people are matched to the roster by email.',
};

function zeroRisk(): RiskMix {
  return { low: 0, medium: 0, high: 0 };
}

function zeroBlock(): QuestTeamBlock {
  return { posted: 0, claimed: 0, done: 0, hoursPerMonth: 0, risk: zeroRisk() };
}

export function buildQuestsSection(quests: readonly Quest[]): QuestsSection {
  const total = zeroBlock();
  const teams = new Map<string, { block: QuestTeamBlock; done: Quest[] }>();
  for (const quest of quests) {
    const label = teamLabel(quest.team);
    const team = teams.get(label) ?? { block: zeroBlock(), done: [] };
    teams.set(label, team);
    for (const block of [total, team.block]) {
      block.posted += 1;
      if (quest.state !== 'open') block.claimed += 1;
      if (quest.state === 'done') block.done += 1;
      if (QUEST_RISKS.includes(quest.risk)) block.risk[quest.risk] += 1;
    }
    if (quest.state === 'done') team.done.push(quest);
  }
  const done = quests.filter((q) => q.state === 'done');
  total.hoursPerMonth = totalHours(done);
  for (const team of teams.values()) team.block.hoursPerMonth = totalHours(team.done);
  const topReused = done
    .filter((q): q is Quest & { hours: HoursSaved; submission: NonNullable<Quest['submission']> } => q.reuseCount > 0 && Boolean(q.hours && q.submission))
    .sort((a, b) => b.reuseCount - a.reuseCount || b.hours.perMonth - a.hours.perMonth || a.id - b.id)
    .slice(0, TOP_REUSED)
    .map((q) => ({ id: q.id, title: q.title, team: teamLabel(q.team), kind: q.submission.kind, claimers: q.claimers, reuseCount: q.reuseCount, hours: q.hours }));
  return {
    ...total,
    byTeam: Object.fromEntries([...teams].sort(([a], [b]) => a.localeCompare(b)).map(([label, t]) => [label, t.block])),
    topReused,
    definitions: QUEST_DEFINITIONS,
  };
}

/** The person keys (personKey of an email) of everyone who claimed a quest that is now done. */
export function winnerKeys(quests: readonly Quest[]): Set<string> {
  const keys = new Set<string>();
  for (const quest of quests) if (quest.state === 'done') for (const claimer of quest.claimers) keys.add(claimer.key);
  return keys;
}

/** Whether the roster member with this email claimed a quest that is now done. */
export function contributedWin(email: string, winners: ReadonlySet<string>): boolean {
  return winners.size > 0 && winners.has(personKey(email));
}
