import { BOARD_LIMITS, type BoardPoints, type BoardQuest, type BoardResponse, type BoardTeamRow, type BoardWin, type HoursSaved, type Quest } from '../../src/protocol/quests.js';
import type { Skill } from '../../src/protocol/skills.js';
import { buildBoardSkills } from './board-skills.js';
import { hoursFormula, hoursSaved } from './hours.js';
import { REUSE_POINTS, WIN_POINTS, pointsByPerson, rankPoints } from './points.js';

/**
 * The board (issue 14) as a pure function of the programme's quests: open quests by team, what is in
 * progress, recent reviewed wins with their hours, the most reused wins, a line per team, and points.
 * Every list is capped (BOARD_LIMITS) and what lies beyond a cap is counted, so the reply stays the
 * same small size for 20 quests or 2,000 and the page renders it at once. Only what the board shows
 * leaves here: never the task as done today, a submission's text or a review's note.
 *
 * A team filter narrows everything (a team's own board, printed for its wall); the filter's list of
 * teams always offers every team.
 */
export interface BoardViewer {
  kind: BoardResponse['viewer']['kind'];
  name: string;
  /** A participant's (or a linked token's) person key: their own points row is "you". */
  key?: string;
}

export interface BoardOptions {
  team?: string;
  viewer: BoardViewer;
  now: Date;
  programme: { id: string; title: string };
  /** The programme's approved skills (issue 15); none when left out. */
  skills?: readonly Skill[];
}

const IN_PROGRESS = new Set<Quest['state']>(['claimed', 'submitted']);

export function buildBoard(all: readonly Quest[], options: BoardOptions): BoardResponse {
  const team = options.team?.trim() || undefined;
  const quests = team ? all.filter((q) => q.team === team) : all;

  const open: Quest[] = [];
  const inProgress: Quest[] = [];
  const done: Quest[] = [];
  const teams = new Map<string, BoardTeamRow>();
  let hoursPerMonth = 0;
  let reuses = 0;

  for (const quest of quests) {
    const row = teams.get(quest.team) ?? { team: quest.team, posted: 0, open: 0, inProgress: 0, done: 0, hoursPerMonth: 0, reuses: 0 };
    teams.set(quest.team, row);
    row.posted += 1;
    if (quest.state === 'open') {
      open.push(quest);
      row.open += 1;
    } else if (IN_PROGRESS.has(quest.state)) {
      inProgress.push(quest);
      row.inProgress += 1;
    } else if (quest.state === 'done') {
      const hours = hoursOf(quest);
      if (!hours) continue;
      done.push(quest);
      row.done += 1;
      row.hoursPerMonth += hours.perMonth;
      row.reuses += quest.reuseCount;
      hoursPerMonth += hours.perMonth;
      reuses += quest.reuseCount;
    }
  }

  // Open quests: the teams with the most first, each with its newest few.
  const openByTeam = new Map<string, Quest[]>();
  for (const quest of open) {
    const list = openByTeam.get(quest.team) ?? [];
    list.push(quest);
    openByTeam.set(quest.team, list);
  }
  const openTeams = [...openByTeam.entries()]
    .sort(([a, x], [b, y]) => y.length - x.length || compareText(a, b))
    .map(([name, list]) => ({ team: name, count: list.length, quests: newest(list, (q) => q.postedAt, BOARD_LIMITS.openPerTeam).map(toBoardQuest) }));

  const ranked = rankPoints(pointsByPerson(quests));
  const points = withRanks(ranked);
  const mine = options.viewer.key ? points.find((p) => p.person.key === options.viewer.key) : undefined;

  const teamRows = [...teams.values()]
    .map((row) => ({ ...row, hoursPerMonth: round1(row.hoursPerMonth) }))
    .sort((a, b) => b.done - a.done || b.hoursPerMonth - a.hoursPerMonth || b.posted - a.posted || compareText(a.team, b.team));

  return {
    programme: options.programme,
    generatedAt: options.now.toISOString(),
    ...(team ? { team } : {}),
    teams: [...new Set([...all.map((q) => q.team), ...(options.skills ?? []).filter((s) => s.approvedVersion !== undefined).map((s) => s.team)])].sort(compareText).slice(0, BOARD_LIMITS.filterTeams),
    viewer: { kind: options.viewer.kind, name: options.viewer.name, ...(options.viewer.key ? { key: options.viewer.key } : {}) },
    totals: {
      quests: quests.length,
      open: open.length,
      inProgress: inProgress.length,
      done: done.length,
      hoursPerMonth: round1(hoursPerMonth),
      reuses,
      contributors: ranked.length,
    },
    open: { count: open.length, teams: openTeams.slice(0, BOARD_LIMITS.openTeams), moreTeams: Math.max(0, openTeams.length - BOARD_LIMITS.openTeams) },
    inProgress: { count: inProgress.length, quests: newest(inProgress, (q) => q.claimedAt ?? q.lastActivityAt, BOARD_LIMITS.inProgress).map(toBoardQuest) },
    wins: { count: done.length, quests: newest(done, (q) => q.doneAt ?? q.lastActivityAt, BOARD_LIMITS.wins).map(toWin) },
    topReused: done
      .filter((q) => q.reuseCount > 0)
      .sort((a, b) => b.reuseCount - a.reuseCount || hoursOf(b)!.perMonth - hoursOf(a)!.perMonth || b.id - a.id)
      .slice(0, BOARD_LIMITS.topReused)
      .map(toWin),
    teamView: { teams: teamRows.slice(0, BOARD_LIMITS.teams), moreTeams: Math.max(0, teamRows.length - BOARD_LIMITS.teams) },
    points: {
      rules: { win: WIN_POINTS, reuse: REUSE_POINTS },
      top: points.slice(0, BOARD_LIMITS.points),
      ...(options.viewer.kind === 'participant' && options.viewer.key
        ? { you: mine ?? { person: { key: options.viewer.key, name: options.viewer.name, team: '' }, points: 0, wins: 0, reusesOfWins: 0 } }
        : mine
          ? { you: mine }
          : {}),
    },
    // Titles from every quest, not only the filtered ones: a Sales skill may come from a Finance quest.
    skills: buildBoardSkills(options.skills ?? [], new Map(all.map((q) => [q.id, q.title])), team),
  };
}

/** Ranks as in a race: equal points share a rank, and the next rank skips (1, 2, 2, 4). */
function withRanks(ranked: ReturnType<typeof rankPoints>): BoardPoints[] {
  const out: BoardPoints[] = [];
  ranked.forEach((row, i) => {
    const rank = i > 0 && ranked[i - 1].points === row.points ? out[i - 1].rank : i + 1;
    out.push({ rank, person: row.person, points: row.points, wins: row.wins, reusesOfWins: row.reusesOfWins });
  });
  return out;
}

/** The `limit` newest by `at` (ISO times sort as text), ties by the higher id. O(n log n) on at most the programme's quests. */
function newest(list: Quest[], at: (q: Quest) => string, limit: number): Quest[] {
  return [...list].sort((a, b) => compareText(at(b), at(a)) || b.id - a.id).slice(0, limit);
}

function toBoardQuest(q: Quest): BoardQuest {
  return {
    id: q.id,
    title: q.title,
    team: q.team,
    state: q.state,
    risk: q.risk,
    sensitivity: q.sensitivity,
    often: q.often,
    minutesEach: q.minutesEach,
    postedBy: q.postedBy,
    postedAt: q.postedAt,
    claimers: q.claimers,
    ...(q.claimedAt ? { claimedAt: q.claimedAt } : {}),
    ...(q.submission ? { submittedAt: q.submission.at, kind: q.submission.kind } : {}),
    reuseCount: q.reuseCount,
  };
}

/** A done quest's hours (the store computes them; a record without its submission or review is skipped rather than shown half). */
function hoursOf(q: Quest): HoursSaved | undefined {
  if (!q.submission || !q.review) return undefined;
  return q.hours ?? hoursSaved({ minutesEach: q.minutesEach, minutesAfter: q.submission.minutesAfter, often: q.often, reuseCount: q.reuseCount });
}

/** A done quest as a win, built only for the few the board shows. */
function toWin(q: Quest): BoardWin {
  const hours = hoursOf(q)!;
  return {
    ...toBoardQuest(q),
    doneAt: q.doneAt ?? q.review!.at,
    kind: q.submission!.kind,
    hours,
    formula: { en: hoursFormula(hours, 'en'), ja: hoursFormula(hours, 'ja') },
    reviewedBy: q.review!.by,
    reviewRole: q.review!.role,
  };
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const round1 = (n: number) => Math.round(n * 10) / 10;
