/**
 * What the dashboard shows, as plain JSON: the hub computes these views from the fold and sends them
 * over SSE; the browser only renders them. Shared (as types only) with facilitator/dashboard/client.
 */
export type ReadinessState = 'ready' | 'not-ready' | 'unknown';

export interface ReadinessView {
  state: ReadinessState;
  /** "READY", "Codex is not installed", "doctor not run yet". */
  words: string;
  checkId?: string;
  code?: string;
  /** Further blockers after the first (plain words). */
  more: string[];
  warnings: number;
}

export interface ExerciseView {
  id: string;
  attempts: number;
  passed: boolean;
  /** Whole minutes since this step started (laptop clock shifted onto the hub clock). */
  minutesOnStep: number;
  score?: number;
  maxScore?: number;
  failedInRow: number;
  /** Issue 11: the failing checks in the words the participant saw (the pack's check messages), else their ids. */
  failingChecks: string[];
  failingCheckIds: string[];
  /** The pack's expected minutes for this exercise, when known. */
  expectedMinutes?: number;
  hints: number;
  codexSessions: number;
}

export type StuckReason = 'quiet-past-expected' | 'same-checks-failing';
export type NeedState = 'blocked' | 'stuck' | 'behind' | 'working' | 'finished' | 'idle';

export interface ParticipantCard {
  id: string;
  name: string;
  email: string;
  team: string;
  readiness: ReadinessView;
  exercise?: ExerciseView;
  exercisesDone: number;
  finished: boolean;
  codexUsed: boolean;
  /** `order`: 1 = raised first (first come, first served); `claimedBy`: the helper on their way. */
  hand?: { message: string; minutesUp: number; order: number; claimedBy?: string };
  /** A hand the facilitator lowered, which "Undo" can bring back. */
  handLowered?: boolean;
  stuck?: { reason: StuckReason; words: string; minutes: number };
  /** Issue 11: the one "needs help" state (facilitator/summary/needs-help.ts), with its reason in words. */
  needs: { state: NeedState; words: string };
  /** Issue 11: table or seat typed at join. */
  table?: string;
  /** Issue 12: laptops confirmed as this person. */
  laptops: number;
  /** Issue 12: joined with the email of `ofName` without proof; waiting for the code or an approval. */
  pending?: { of: string; ofName: string; code?: string };
  /** Issue 11, a date of a programme: not on the roster. */
  walkIn?: boolean;
  /** Minutes since the facilitator marked them as helped. */
  helpedMinutesAgo?: number;
  /** 0 = needs help first. Cards are sent sorted; the number lets the browser keep the order. */
  rank: number;
  /** Why this card is where it is: "hand raised", "stuck", "not ready", "no doctor yet", "working", "finished". */
  tier: 'hand' | 'pending' | 'blocked' | 'stuck' | 'behind' | 'no-doctor' | 'working' | 'finished';
  lastSeenMinutesAgo: number;
  /** Issue 6 catch-up: they attended an earlier date of the programme. */
  returning?: { sessions: string[]; exercisesBefore: number };
}

export interface Funnel {
  joined: number;
  ready: number;
  started: number;
  finished: number;
}

export interface CountedItem {
  key: string;
  words: string;
  count: number;
}

export interface SessionAggregates {
  funnel: Funnel;
  /** Doctor checks failing right now, most common first (by code). */
  setupBlockers: CountedItem[];
  /** Exercise checks failing right now for people on that exercise (key `exercise/check`). */
  failingChecks: CountedItem[];
  teams: Array<{ team: string; count: number }>;
  handsUp: number;
  stuck: number;
  blocked: number;
  behind: number;
}

/** Issue 11: what the room is told and where it should be. */
export interface RoomView {
  message?: { id: string; text: string; minutesAgo: number };
  target?: { exerciseId: string; source: 'facilitator' | 'timetable' };
  /** The pack's exercises, in order, for the target picker. */
  exercises: Array<{ id: string; title: string; minutes?: number }>;
  /** A date of a programme: invited people who have not joined yet. */
  notJoined?: Array<{ name: string; team: string }>;
  /** Issue 12: wrong join codes in the last window (someone guessing, or a typo), and addresses locked out. */
  joinAlert?: { wrongCodes: number; addresses: number; lockedAddresses: number; windowMinutes: number };
}

export interface DashboardSnapshot {
  /** `joinCommand` is what participants type (`workshop join http://<LAN address>:4545 --code …`). */
  session: { id: string; title: string; code: string; programmeId?: string; joinCommand?: string };
  generatedAt: string;
  stuckAfterMinutes: number;
  aggregates: SessionAggregates;
  room: RoomView;
  cards: ParticipantCard[];
}

/** An SSE update: changed cards plus the new aggregates; `order` is every card id in rank order. */
export interface DashboardUpdate {
  generatedAt: string;
  aggregates: SessionAggregates;
  room: RoomView;
  cards: ParticipantCard[];
  order: string[];
  /** Cards that are gone (a pending join merged into its person). */
  removed: string[];
}
