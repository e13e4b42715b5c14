import type { PersonFacts } from './people.js';

/**
 * The use-case catalogue (pure): per team, the real tasks people now do with Codex (from `workshop
 * share`), how many people did the pack's "own task" exercise, the time they estimate it saves, and
 * the risk mix, so the organisation sees where Codex pays off and where review matters most.
 */
export interface UseCaseEntry {
  what: string;
  name: string;
  email: string;
  frequency: 'daily' | 'weekly' | 'monthly' | 'occasionally';
  minutesSavedPerWeek: number;
  hoursSavedPerMonth: number;
  risk: 'low' | 'medium' | 'high';
  reusable: boolean;
  fromOwnTaskExercise: boolean;
  sharedAt: string;
}

export interface TeamUseCases {
  team: string;
  /** People of the team who passed the "own task" exercise (a real task of their own, in the session). */
  ownTaskCompleted: number;
  shared: number;
  hoursSavedPerMonth: number;
  risk: { low: number; medium: number; high: number };
  reusable: number;
  tasks: UseCaseEntry[];
}

export interface UseCaseCatalogue {
  teams: TeamUseCases[];
  totals: { ownTaskCompleted: number; shared: number; hoursSavedPerMonth: number; risk: { low: number; medium: number; high: number }; reusable: number };
}

/** A week is 52/12 of a month: minutes per week × 52 ÷ 12 ÷ 60 = hours per month. */
export function hoursPerMonth(minutesPerWeek: number): number {
  return (minutesPerWeek * 52) / 12 / 60;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export const NO_TEAM = '(no team)';

export function teamLabel(team: string | undefined): string {
  return team && team.trim() ? team.trim() : NO_TEAM;
}

export function buildUseCaseCatalogue(people: PersonFacts[]): UseCaseCatalogue {
  const teams = new Map<string, TeamUseCases>();
  const teamOf = (name: string) => {
    let entry = teams.get(name);
    if (!entry) {
      entry = { team: name, ownTaskCompleted: 0, shared: 0, hoursSavedPerMonth: 0, risk: { low: 0, medium: 0, high: 0 }, reusable: 0, tasks: [] };
      teams.set(name, entry);
    }
    return entry;
  };
  for (const person of people) {
    if (person.ownTaskDone) teamOf(teamLabel(person.team)).ownTaskCompleted += 1;
    for (const useCase of person.useCases) {
      // The team the participant named for the task (it may be the team that benefits), else their roster team.
      const entry = teamOf(teamLabel(useCase.team || person.team));
      const hours = hoursPerMonth(useCase.minutesSavedPerWeek);
      entry.tasks.push({
        what: useCase.what,
        name: person.name,
        email: person.email,
        frequency: useCase.frequency,
        minutesSavedPerWeek: useCase.minutesSavedPerWeek,
        hoursSavedPerMonth: round1(hours),
        risk: useCase.risk,
        reusable: useCase.reusable,
        fromOwnTaskExercise: Boolean(useCase.exerciseId),
        sharedAt: useCase.ts,
      });
      entry.shared += 1;
      entry.hoursSavedPerMonth += hours;
      entry.risk[useCase.risk] += 1;
      if (useCase.reusable) entry.reusable += 1;
    }
  }
  const list = [...teams.values()]
    .map((t) => ({ ...t, hoursSavedPerMonth: round1(t.hoursSavedPerMonth), tasks: t.tasks.sort((a, b) => b.minutesSavedPerWeek - a.minutesSavedPerWeek || a.what.localeCompare(b.what)) }))
    .sort((a, b) => b.hoursSavedPerMonth - a.hoursSavedPerMonth || a.team.localeCompare(b.team));
  const totals = {
    ownTaskCompleted: list.reduce((n, t) => n + t.ownTaskCompleted, 0),
    shared: list.reduce((n, t) => n + t.shared, 0),
    hoursSavedPerMonth: round1(list.reduce((n, t) => n + t.tasks.reduce((m, task) => m + hoursPerMonth(task.minutesSavedPerWeek), 0), 0)),
    risk: {
      low: list.reduce((n, t) => n + t.risk.low, 0),
      medium: list.reduce((n, t) => n + t.risk.medium, 0),
      high: list.reduce((n, t) => n + t.risk.high, 0),
    },
    reusable: list.reduce((n, t) => n + t.reusable, 0),
  };
  return { teams: list, totals };
}
