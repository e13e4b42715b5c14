import type { Quest } from '../../src/protocol/quests.js';
import type { Skill } from '../../src/protocol/skills.js';
import { localDateTime, localDay } from './calendar.js';
import { type HubSessionData, type PersonFacts, foldPeople } from './people.js';
import { SEGMENT_NAMES, type SegmentName, WINDOW_NOTE, segmentDefinitions, segmentPerson, type PersonSegment } from './segments.js';
import { type QuestsSection, buildQuestsSection, contributedWin, winnerKeys } from './quests-section.js';
import { type SkillsSection, buildSkillsSection } from './skills-section.js';
import type { Programme, ProgrammeSession, Roster, UsageSource } from './store.js';
import { type UseCaseCatalogue, buildUseCaseCatalogue, teamLabel } from './use-cases.js';
import type { UnmatchedSource } from './usage-import.js';
import type { CostDay } from '../store/cost-series.js';
import { normalizeEmail } from './ids.js';
import { EXPLORED_DEFINITION, exploredBeforeTraining } from './explored.js';
import { type ActiveUsers, buildActiveUsers } from './active-users.js';
import { type CostsSection, type TeamValueInput, type ValueVsCost, buildCosts, buildValueVsCost } from './spend.js';
import { type FollowUp, buildFollowUp } from './follow-up.js';

/**
 * The programme report as data (pure): everything the md, html, csv and json renderers show. The
 * funnel and segments count roster members only (the invited population); people who joined a hub
 * without being on the roster are listed as walk-ins so the facilitator can add them.
 */
export const FUNNEL_STAGES = ['invited', 'exploredBeforeTraining', 'readyBeforeSession', 'attended', 'tried', 'finished', 'continued'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export type FunnelCounts = Record<FunnelStage, number>;
export type SegmentCounts = Record<SegmentName, number>;

export interface TeamBlock {
  funnel: FunnelCounts;
  /** Each stage as a percentage of invited, one decimal. */
  funnelPercent: FunnelCounts;
  segments: SegmentCounts;
}

export interface DateRow {
  session: string;
  date: string;
  startsAt: string;
  /** The start on the programme's wall clock, `2026-03-10 13:30`. */
  startsLocal: string;
  /**
   * People the roster's date column invites to this date; null when the roster has no date column
   * (who was invited when is then not known: a count would read as "Invited 0" for later dates).
   */
  invited: number | null;
  /** Roster members who had not attended an earlier date: who could still come (always counted). */
  notYetAttended: number;
  attended: number;
  /** Attended this date and an earlier one (catch-up). */
  returning: number;
  readyBeforeSession: number;
  walkIns: number;
}

export interface WeekPoint {
  week: number;
  label: string;
  active: number;
  percentOfAttended: number;
}

export interface PersonRow {
  email: string;
  name: string;
  team: string;
  invitedTo?: string;
  attended: string[];
  returning: boolean;
  readyBeforeSession: boolean;
  tried: boolean;
  finished: boolean;
  exercisesPassed: number;
  segment: 'notStarted' | 'triedOnly' | 'continued';
  regular: boolean;
  /** Claimed a quest that is now done (a reviewed win), alone or in a pair (issue 14). */
  contributedWin: boolean;
  anchorDay?: string;
  activeWeeks: number;
  useDays: number;
  windowOpen: boolean;
  useCasesShared: number;
  /** Issue 16: used their key before the first date they attended (see definitions.funnel). */
  exploredBeforeTraining: boolean;
  /** First and last day their key made a request (usage matched through the roster). */
  firstUseDay?: string;
  lastUseDay?: string;
  /** Input + output tokens of their usage. */
  tokens: number;
  /** Their spend (API key ids on their roster row), in costs.currency. */
  spend: number;
}

export interface ProgrammeReport {
  schemaVersion: 1;
  kind: 'programme-report';
  generatedAt: string;
  programme: { id: string; title: string; timeZone: string };
  settings: { windowDays: number; regularMinWeeks: number; ownTaskExercise?: string; packExercises: number };
  definitions: { funnel: Record<FunnelStage, string>; segments: Record<SegmentName, string>; window: string };
  funnel: FunnelCounts;
  funnelPercent: FunnelCounts;
  segments: SegmentCounts;
  byTeam: Record<string, TeamBlock>;
  dates: DateRow[];
  invitedPerDateBasis: 'roster session column' | 'no roster date column';
  /** Everyone on the roster (the programme's invited population). */
  rosterSize: number;
  weeklyActive: WeekPoint[];
  /** Roster members whose window has not ended yet: their segment may still change. */
  windowStillOpen: number;
  useCases: UseCaseCatalogue;
  /** Quests and reviewed wins (issue 14); all zeros for a programme without quests (and from the folders, which hold none). */
  quests: QuestsSection;
  /** Issue 16: the numbers of the story (docs/adoption.md). */
  exploredBeforeTraining: { count: number; percentOfInvited: number; definition: string };
  activeUsers: ActiveUsers;
  costs: CostsSection;
  valueVsCost: ValueVsCost;
  followUp: FollowUp;
  /** Approved company skills (issue 15); empty for a programme without skills (and from the folders, which hold none). */
  skills: SkillsSection;
  people: PersonRow[];
  walkIns: Array<{ email: string; name: string; team: string; attended: string[] }>;
  unmatchedUsage: Array<{ source: UsageSource; requests: number; days: number; reason: string }>;
}

export interface ReportInput {
  programme: Programme;
  /** The programme's dates, including any found only in the hub's storage. */
  sessions: ProgrammeSession[];
  roster: Roster;
  hub: HubSessionData[];
  usageByEmail: Map<string, Map<string, number>>;
  unmatchedUsage: UnmatchedSource[];
  packExercises: string[];
  ownTaskExercise?: string;
  /** Issue 16: tokens per person, spend rows, whose key id is whose, the last day usage covers. */
  tokensByEmail?: Map<string, number>;
  costs?: readonly CostDay[];
  keyOwners?: ReadonlyMap<string, string>;
  usageThrough?: string;
  /** The programme's quests: only the store has them (load-from-store.ts); none from the folders. */
  quests?: readonly Quest[];
  /** The programme's skills: only the store has them; none from the folders. */
  skills?: readonly Skill[];
  now: Date;
}

export function funnelDefinitions(windowDays: number): Record<FunnelStage, string> {
  return {
    invited: 'on the programme roster.',
    exploredBeforeTraining: EXPLORED_DEFINITION,
    readyBeforeSession:
      'a passing `workshop doctor` result (ready) reached the hub with a time before the start of the first session they attended (or of the session the roster invites them to; for others, at any time).',
    attended: 'joined a date\'s hub, or reported anything to it, on the session day from one hour before its start (a doctor run at home earlier, or days before, is not attending).',
    tried: 'passed at least one exercise with Codex evidence (a Codex session in the exercise folder).',
    finished: 'finished the exercise pack (every exercise passed).',
    continued: `used Codex on at least one day in the ${windowDays} days after their session day.`,
  };
}

const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 1000) / 10);

function zeroFunnel(): FunnelCounts {
  return { invited: 0, exploredBeforeTraining: 0, readyBeforeSession: 0, attended: 0, tried: 0, finished: 0, continued: 0 };
}

function zeroSegments(): SegmentCounts {
  return { notStarted: 0, triedOnly: 0, continued: 0, regular: 0 };
}

function percentOf(funnel: FunnelCounts): FunnelCounts {
  const out = zeroFunnel();
  for (const stage of FUNNEL_STAGES) out[stage] = pct(funnel[stage], funnel.invited);
  return out;
}

export function buildProgrammeReport(input: ReportInput): ProgrammeReport {
  const { programme, now } = input;
  const settings = programme.settings;
  const sessions = [...input.sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
  const people = foldPeople({
    timeZone: programme.timeZone,
    sessions,
    roster: input.roster.people,
    hub: input.hub,
    usageByEmail: input.usageByEmail,
    packExercises: input.packExercises,
    ownTaskExercise: input.ownTaskExercise,
  });
  const today = localDay(now, programme.timeZone);
  const quests = input.quests ?? [];
  const winners = winnerKeys(quests);
  const rostered = people.filter((p) => p.onRoster);
  const firstDate = sessions[0];
  const costs = buildCosts(input.costs ?? [], rostered.map((p) => ({ email: normalizeEmail(p.email), team: teamLabel(p.team) })), input.keyOwners ?? new Map(), today);
  const rows = new Map<PersonFacts, { row: PersonRow; seg: PersonSegment; requestDays: Set<string> }>();
  for (const person of people) {
    const seg = segmentPerson(person.useDays, person.firstSession?.date, settings, today);
    const email = normalizeEmail(person.email);
    // The story counts requests through keys (usage), not pulse or hub activity.
    const requestDays = new Set([...(input.usageByEmail.get(email) ?? [])].filter(([, n]) => n > 0).map(([day]) => day));
    const story: StoryFacts = {
      explored: person.onRoster && exploredBeforeTraining(requestDays, person.firstSession, firstDate),
      requestDays,
      tokens: input.tokensByEmail?.get(email) ?? 0,
      spend: costs.byPerson.get(email)?.spend ?? 0,
    };
    rows.set(person, { seg, requestDays, row: personRow(person, seg, contributedWin(person.email, winners), story) });
  }

  const funnel = zeroFunnel();
  const segments = zeroSegments();
  const byTeam: Record<string, TeamBlock> = {};
  for (const person of rostered) {
    const { row } = rows.get(person)!;
    const team = teamLabel(person.team);
    byTeam[team] ??= { funnel: zeroFunnel(), funnelPercent: zeroFunnel(), segments: zeroSegments() };
    for (const target of [funnel, byTeam[team].funnel]) {
      target.invited += 1;
      if (row.exploredBeforeTraining) target.exploredBeforeTraining += 1;
      if (row.readyBeforeSession) target.readyBeforeSession += 1;
      if (row.attended.length > 0) target.attended += 1;
      if (row.tried) target.tried += 1;
      if (row.finished) target.finished += 1;
      if (row.segment === 'continued') target.continued += 1;
    }
    for (const target of [segments, byTeam[team].segments]) {
      target[row.segment] += 1;
      if (row.regular) target.regular += 1;
    }
  }
  for (const block of Object.values(byTeam)) block.funnelPercent = percentOf(block.funnel);
  const sortedByTeam = Object.fromEntries(Object.entries(byTeam).sort(([a], [b]) => a.localeCompare(b)));

  const weeks = settings.windowDays / 7;
  const attendees = rostered.filter((p) => p.attended.length > 0);
  const weeklyActive: WeekPoint[] = [];
  for (let week = 0; week <= weeks; week += 1) {
    const active = attendees.filter((p) => {
      const { seg } = rows.get(p)!;
      return week === 0 ? seg.usedOnAnchorDay : seg.weeksActive[week - 1];
    }).length;
    weeklyActive.push({ week, label: week === 0 ? 'session day' : `week ${week}`, active, percentOfAttended: pct(active, attendees.length) });
  }

  const useSessionColumn = input.roster.people.some((p) => p.session);
  const dates: DateRow[] = sessions.map((session, index) => {
    const earlier = new Set(sessions.slice(0, index).map((s) => s.id));
    const invited = useSessionColumn ? rostered.filter((p) => p.invitedTo === session.id).length : null;
    const notYetAttended = rostered.filter((p) => !p.attended.some((id) => earlier.has(id))).length;
    const here = rostered.filter((p) => p.attended.includes(session.id));
    return {
      session: session.id,
      date: session.date,
      startsAt: session.startsAt,
      startsLocal: localDateTime(session.startsAt, programme.timeZone),
      invited,
      notYetAttended,
      attended: here.length,
      returning: here.filter((p) => p.attended[0] !== session.id).length,
      readyBeforeSession: here.filter((p) => p.attended[0] === session.id && p.readyBeforeSession).length,
      walkIns: people.filter((p) => !p.onRoster && p.attended.includes(session.id)).length,
    };
  });

  const questsSection = buildQuestsSection(quests);
  const useCases = buildUseCaseCatalogue(people);
  const story = buildStory(input, rostered.map((p) => rows.get(p)!), { costs: costs.section, byPerson: costs.byPerson, questsSection, useCases, winners, quests, today, funnel });

  return {
    schemaVersion: 1,
    kind: 'programme-report',
    generatedAt: now.toISOString(),
    programme: { id: programme.id, title: programme.title, timeZone: programme.timeZone },
    settings: {
      windowDays: settings.windowDays,
      regularMinWeeks: settings.regularMinWeeks,
      ...(input.ownTaskExercise ? { ownTaskExercise: input.ownTaskExercise } : {}),
      packExercises: input.packExercises.length,
    },
    definitions: { funnel: funnelDefinitions(settings.windowDays), segments: segmentDefinitions(settings), window: WINDOW_NOTE },
    funnel,
    funnelPercent: percentOf(funnel),
    segments,
    byTeam: sortedByTeam,
    dates,
    invitedPerDateBasis: useSessionColumn ? 'roster session column' : 'no roster date column',
    rosterSize: rostered.length,
    weeklyActive,
    windowStillOpen: rostered.filter((p) => rows.get(p)!.seg.windowOpen && p.attended.length > 0).length,
    useCases,
    quests: questsSection,
    skills: buildSkillsSection(input.skills ?? [], quests),
    ...story,
    people: rostered.map((p) => rows.get(p)!.row),
    walkIns: people.filter((p) => !p.onRoster).map((p) => ({ email: p.email, name: p.name, team: teamLabel(p.team), attended: p.attended })),
    unmatchedUsage: input.unmatchedUsage.map((u) => ({ source: u.source, requests: u.requests, days: u.days, reason: u.reason })),
  };
}

interface StoryFacts {
  explored: boolean;
  requestDays: Set<string>;
  tokens: number;
  spend: number;
}

/** Issue 16's sections, from the people's rows and the spend (each rule in its own module). */
function buildStory(
  input: ReportInput,
  people: Array<{ row: PersonRow; requestDays: Set<string> }>,
  ctx: {
    costs: CostsSection;
    byPerson: Map<string, { spend: number; last30: number }>;
    questsSection: QuestsSection;
    useCases: UseCaseCatalogue;
    winners: Set<string>;
    quests: readonly Quest[];
    today: string;
    funnel: FunnelCounts;
  },
): Pick<ProgrammeReport, 'exploredBeforeTraining' | 'activeUsers' | 'costs' | 'valueVsCost' | 'followUp'> {
  const activeUsers = buildActiveUsers(people.map((p) => ({ team: p.row.team, days: p.requestDays })), input.usageThrough);
  const teams = new Map<string, TeamValueInput>();
  const team = (label: string) => {
    let t = teams.get(label);
    if (!t) teams.set(label, (t = { tokens: 0, spend: 0, spendLast30Days: 0, reviewedHoursPerMonth: 0, estimatedHoursPerMonth: 0 }));
    return t;
  };
  for (const { row } of people) {
    const t = team(row.team);
    t.tokens += row.tokens;
    t.spend += row.spend;
    t.spendLast30Days += ctx.byPerson.get(normalizeEmail(row.email))?.last30 ?? 0;
  }
  for (const [label, block] of Object.entries(ctx.questsSection.byTeam)) team(label).reviewedHoursPerMonth = block.hoursPerMonth;
  for (const uc of ctx.useCases.teams) team(uc.team).estimatedHoursPerMonth = uc.hoursSavedPerMonth;
  const teamsWithWin = new Set<string>();
  for (const quest of ctx.quests) if (quest.state === 'done') teamsWithWin.add(teamLabel(quest.team));
  for (const { row } of people) if (row.contributedWin) teamsWithWin.add(row.team);
  const withKey = new Set(input.roster.people.filter((p) => p.key).map((p) => normalizeEmail(p.email)));
  const followUp = buildFollowUp(
    people.map(({ row, requestDays }) => ({
      email: row.email,
      name: row.name,
      team: row.team,
      ...(row.anchorDay && row.attended.length > 0 ? { firstAttended: row.anchorDay } : {}),
      tried: row.tried,
      contributedWin: row.contributedWin,
      useCasesShared: row.useCasesShared,
      keyOnRoster: withKey.has(normalizeEmail(row.email)),
      useDays: requestDays,
      ...(row.lastUseDay ? { lastUseDay: row.lastUseDay } : {}),
      spend: row.spend,
    })),
    { ...(input.usageThrough ? { usageThrough: input.usageThrough } : {}), teamsWithWin, teamSpend: ctx.costs.byTeam },
  );
  return {
    exploredBeforeTraining: { count: ctx.funnel.exploredBeforeTraining, percentOfInvited: pct(ctx.funnel.exploredBeforeTraining, ctx.funnel.invited), definition: EXPLORED_DEFINITION },
    activeUsers,
    costs: ctx.costs,
    valueVsCost: buildValueVsCost(teams, ctx.today),
    followUp,
  };
}

function personRow(person: PersonFacts, seg: PersonSegment, wonQuest: boolean, story: StoryFacts): PersonRow {
  const days = [...story.requestDays].sort();
  return {
    email: person.email,
    name: person.name,
    team: teamLabel(person.team),
    ...(person.invitedTo ? { invitedTo: person.invitedTo } : {}),
    attended: person.attended,
    returning: person.attended.length > 1,
    readyBeforeSession: person.readyBeforeSession,
    tried: person.passedWithCodex.length > 0,
    finished: person.finished,
    exercisesPassed: person.passed.length,
    segment: seg.segment,
    regular: seg.regular,
    contributedWin: wonQuest,
    ...(seg.anchorDay ? { anchorDay: seg.anchorDay } : {}),
    activeWeeks: seg.weeksActive.filter(Boolean).length,
    useDays: person.useDays.size,
    windowOpen: seg.windowOpen,
    useCasesShared: person.useCases.length,
    exploredBeforeTraining: story.explored,
    ...(days.length > 0 ? { firstUseDay: days[0], lastUseDay: days.at(-1)! } : {}),
    tokens: story.tokens,
    spend: story.spend,
  };
}

export { SEGMENT_NAMES };
