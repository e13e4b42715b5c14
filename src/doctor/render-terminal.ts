import { paint as defaultPaint, startProgress, type Progress } from '../core/terminal.js';
import type { DoctorCatalog } from '../i18n/doctor/index.js';
import type { PlatformInfo } from './platform.js';
import type { Check, CheckOutcome, OutcomeStatus } from './types.js';
import type { Verdict } from './verdict.js';

/**
 * The doctor as a person reads it: one line per check in a fixed order, the fix right under any
 * problem, and a verdict at the end that names the blockers first and the warnings after. Lines are
 * built by pure functions; the streaming printer only decides when to write them. Every word comes
 * from the doctor catalogue (`t`), in the participant's language.
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

/**
 * Columns a text takes in a terminal: CJK characters and full-width forms take two, so Japanese
 * titles line up like English ones.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? 2 : 1;
  return width;
}

function padDisplay(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function headerLines(profileName: string, platform: PlatformInfo, paint: Paint, t: DoctorCatalog): string[] {
  return [paint.bold(t.render.header({ profile: profileName, platform: t.render.platformLabel({ os: platform.os, shell: platform.shell }) })), ''];
}

export function outcomeLines(outcome: CheckOutcome, options: { verbose: boolean; titleWidth: number; paint: Paint; t: DoctorCatalog }): string[] {
  const { paint, t } = options;
  const timing = options.verbose ? paint.dim(` (${outcome.durationMs} ms)`) : '';
  const summary = outcome.status === 'skip' ? paint.dim(t.render.skipped({ reason: outcome.summary })) : outcome.summary;
  const lines = [`${mark(outcome.status, paint)} ${padDisplay(outcome.title, options.titleWidth)}  ${summary}${timing}`];
  const indent = ' '.repeat(options.titleWidth + 4);
  // A skipped check rarely has a fix; when it has one (the smoke test that needs a saved login), it shows.
  if (outcome.fix && outcome.status !== 'ok') {
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

export function verdictLines(verdict: Verdict, paint: Paint, t: DoctorCatalog): string[] {
  const named = (outcomes: CheckOutcome[]) => t.render.names(outcomes.map((o) => t.render.named({ title: o.title, code: o.code })));
  const lines = [''];
  if (verdict.ready) {
    lines.push(`${paint.green(paint.bold(t.render.ready))}  ${t.render.readyLine}`);
    if (verdict.warnings.length) lines.push(`  ${paint.yellow(t.render.warnings({ count: verdict.warnings.length, names: named(verdict.warnings) }))}`);
  } else {
    lines.push(`${paint.red(paint.bold(t.render.notReady))}  ${t.render.notReadyLine({ count: verdict.blockers.length })}`);
    lines.push(`  ${t.render.fixFirst({ names: named(verdict.blockers) })}`);
    if (verdict.warnings.length) lines.push(`  ${t.render.then({ names: named(verdict.warnings) })}`);
    lines.push(`  ${t.render.applyAndRerun}`);
  }
  return lines;
}

/** The column the summaries start in: the widest title, in terminal columns. */
export function titleWidth(titles: string[]): number {
  return Math.max(...titles.map(displayWidth), 8);
}

/**
 * Prints outcomes as soon as they can be printed in order (check 3 waits for 1 and 2), so a slow
 * check at the end does not hold back the rest. A spinner on stderr shows what is still running,
 * only on a terminal outside CI (startProgress decides).
 */
export class StreamingPrinter {
  readonly #checks: Array<Pick<Check, 'id'> & { title: string }>;
  readonly #settled: (CheckOutcome | undefined)[];
  readonly #write: (text: string) => void;
  readonly #format: (outcome: CheckOutcome) => string[];
  readonly #words: { checking: (p: { titles: string[] }) => string; done: string };
  #next = 0;
  #progress: Progress | undefined;
  #queue: Promise<void> = Promise.resolve();

  /** `checks`: the checks with their titles in the participant's language, in printing order. */
  constructor(checks: Array<Pick<Check, 'id'> & { title: string }>, write: (text: string) => void, format: (outcome: CheckOutcome) => string[], t: Pick<DoctorCatalog, 'render'>) {
    this.#checks = checks;
    this.#words = { checking: t.render.checking, done: t.render.done };
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
    return waiting.length ? this.#words.checking({ titles: waiting }) : this.#words.done;
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
