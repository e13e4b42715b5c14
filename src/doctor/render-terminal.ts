import { paint as defaultPaint, startProgress, type Progress } from '../core/terminal.js';
import type { PlatformInfo } from './platform.js';
import type { Check, CheckOutcome, OutcomeStatus } from './types.js';
import type { Verdict } from './verdict.js';

/**
 * The doctor as a person reads it: one line per check in a fixed order, the fix right under any
 * problem, and a verdict at the end that names the blockers first and the warnings after. Lines are
 * built by pure functions; the streaming printer only decides when to write them.
 */
export type Paint = typeof defaultPaint;

const MARK: Record<OutcomeStatus, string> = { ok: '✓', warn: '!', fail: '✗', skip: '-', crash: '✗' };

function mark(status: OutcomeStatus, paint: Paint): string {
  switch (status) {
    case 'ok':
      return paint.green(MARK.ok);
    case 'warn':
      return paint.yellow(MARK.warn);
    case 'skip':
      return paint.dim(MARK.skip);
    default:
      return paint.red(MARK[status]);
  }
}

export function headerLines(profileName: string, platform: PlatformInfo, paint: Paint): string[] {
  return [paint.bold(`workshop doctor · ${profileName} · ${platform.label}`), ''];
}

export function outcomeLines(outcome: CheckOutcome, options: { verbose: boolean; titleWidth: number; paint: Paint }): string[] {
  const { paint } = options;
  const timing = options.verbose ? paint.dim(` (${outcome.durationMs} ms)`) : '';
  const summary = outcome.status === 'skip' ? paint.dim(`skipped: ${outcome.summary}`) : outcome.summary;
  const lines = [`${mark(outcome.status, paint)} ${outcome.title.padEnd(options.titleWidth)}  ${summary}${timing}`];
  const indent = ' '.repeat(options.titleWidth + 4);
  if (outcome.fix && outcome.status !== 'ok' && outcome.status !== 'skip') {
    lines.push(`${indent}${paint.cyan('→')} ${outcome.fix.text}`);
    for (const command of outcome.fix.commands ?? []) {
      lines.push(`${indent}    ${command.startsWith('#') ? paint.dim(command) : paint.bold(command)}`);
    }
  }
  if (options.verbose) {
    lines.push(...(outcome.details ?? []).map((d) => `${indent}${paint.dim(d)}`));
    lines.push(`${indent}${paint.dim(`[${outcome.id}: ${outcome.code}]`)}`);
  } else if (outcome.status !== 'ok' && outcome.status !== 'skip') {
    lines.push(`${indent}${paint.dim(`[${outcome.code}]`)}`);
  }
  return lines;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const named = (outcomes: CheckOutcome[]) => outcomes.map((o) => `${o.title} (${o.code})`).join(', ');

export function verdictLines(verdict: Verdict, paint: Paint): string[] {
  const lines = [''];
  if (verdict.ready) {
    lines.push(`${paint.green(paint.bold('READY'))}  You are set for the workshop.`);
    if (verdict.warnings.length) lines.push(`  ${paint.yellow(plural(verdict.warnings.length, 'warning'))} worth a look: ${named(verdict.warnings)}`);
  } else {
    lines.push(`${paint.red(paint.bold('NOT READY'))}  ${plural(verdict.blockers.length, 'problem')} to fix before the workshop.`);
    lines.push(`  Fix first: ${named(verdict.blockers)}`);
    if (verdict.warnings.length) lines.push(`  Then: ${named(verdict.warnings)}`);
    lines.push('  Apply the fixes above, then run `workshop doctor` again.');
  }
  return lines;
}

export function titleWidth(checks: Pick<Check, 'title'>[]): number {
  return Math.max(...checks.map((c) => c.title.length), 8);
}

/**
 * Prints outcomes as soon as they can be printed in order (check 3 waits for 1 and 2), so a slow
 * check at the end does not hold back the rest. A spinner on stderr shows what is still running,
 * only on a terminal outside CI (startProgress decides).
 */
export class StreamingPrinter {
  readonly #checks: Check[];
  readonly #settled: (CheckOutcome | undefined)[];
  readonly #write: (text: string) => void;
  readonly #format: (outcome: CheckOutcome) => string[];
  #next = 0;
  #progress: Progress | undefined;
  #queue: Promise<void> = Promise.resolve();

  constructor(checks: Check[], write: (text: string) => void, format: (outcome: CheckOutcome) => string[]) {
    this.#checks = checks;
    this.#settled = checks.map(() => undefined);
    this.#write = write;
    this.#format = format;
  }

  async start(): Promise<void> {
    this.#progress = await startProgress(this.#waitingText());
  }

  /** Called by the runner as each check finishes; writes serially, in order. */
  settle(outcome: CheckOutcome, index: number): void {
    this.#settled[index] = outcome;
    this.#queue = this.#queue.then(() => this.#flush());
  }

  async finish(): Promise<void> {
    await this.#queue;
    this.#progress?.stop();
    this.#progress = undefined;
  }

  #waitingText(): string {
    const waiting = this.#checks.filter((_, i) => !this.#settled[i]).map((c) => c.title);
    return waiting.length ? `Checking: ${waiting.join(', ')}` : 'Done';
  }

  async #flush(): Promise<void> {
    const ready: CheckOutcome[] = [];
    while (this.#next < this.#checks.length && this.#settled[this.#next]) {
      ready.push(this.#settled[this.#next]!);
      this.#next += 1;
    }
    if (ready.length === 0) {
      this.#progress?.update(this.#waitingText());
      return;
    }
    // The spinner shares the terminal: take it down while writing, put it back if work remains.
    this.#progress?.stop();
    for (const outcome of ready) if (!outcome.hidden) this.#write(`${this.#format(outcome).join('\n')}\n`);
    this.#progress = this.#next < this.#checks.length ? await startProgress(this.#waitingText()) : undefined;
  }
}
