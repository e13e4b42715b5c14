import { interactive } from '../core/terminal.js';

/**
 * After any participant command: once the participant's session is 7 or more days behind them, offer
 * `workshop pulse` exactly once (the offer is remembered before it is shown, so Ctrl-C does not bring
 * it back). With consent already given, refresh the counts quietly at most once a week during the
 * five weeks after the session (the consent question says so). Only on an interactive terminal, never
 * with --json, and never in the middle of a facilitator's or the pulse's own commands.
 */
export const OFFER_AFTER_DAYS = 7;
const REFRESH_EVERY_DAYS = 7;
const REFRESH_FOR_DAYS = 35;

const NOT_AFTER = new Set(['pulse', 'share', 'host', 'report', 'programme', 'roster', 'usage', 'rehearse', 'join', 'sync', 'dev']);

export interface OfferContext {
  /** Names from the root to the command that ran, e.g. ['roster', 'import'] or ['next']. */
  commandPath: string[];
  argv: string[];
  env?: NodeJS.ProcessEnv;
  now?: Date;
  isInteractive?: boolean;
  ask?: (question: string) => Promise<boolean>;
}

export type OfferOutcome = 'skipped' | 'offered-yes' | 'offered-no' | 'refreshed';

export async function maybeOfferPulse(context: OfferContext): Promise<OfferOutcome> {
  const env = context.env ?? process.env;
  const now = context.now ?? new Date();
  if (env.WORKSHOP_NO_PULSE_OFFER) return 'skipped';
  if (context.commandPath.some((name) => NOT_AFTER.has(name))) return 'skipped';
  if (context.argv.includes('--json')) return 'skipped';
  if (!(context.isInteractive ?? (interactive() && Boolean(process.stdout.isTTY)))) return 'skipped';
  if (process.exitCode !== undefined && process.exitCode !== 0) return 'skipped';

  // Loaded only now: after every participant command, most runs stop at the checks above.
  const [{ firstSessionDay, readPulseState, writePulseState }, { localDay, shiftDay }] = await Promise.all([import('./pulse-state.js'), import('../codex/session-logs.js')]);
  const state = await readPulseState(env);
  if (state.consent === 'declined') return 'skipped';
  if (state.consent === undefined && state.autoOfferedAt) return 'skipped';
  const since = await firstSessionDay(env);
  if (!since) return 'skipped';
  const today = localDay(now.getTime());
  if (today < shiftDay(since, OFFER_AFTER_DAYS)) return 'skipped';

  const { runPulse, askYesNo, CONSENT_QUESTION, offerLine } = await import('./pulse-command.js');
  if (state.consent === 'granted') {
    const last = state.lastReportedAt ? localDay(Date.parse(state.lastReportedAt)) : undefined;
    const due = !last || today >= shiftDay(last, REFRESH_EVERY_DAYS);
    if (!due || today > shiftDay(since, REFRESH_FOR_DAYS)) return 'skipped';
    await runPulse({ env, now, quiet: true });
    return 'refreshed';
  }

  await writePulseState({ ...state, autoOfferedAt: now.toISOString() }, env);
  process.stderr.write(`\n${offerLine()}\n`);
  const yes = await (context.ask ?? askYesNo)(CONSENT_QUESTION(since));
  await runPulse({ env, now, ...(yes ? { yes: true } : { no: true }) });
  return yes ? 'offered-yes' : 'offered-no';
}
