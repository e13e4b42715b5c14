import { ExitCode, UsageError, UserError, said } from '../core/errors.js';
import { codexHome } from '../core/paths.js';
import { sanitizeText } from '../core/sanitize.js';
import { interactive, paint, printJson } from '../core/terminal.js';
import { participantLanguage } from '../i18n/choose-language.js';
import { type Catalog, messages } from '../i18n/index.js';
import { recordEvent } from '../state/event-log.js';
import { firstSessionDay, readPulseState, writePulseState } from './pulse-state.js';
import { localDay, shiftDay } from '../codex/session-logs.js';
import { countCodexSessions } from './session-counter.js';

/**
 * `workshop pulse`: with the participant's consent (asked once, remembered), counts the Codex
 * sessions they started on each day since their first workshop session and records the counts as a
 * `pulse.reported` event, which the hub outbox delivers. Only dates and counts leave the laptop.
 */

/** The participant's words for the pulse (src/i18n, `pulse` section). */
function pulseWords(): Catalog['pulse'] {
  return messages(participantLanguage()).pulse;
}

export const CONSENT_QUESTION = (since: string) => pulseWords().consentQuestion({ since });

/** The weekly offer's opening line (src/pulse/auto-offer.ts). */
export const offerLine = () => pulseWords().offer;

/** Reports cover at most this many days back (the event's limit). */
const MAX_DAYS = 399;

export interface PulseOptions {
  yes?: boolean;
  no?: boolean;
  since?: string;
  json?: boolean;
  /** Print one quiet line instead of the summary (the weekly refresh). */
  quiet?: boolean;
  env?: NodeJS.ProcessEnv;
  now?: Date;
  ask?: (question: string) => Promise<boolean>;
}

export async function askYesNo(question: string): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  try {
    // On stderr, so that `--json` keeps stdout for the one JSON document.
    return await confirm({ message: question, default: false }, { output: process.stderr });
  } catch {
    // Ctrl-C or a closed terminal: no answer, which is never a yes.
    return false;
  }
}

export async function runPulse(options: PulseOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const now = options.now ?? new Date();
  if (options.yes && options.no) throw new UsageError(said('pulse-yes-and-no', {}));
  const state = await readPulseState(env);

  if (options.no) {
    await writePulseState({ ...state, consent: 'declined', answeredAt: now.toISOString() }, env);
    if (options.json) printJson({ consent: 'declined', recorded: false });
    else process.stdout.write(`${pulseWords().declined}\n`);
    return ExitCode.ok;
  }

  if (options.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.since)) throw new UsageError(said('pulse-since-format', { since: options.since }));
  const since = options.since ?? (await firstSessionDay(env));
  if (!since) {
    throw new UserError(said('pulse-no-session-day', {}), ExitCode.failure);
  }

  let consent = state.consent;
  if (options.yes) consent = 'granted';
  else if (consent === 'declined') {
    throw new UserError(said('pulse-declined-before', {}), ExitCode.failure);
  } else if (consent === undefined) {
    if (!options.ask && !interactive()) {
      throw new UsageError(said('pulse-needs-consent', {}));
    }
    consent = (await (options.ask ?? askYesNo)(CONSENT_QUESTION(since))) ? 'granted' : 'declined';
  }
  if (consent !== state.consent || options.yes) {
    await writePulseState({ ...state, consent, answeredAt: now.toISOString() }, env);
  }
  if (consent === 'declined') {
    if (options.json) printJson({ consent: 'declined', recorded: false });
    else process.stdout.write(`${pulseWords().nothingCounted}\n`);
    return ExitCode.ok;
  }

  const until = localDay(now.getTime());
  const from = since > shiftDay(until, -MAX_DAYS) ? since : shiftDay(until, -MAX_DAYS);
  if (from > until) throw new UsageError(said('pulse-since-future', { since }));
  const counted = await countCodexSessions(codexHome(env), from, until);
  const days = [...counted.perDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, codexSessions]) => ({ day, codexSessions }));
  await recordEvent({ type: 'pulse.reported', since: from, until, days }, env);
  await writePulseState({ ...(await readPulseState(env)), consent: 'granted', lastReportedAt: now.toISOString() }, env);

  // Issue 15: company skills used, by name, under the same consent (nothing on a laptop without the marketplace).
  const { pulseSkillUses } = await import('../skills/pulse-uses.js');
  const skills = await pulseSkillUses(env, from, until).catch(() => undefined);

  const total = days.reduce((n, d) => n + d.codexSessions, 0);
  if (options.json) {
    printJson({ consent: 'granted', recorded: true, since: from, until, days, totalSessions: total, activeDays: days.length, unreadableFiles: counted.unreadable, warnings: counted.warnings, ...(skills ? { skillUses: skills } : {}) });
    return ExitCode.ok;
  }
  if (skills && skills.days.length > 0) {
    const uses = skills.days.reduce((n, d) => n + Object.values(d.counts).reduce((a, b) => a + b, 0), 0);
    const line = skills.sent ? pulseWords().skillUsesSent({ uses }) : pulseWords().skillUsesNotSent({ uses, why: skills.why ?? '' });
    if (!options.quiet) process.stdout.write(`${paint.dim(sanitizeText(line))}\n`);
  }
  for (const warning of counted.warnings) process.stderr.write(`${paint.yellow('!')} ${warning}\n`);
  if (options.quiet) {
    process.stderr.write(`${paint.dim(pulseWords().refreshed({ total, since: from }))}\n`);
    return ExitCode.ok;
  }
  const t = pulseWords();
  process.stdout.write(`${paint.green('✓')} ${t.summary({ since: from, total, days: days.length })}\n`);
  for (const week of weeklyLines(from, until, counted.perDay, t)) process.stdout.write(`  ${week}\n`);
  process.stdout.write(`${paint.dim(t.onlyCounts)}\n`);
  return ExitCode.ok;
}

/** "12-04–12-10: 3 sessions on 2 days", week by week — a quick picture for the participant themselves. */
function weeklyLines(since: string, until: string, perDay: Map<string, number>, t: Catalog['pulse']): string[] {
  const lines: string[] = [];
  for (let start = since, week = 0; start <= until && week < 12; start = shiftDay(start, 7), week += 1) {
    const end = shiftDay(start, 6) < until ? shiftDay(start, 6) : until;
    let sessions = 0;
    let active = 0;
    for (let d = start; d <= end; d = shiftDay(d, 1)) {
      const n = perDay.get(d) ?? 0;
      sessions += n;
      if (n > 0) active += 1;
    }
    lines.push(t.week({ from: start.slice(5), to: end.slice(5), sessions, days: active }));
  }
  return lines;
}
