import type { PersonRef, Quest } from '../../src/protocol/quests.js';

/**
 * Points (issue 14): for reviewed wins and for others reusing your win, never for tokens or prompts
 * (a prompt count is not value). Each claimer of a done quest gets WIN_POINTS; each "I use this too"
 * gives every claimer of that win REUSE_POINTS. docs/quests.md says the same.
 */
export const WIN_POINTS = 10;
export const REUSE_POINTS = 2;

export interface PersonPoints {
  person: PersonRef;
  points: number;
  wins: number;
  /** How many times others marked one of this person's wins as used. */
  reusesOfWins: number;
}

export function pointsByPerson(quests: Iterable<Pick<Quest, 'state' | 'claimers' | 'reuseCount'>>): Map<string, PersonPoints> {
  const table = new Map<string, PersonPoints>();
  for (const quest of quests) {
    if (quest.state !== 'done') continue;
    for (const claimer of quest.claimers) {
      const row = table.get(claimer.key) ?? { person: claimer, points: 0, wins: 0, reusesOfWins: 0 };
      row.wins += 1;
      row.reusesOfWins += quest.reuseCount;
      row.points += WIN_POINTS + REUSE_POINTS * quest.reuseCount;
      table.set(claimer.key, row);
    }
  }
  return table;
}

/** Highest points first; ties by more wins, then by name (a stable order for the board). */
export function rankPoints(table: Map<string, PersonPoints>): PersonPoints[] {
  return [...table.values()].sort((a, b) => b.points - a.points || b.wins - a.wins || a.person.name.localeCompare(b.person.name) || a.person.key.localeCompare(b.person.key));
}
