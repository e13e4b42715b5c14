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
  failingChecks: string[];
  hints: number;
  codexSessions: number;
}

export type StuckReason = 'no-progress' | 'failed-gradings';

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
  hand?: { message: string; minutesUp: number };
  stuck?: { reason: StuckReason; words: string; minutes: number };
  /** Minutes since the facilitator marked them as helped. */
  helpedMinutesAgo?: number;
  /** 0 = needs help first. Cards are sent sorted; the number lets the browser keep the order. */
  rank: number;
  /** Why this card is where it is: "hand raised", "stuck", "not ready", "no doctor yet", "working", "finished". */
  tier: 'hand' | 'stuck' | 'not-ready' | 'no-doctor' | 'working' | 'finished';
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
}

export interface DashboardSnapshot {
  /** `joinCommand` is what participants type (`workshop join http://<LAN address>:4545 --code …`). */
  session: { id: string; title: string; code: string; programmeId?: string; joinCommand?: string };
  generatedAt: string;
  stuckAfterMinutes: number;
  aggregates: SessionAggregates;
  cards: ParticipantCard[];
}

/** An SSE update: changed cards plus the new aggregates; `order` is every card id in rank order. */
export interface DashboardUpdate {
  generatedAt: string;
  aggregates: SessionAggregates;
  cards: ParticipantCard[];
  order: string[];
}
