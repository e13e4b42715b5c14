import type { DoctorContext } from './context.js';
import type { Check, CheckOutcome, CheckResult } from './types.js';

/**
 * Runs checks: all at once, each timed, each under a hard deadline, a thrown error turned into a
 * `crash` result instead of ending the run, results handed back in the checks' fixed order. Checks
 * only compute; the runner owns everything that is the same for all of them.
 */
export interface RunChecksOptions {
  /** Called as each check finishes (in finishing order), e.g. to move a spinner on. */
  onSettled?: (outcome: CheckOutcome, index: number) => void;
}

export async function runChecks(checks: Check[], ctx: DoctorContext, options: RunChecksOptions = {}): Promise<CheckOutcome[]> {
  return Promise.all(
    checks.map(async (check, index) => {
      const outcome = await runOne(check, ctx);
      options.onSettled?.(outcome, index);
      return outcome;
    }),
  );
}

async function runOne(check: Check, ctx: DoctorContext): Promise<CheckOutcome> {
  const started = ctx.now();
  const elapsed = () => Math.round(ctx.now() - started);
  let timer: NodeJS.Timeout | undefined;
  try {
    const limitMs = check.timeoutMs(ctx);
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), limitMs);
      // A check still running past its deadline must not keep the process alive.
      timer.unref?.();
    });
    const settled = await Promise.race([check.run(ctx), deadline]);
    const title = titleOf(check, ctx);
    if (settled === 'timeout') {
      return crashed(check, ctx, 'check_timed_out', ctx.t.runner.timedOut({ title, seconds: Math.round(limitMs / 1000) }), elapsed(), ctx.t.runner.timedOutFix);
    }
    return toOutcome(check, ctx, settled, elapsed());
  } catch (error) {
    const summary = ctx.t.runner.crashed({ title: titleOf(check, ctx), message: error instanceof Error ? error.message : String(error) });
    return crashed(check, ctx, 'check_crashed', summary, elapsed(), ctx.t.runner.crashedFix);
  } finally {
    clearTimeout(timer);
  }
}

/** A check's title in the participant's language (its id for a check the catalogue does not know: tests). */
export function titleOf(check: Pick<Check, 'id'>, ctx: Pick<DoctorContext, 't'>): string {
  return ctx.t.titles[check.id] ?? check.id;
}

function crashed(check: Check, ctx: DoctorContext, code: string, summary: string, durationMs: number, fix: string): CheckOutcome {
  return { id: check.id, title: titleOf(check, ctx), status: 'crash', code, summary, fix: { text: fix }, durationMs };
}

function toOutcome(check: Check, ctx: DoctorContext, result: CheckResult, durationMs: number): CheckOutcome {
  const outcome: CheckOutcome = { id: check.id, title: titleOf(check, ctx), status: result.status, code: result.code, summary: result.summary, durationMs };
  if (result.fix) outcome.fix = result.fix;
  if (result.details?.length) outcome.details = result.details;
  if (result.facts) outcome.facts = result.facts;
  if (result.hidden) outcome.hidden = true;
  return outcome;
}
