import type { Digest, DigestAudience, DigestQuest, DigestWin, OfficeHoursPerson } from '../../src/protocol/digest.js';
import type { Quest } from '../../src/protocol/quests.js';
import type { PersonRow } from '../programme/report-data.js';
import { totalHours } from './hours.js';

/**
 * The weekly digest as data (pure, issue 14): what an email to a team (or to the facilitator) says
 * about quests. New reviewed wins since a day with their hours and how they are computed, every
 * reviewed hour so far, the open and in-progress quests, wins of other teams worth trying, and, for
 * the facilitator only, who tried Codex in the session and has not used it since (from the programme
 * report's per-person segments). Renderers (digest-render.ts) only read it.
 */
export const DEFAULT_DIGEST_DAYS = 7;

/** How many of each list an email shows (the totals are always given). */
export const DIGEST_LIMITS = { newWins: 20, open: 10, inProgress: 10, worthTrying: 5 } as const;

/** The kinds of win another team can pick up and use as they are. */
const TRYABLE_KINDS = new Set(['skill', 'prompt']);

export interface DigestInput {
  programme: { id: string; title: string; timeZone: string };
  /** Every quest of the programme (the store's list); the team filter is applied here. */
  quests: Quest[];
  team?: string;
  audience: DigestAudience;
  since: Date;
  now: Date;
  /** The programme report's people and window: needed for the facilitator's digest only. */
  report?: { people: PersonRow[]; windowDays: number };
}

/** Team names as people type them: "Finance", "finance " and "ｆｉｎａｎｃｅ" are one team. */
export function sameTeam(a: string, b: string): boolean {
  return teamKey(a) === teamKey(b);
}

function teamKey(team: string): string {
  return team.normalize('NFKC').trim().toLowerCase();
}

export function buildDigest(input: DigestInput): Digest {
  const { team, since, now } = input;
  if (input.audience === 'facilitator' && !input.report) throw new Error('the facilitator digest needs the programme report (who tried Codex and stopped)');
  const inTeam = (quest: Quest) => team === undefined || sameTeam(quest.team, team);
  const scoped = input.quests.filter(inTeam);
  const done = scoped.filter(isWin);
  const sinceIso = since.toISOString();
  const untilIso = now.toISOString();

  const newWins = done.filter((q) => q.doneAt >= sinceIso && q.doneAt <= untilIso).sort((a, b) => b.doneAt.localeCompare(a.doneAt) || b.id - a.id);
  const open = scoped.filter((q) => q.state === 'open').sort((a, b) => b.postedAt.localeCompare(a.postedAt) || b.id - a.id);
  const inProgress = scoped.filter((q) => q.state === 'claimed' || q.state === 'submitted').sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt) || b.id - a.id);
  const worthTrying = input.quests
    .filter(isWin)
    .filter((q) => (team === undefined || !sameTeam(q.team, team)) && TRYABLE_KINDS.has(q.submission.kind))
    .sort((a, b) => b.reuseCount - a.reuseCount || b.hours.perMonth - a.hours.perMonth || b.id - a.id)
    .slice(0, DIGEST_LIMITS.worthTrying);

  return {
    schemaVersion: 1,
    kind: 'quest-digest',
    generatedAt: untilIso,
    programme: input.programme,
    team: team ?? null,
    audience: input.audience,
    window: { since: sinceIso, until: untilIso },
    newWins: { total: newWins.length, hoursPerMonth: totalHours(newWins), shown: newWins.slice(0, DIGEST_LIMITS.newWins).map(toWin) },
    reviewed: { wins: done.length, hoursPerMonth: totalHours(done) },
    open: { total: open.length, shown: open.slice(0, DIGEST_LIMITS.open).map(toQuest) },
    inProgress: { total: inProgress.length, shown: inProgress.slice(0, DIGEST_LIMITS.inProgress).map(toQuest) },
    worthTrying: worthTrying.map(toWin),
    ...(input.audience === 'facilitator' && input.report ? { officeHours: { windowDays: input.report.windowDays, people: officeHours(input.report.people, team) } } : {}),
  };
}

type Win = Quest & { state: 'done'; doneAt: string; hours: NonNullable<Quest['hours']>; submission: NonNullable<Quest['submission']> };

function isWin(quest: Quest): quest is Win {
  return quest.state === 'done' && Boolean(quest.doneAt && quest.hours && quest.submission);
}

/**
 * Who to invite to office hours: roster members who attended a date, tried Codex there (passed an
 * exercise with Codex evidence: the funnel's `tried`) and are in the `triedOnly` segment (no Codex use
 * on any day of the window after their session day). Earliest session first: they have waited longest.
 */
export function officeHours(people: PersonRow[], team?: string): OfficeHoursPerson[] {
  return people
    .filter((p) => p.attended.length > 0 && p.tried && p.segment === 'triedOnly' && (team === undefined || sameTeam(p.team, team)))
    .map((p) => ({ name: p.name, email: p.email, team: p.team, sessionDay: p.anchorDay ?? '', windowOpen: p.windowOpen }))
    .sort((a, b) => a.sessionDay.localeCompare(b.sessionDay) || a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}

function toWin(q: Win): DigestWin {
  return { id: q.id, title: q.title, team: q.team, kind: q.submission.kind, claimers: q.claimers, doneAt: q.doneAt, reuseCount: q.reuseCount, benefitTeams: q.benefitTeams, hours: q.hours };
}

function toQuest(q: Quest): DigestQuest {
  return {
    id: q.id,
    title: q.title,
    team: q.team,
    state: q.state,
    often: q.often,
    minutesEach: q.minutesEach,
    risk: q.risk,
    sensitivity: q.sensitivity,
    postedAt: q.postedAt,
    lastActivityAt: q.lastActivityAt,
    claimers: q.claimers,
  };
}
