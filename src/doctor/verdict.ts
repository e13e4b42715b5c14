import type { SecretRegistry } from './context.js';
import { isBlocking, type CheckOutcome } from './types.js';

/**
 * The verdict, and the last cleaning step before anything is shown: both pure functions of the
 * outcomes, shared by the terminal and JSON renderers.
 */
export interface Verdict {
  ready: boolean;
  blockers: CheckOutcome[];
  warnings: CheckOutcome[];
}

export function verdictOf(outcomes: CheckOutcome[]): Verdict {
  const blockers = outcomes.filter((o) => isBlocking(o.status));
  const warnings = outcomes.filter((o) => o.status === 'warn');
  return { ready: blockers.length === 0, blockers, warnings };
}

/**
 * Removes every known key (and anything shaped like one) from every text of an outcome. Runs before
 * rendering and before recording, whatever a check or a child process put in there.
 */
export function redactOutcome(outcome: CheckOutcome, secrets: SecretRegistry): CheckOutcome {
  const clean = (text: string) => secrets.redact(text);
  const redacted: CheckOutcome = { ...outcome, summary: clean(outcome.summary) };
  if (outcome.fix) {
    redacted.fix = { text: clean(outcome.fix.text), ...(outcome.fix.commands ? { commands: outcome.fix.commands.map(clean) } : {}) };
  }
  if (outcome.details) redacted.details = outcome.details.map(clean);
  return redacted;
}
