import type { CheckId } from '../i18n/doctor/index.js';
import type { DoctorContext } from './context.js';

/**
 * The doctor's vocabulary. A check is tiny: an id (its title is in the message catalogue, under the
 * same id), and one async function that returns a result. Everything that is the same for every check (timing, timeouts, crashes, order, printing)
 * belongs to the runner and the renderers, never to a check.
 */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** `crash` is given only by the runner: the check threw or did not finish in time. */
export type OutcomeStatus = CheckStatus | 'crash';

/** What to do about a warning or failure: one sentence, then commands for this person's shell. */
export interface Fix {
  text: string;
  commands?: string[];
}

export interface CheckResult {
  status: CheckStatus;
  /** Stable, machine-readable: documented in docs/doctor.md, counted on the facilitator dashboard. */
  code: string;
  /**
   * One line, plain words, in the participant's language (ctx.t). Codes carry the meaning for
   * programs; the sentence is for people.
   */
  summary: string;
  fix?: Fix;
  /** Extra lines shown with --verbose and in --json. */
  details?: string[];
  /** Facts other parts of the doctor need (never rendered): e.g. the Codex version for the event log. */
  facts?: { codexVersion?: string };
  /**
   * Nothing to report at all: the check does not apply to this Codex (e.g. one older than
   * `codex doctor`). Hidden results are not printed, not in --json and not recorded, so the doctor
   * reads exactly as it did before the check existed.
   */
  hidden?: boolean;
}

export interface Check {
  id: CheckId;
  /** How long the runner waits before calling the check crashed; checks bound their own I/O below it. */
  timeoutMs(ctx: DoctorContext): number;
  run(ctx: DoctorContext): Promise<CheckResult>;
}

export interface CheckOutcome {
  id: string;
  title: string;
  status: OutcomeStatus;
  code: string;
  summary: string;
  fix?: Fix;
  details?: string[];
  durationMs: number;
  facts?: CheckResult['facts'];
  hidden?: boolean;
}

export function isBlocking(status: OutcomeStatus): boolean {
  return status === 'fail' || status === 'crash';
}
