import { sanitizeLine, sanitizeText } from '../core/sanitize.js';
import { renderMarkdown } from '../core/markdown.js';
import { colorEnabled, paint } from '../core/terminal.js';
import { type Catalog, messages } from '../i18n/index.js';
import type { StartCodex } from './codex-launch.js';
import { describeFindings } from './feedback.js';
import type { CheckResult } from './grader.js';
import { localize } from './language.js';
import type { ExerciseRow } from './progress-view.js';
import type { FinishView, GradedView, HintOutcome, NextOutcome, SetupView } from './session.js';
import type { DiffOutcome, ListOutcome, ResetResult, StatusOutcome } from './tools.js';

/**
 * Terminal text for the exercise commands. Renderers only read outcomes; they decide nothing. Words
 * are for people who have never used a terminal: what happened, what to do next, the exact command,
 * in the participant's language (the `exercise` section of src/i18n). Briefs are Markdown, rendered
 * for the terminal, or as plain text when piped.
 */
export interface RenderLanguage {
  lang: string;
  /** The pack's first language, for pack texts missing a translation. */
  fallback: string;
}

// Issue 12: pack texts (titles, hints, check messages, briefs), what the grader quotes from files, and
// diffs are untrusted: they go through the one sanitiser here, before this module adds its own colours.
const one = sanitizeLine;
const text = sanitizeText;
const say = (value: Parameters<typeof localize>[0], language: RenderLanguage) => text(localize(value, language.lang, language.fallback));

function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');
}

type Words = Catalog['exercise'];

export function renderStart(start: StartCodex, t: Words): string {
  const lines = [`  ${paint.bold(start.command)}`];
  for (const other of start.alternatives) lines.push(paint.dim(`  (${t.shells[other.shell]}: ${other.command})`));
  return lines.join('\n');
}

export function renderBrief(brief: string): string {
  return indent(renderMarkdown(brief, { color: colorEnabled(process.stdout) }));
}

export function renderSetup(setup: SetupView, language: RenderLanguage, options: { again?: boolean } = {}): string {
  const t = messages(language.lang).exercise;
  const { exercise } = setup;
  return [
    paint.bold(paint.cyan(t.exerciseHeader({ position: exercise.position, total: exercise.total, title: one(exercise.title), minutes: setup.minutes }))),
    setup.resumed && !options.again ? paint.dim(t.resumed) : undefined,
    '',
    renderBrief(setup.brief),
    '',
    `${t.yourFolder} ${paint.bold(exercise.folder)}`,
    '',
    t.startCodexThere,
    renderStart(setup.start, t),
    '',
    t.firstRequest,
    indent(`“${text(setup.suggestedPrompt)}”`),
    '',
    t.leaveCodex,
    paint.dim(options.again ? t.briefFooter : t.afterSetup),
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}

function renderCheck(check: CheckResult, t: Words, language: RenderLanguage): string {
  const mark = check.passed ? paint.green('✓') : paint.red('✗');
  const lines = [`  ${mark} ${say(check.message, language)}`];
  if (!check.passed) {
    const detail = describeFindings(check.findings, language.lang);
    if (detail) lines.push(paint.dim(`      ${text(detail)}`));
    if (check.hint) lines.push(`      ${paint.yellow(t.tip)} ${say(check.hint, language)}`);
  }
  return lines.join('\n');
}

export function renderGraded(graded: GradedView, language: RenderLanguage): string {
  const t = messages(language.lang).exercise;
  const { exercise, result } = graded;
  const lines = [paint.bold(t.checkingHeader({ position: exercise.position, total: exercise.total, title: one(exercise.title), attempt: graded.attempt })), ''];
  if (result.noChange) {
    lines.push(paint.yellow(t.noChange), '', `${t.yourFolder} ${exercise.folder}`, t.startCodexAndAsk, renderStart(graded.start, t));
    return lines.join('\n');
  }
  for (const check of result.checks) lines.push(renderCheck(check, t, language));
  lines.push('');
  if (result.passed) lines.push(paint.green(paint.bold(t.passed({ score: result.score, max: result.maxScore }))));
  else lines.push(`${paint.red(t.notPassed({ score: result.score, max: result.maxScore }))} ${t.fixAndRetry}`);
  const { evidence } = graded;
  lines.push(paint.dim(evidence.sessions === 0 ? t.noCodexYet : t.codexSessions({ count: evidence.sessions, changedAfter: evidence.changedAfterCodex })));
  if (graded.hint) lines.push('', `${paint.yellow(t.hintLabel({ number: graded.hint.number, total: graded.hint.total }))} ${text(graded.hint.text)}`);
  if (!result.passed) lines.push(paint.dim(t.afterFail));
  return lines.join('\n');
}

function renderRowsTable(rows: ExerciseRow[], t: Words): string {
  const width = Math.max(...rows.map((row) => one(row.id).length), 8);
  const stateWidth = Math.max(...Object.values(t.states).map((state) => state.length));
  return rows
    .map((row) => {
      const mark = row.state === 'done' ? paint.green('✓') : row.state === 'current' ? paint.cyan('▶') : '·';
      const state = t.states[row.state === 'pending' && row.started ? 'started' : row.state];
      const details = row.started ? t.rowDetails({ attempts: row.attempts, minutes: row.minutesSpent, sessions: row.codexSessions }) : t.aboutMinutes({ minutes: row.minutes });
      return `  ${mark} ${one(row.id).padEnd(width)}  ${state.padEnd(stateWidth)}  ${one(row.title)}  ${paint.dim(`(${details})`)}`;
    })
    .join('\n');
}

export function renderFinish(finish: FinishView, language: RenderLanguage): string {
  const t = messages(language.lang).exercise;
  const done = finish.exercises.filter((row) => row.passed).length;
  const minutes = finish.exercises.reduce((sum, row) => sum + row.minutesSpent, 0);
  return [paint.green(paint.bold(t.finished({ pack: one(finish.packTitle), done, total: finish.exercises.length, minutes }))), '', renderRowsTable(finish.exercises, t), '', t.keepGoing].join('\n');
}

export function renderNext(outcome: NextOutcome, language: RenderLanguage): string {
  switch (outcome.action) {
    case 'setup':
      return renderSetup(outcome.setup, language);
    case 'finished':
      return renderFinish(outcome.finished, language);
    case 'graded': {
      const parts = [renderGraded(outcome.graded, language)];
      if (outcome.next) parts.push('', paint.dim('─'.repeat(60)), '', renderSetup(outcome.next, language));
      if (outcome.finished) parts.push('', renderFinish(outcome.finished, language));
      return parts.join('\n');
    }
  }
}

export function renderStatus(status: StatusOutcome, language: RenderLanguage): string {
  const t = messages(language.lang).exercise;
  const done = status.exercises.filter((row) => row.passed).length;
  return [
    paint.bold(t.statusHeader({ pack: one(status.pack.title), done, total: status.exercises.length })),
    paint.dim(`${t.workspace} ${status.workspace}`),
    '',
    renderRowsTable(status.exercises, t),
    '',
    status.finished ? t.allDone : status.current ? t.runNextToCheck : t.runNextToStart,
  ].join('\n');
}

export function renderList(list: ListOutcome, language: RenderLanguage): string {
  const t = messages(language.lang).exercise;
  const width = Math.max(...list.exercises.map((exercise) => one(exercise.id).length));
  return [
    paint.bold(one(`${list.pack.title} (${list.pack.id} ${list.pack.version})`)),
    ...list.exercises.map((exercise, index) => `  ${String(index + 1).padStart(2)}. ${one(exercise.id).padEnd(width)}  ${one(exercise.title)} ${paint.dim(`(${t.aboutMinutes({ minutes: exercise.minutes })})`)}`),
    '',
    paint.dim(t.listFooter),
  ].join('\n');
}

export function renderHint(outcome: HintOutcome, language: RenderLanguage): string {
  const t = messages(language.lang).exercise;
  if (outcome.total === 0) return t.noHints({ id: one(outcome.exercise.id) });
  const lines = outcome.shown.map((hint, index) => {
    const shown = text(hint);
    const label = t.hintLabel({ number: index + 1, total: outcome.total });
    return index === outcome.shown.length - 1 && outcome.hint ? `${paint.yellow(label)} ${shown}` : paint.dim(`${label} ${shown}`);
  });
  if (!outcome.hint) lines.push('', t.lastHint);
  return lines.join('\n');
}

export function renderDiff(outcome: DiffOutcome, stat: boolean, language: RenderLanguage): string {
  const t = messages(language.lang).exercise;
  const { diff } = outcome;
  if (diff.added.length + diff.removed.length + diff.modified.length + diff.renamed.length === 0) return t.nothingChanged({ folder: outcome.exercise.folder });
  const width = Math.max(...Object.values(t.diffKinds).map((kind) => kind.length)) + 2;
  const lines = [paint.bold(t.changedHeader({ folder: outcome.exercise.folder }))];
  for (const file of diff.added) lines.push(`  ${paint.green(t.diffKinds.added.padEnd(width))}${one(file)}`);
  for (const file of diff.removed) lines.push(`  ${paint.red(t.diffKinds.removed.padEnd(width))}${one(file)}`);
  for (const file of diff.modified) lines.push(`  ${paint.yellow(t.diffKinds.modified.padEnd(width))}${one(file)}`);
  for (const { from, to } of diff.renamed) lines.push(`  ${paint.cyan(t.diffKinds.moved.padEnd(width))}${one(from)} → ${one(to)}`);
  lines.push('', colourDiff(text(diff.text.trimEnd())));
  if (!stat) lines.push('', paint.dim(t.diffLegend));
  return lines.join('\n');
}

/** git's diff colours, added to the sanitised text (git's own `--color` would pass the files' bytes through). */
function colourDiff(diff: string): string {
  return diff
    .split('\n')
    .map((line) =>
      /^(diff --git|index |--- |\+\+\+ )/.test(line) ? paint.bold(line) : line.startsWith('@@') ? paint.cyan(line) : line.startsWith('+') ? paint.green(line) : line.startsWith('-') ? paint.red(line) : line,
    )
    .join('\n');
}

export function renderReset(result: ResetResult, language: RenderLanguage): string {
  const t = messages(language.lang).exercise;
  const folder = result.exercise.folder;
  if (result.action === 'undo') return [t.undoDone({ folder }), result.undo.keptAs ? paint.dim(t.undoKeptToo) : ''].filter(Boolean).join('\n');
  return result.reset.keptAs ? t.resetDone({ folder }) : t.alreadyAtStart({ folder });
}
