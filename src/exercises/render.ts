import { paint } from '../core/terminal.js';
import { SHELL_NAMES, type StartCodex } from './codex-launch.js';
import type { CheckResult } from './grader.js';
import { localize } from './language.js';
import type { ExerciseRow } from './progress-view.js';
import type { FinishView, GradedView, HintOutcome, NextOutcome, SetupView } from './session.js';
import type { DiffOutcome, ListOutcome, ResetResult, StatusOutcome } from './tools.js';

/**
 * Terminal text for the exercise commands. Renderers only read outcomes; they decide nothing. Words
 * are for people who have never used a terminal: what happened, what to do next, the exact command.
 */
const NO_CHANGE = 'Nothing in the folder has changed yet — did you run Codex inside it?';

function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');
}

export function renderStart(start: StartCodex): string {
  const lines = [`  ${paint.bold(start.command)}`];
  for (const other of start.alternatives) lines.push(paint.dim(`  (${SHELL_NAMES[other.shell]}: ${other.command})`));
  return lines.join('\n');
}

export function renderSetup(setup: SetupView): string {
  const { exercise } = setup;
  const header = `Exercise ${exercise.position} of ${exercise.total} · ${exercise.title} (about ${setup.minutes} min)`;
  return [
    paint.bold(paint.cyan(header)),
    setup.resumed ? paint.dim('(You had already started this one: your folder is as you left it.)') : undefined,
    '',
    indent(setup.brief),
    '',
    `Your exercise folder: ${paint.bold(exercise.folder)}`,
    '',
    'Start Codex there (copy this line into your terminal):',
    renderStart(setup.start),
    '',
    'Then try this first request:',
    indent(`“${setup.suggestedPrompt}”`),
    '',
    paint.dim('When Codex is done, run `workshop next` to check your work. `workshop diff` shows what changed, `workshop hint` gives a hint, `workshop reset` starts over (and `workshop reset --undo` takes that back).'),
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}

function renderCheck(check: CheckResult, lang: string, fallback: string): string {
  const mark = check.passed ? paint.green('✓') : paint.red('✗');
  const lines = [`  ${mark} ${localize(check.message, lang, fallback)}`];
  if (!check.passed) {
    if (check.detail) lines.push(paint.dim(`      ${check.detail}`));
    if (check.hint) lines.push(`      ${paint.yellow('Tip:')} ${localize(check.hint, lang, fallback)}`);
  }
  return lines.join('\n');
}

export function renderGraded(graded: GradedView, lang: string, fallback: string): string {
  const { exercise, result } = graded;
  const lines = [paint.bold(`Checking exercise ${exercise.position} of ${exercise.total} · ${exercise.title} (attempt ${graded.attempt})`), ''];
  if (result.noChange) {
    lines.push(paint.yellow(NO_CHANGE), '', `Your folder: ${exercise.folder}`, 'Start Codex there and ask for the change:', renderStart(graded.start));
    return lines.join('\n');
  }
  for (const check of result.checks) lines.push(renderCheck(check, lang, fallback));
  lines.push('');
  if (result.passed) {
    lines.push(paint.green(paint.bold(`Passed! Score ${result.score}/${result.maxScore}.`)));
  } else {
    lines.push(paint.red(`Not passed yet: score ${result.score}/${result.maxScore}.`) + ' Ask Codex to fix what is marked ✗, then run `workshop next` again.');
  }
  const evidence = graded.evidence;
  lines.push(
    paint.dim(
      evidence.sessions === 0
        ? 'No Codex session was found in this folder yet.'
        : `Codex sessions in this folder: ${evidence.sessions}${evidence.changedAfterCodex ? ' (the files changed after Codex started).' : '.'}`,
    ),
  );
  if (graded.hint) lines.push('', `${paint.yellow(`Hint ${graded.hint.number} of ${graded.hint.total}:`)} ${graded.hint.text}`);
  if (!result.passed) lines.push(paint.dim('See exactly what changed with `workshop diff`; start over with `workshop reset`.'));
  return lines.join('\n');
}

function renderRowsTable(rows: ExerciseRow[]): string {
  const width = Math.max(...rows.map((row) => row.id.length), 8);
  return rows
    .map((row) => {
      const mark = row.state === 'done' ? paint.green('✓') : row.state === 'current' ? paint.cyan('▶') : row.passed ? paint.green('✓') : '·';
      const state = row.state === 'pending' && row.started ? (row.passed ? 'done' : 'started') : row.state;
      const codex = row.codexSessions === 0 ? 'no Codex session yet' : `Codex: ${row.codexSessions} session${row.codexSessions === 1 ? '' : 's'}`;
      const details = row.started ? `${row.attempts} attempt${row.attempts === 1 ? '' : 's'}, ${row.minutesSpent} min, ${codex}` : `about ${row.minutes} min`;
      return `  ${mark} ${row.id.padEnd(width)}  ${state.padEnd(8)} ${row.title}  ${paint.dim(`(${details})`)}`;
    })
    .join('\n');
}

export function renderFinish(finish: FinishView): string {
  const done = finish.exercises.filter((row) => row.passed).length;
  const minutes = finish.exercises.reduce((sum, row) => sum + row.minutesSpent, 0);
  return [
    paint.green(paint.bold(`You finished ${finish.packTitle}: ${done} of ${finish.exercises.length} exercises in ${minutes} minutes.`)),
    '',
    renderRowsTable(finish.exercises),
    '',
    'Well done. Keep going with your own files: open a terminal in a folder you work in, run `codex`, and ask in plain words.',
  ].join('\n');
}

export function renderNext(outcome: NextOutcome, lang: string, fallback: string): string {
  switch (outcome.action) {
    case 'setup':
      return renderSetup(outcome.setup);
    case 'finished':
      return renderFinish(outcome.finished);
    case 'graded': {
      const parts = [renderGraded(outcome.graded, lang, fallback)];
      if (outcome.next) parts.push('', paint.dim('─'.repeat(60)), '', renderSetup(outcome.next));
      if (outcome.finished) parts.push('', renderFinish(outcome.finished));
      return parts.join('\n');
    }
  }
}

export function renderStatus(status: StatusOutcome): string {
  const done = status.exercises.filter((row) => row.passed).length;
  return [
    paint.bold(`${status.pack.title} — ${done} of ${status.exercises.length} done`),
    paint.dim(`Workspace: ${status.workspace}`),
    '',
    renderRowsTable(status.exercises),
    '',
    status.finished ? 'All exercises are done.' : status.current ? 'Run `workshop next` to check the exercise in progress.' : 'Run `workshop next` to start the next exercise.',
  ].join('\n');
}

export function renderList(list: ListOutcome): string {
  const width = Math.max(...list.exercises.map((exercise) => exercise.id.length));
  return [
    paint.bold(`${list.pack.title} (${list.pack.id} ${list.pack.version})`),
    ...list.exercises.map((exercise, index) => `  ${String(index + 1).padStart(2)}. ${exercise.id.padEnd(width)}  ${exercise.title} ${paint.dim(`(${exercise.minutes} min)`)}`),
  ].join('\n');
}

export function renderHint(outcome: HintOutcome): string {
  if (outcome.total === 0) return `Exercise ${outcome.exercise.id} has no hints. Ask your facilitator, or look at \`workshop diff\` to see what Codex changed.`;
  const lines = outcome.shown.map((text, index) => {
    const label = `Hint ${index + 1} of ${outcome.total}:`;
    return index === outcome.shown.length - 1 && outcome.hint ? `${paint.yellow(label)} ${text}` : paint.dim(`${label} ${text}`);
  });
  if (!outcome.hint) lines.push('', 'That was the last hint. Ask your facilitator if you are still stuck.');
  return lines.join('\n');
}

export function renderDiff(outcome: DiffOutcome, stat: boolean): string {
  const { diff } = outcome;
  if (diff.added.length + diff.removed.length + diff.modified.length + diff.renamed.length === 0) {
    return `Nothing has changed in ${outcome.exercise.folder} since the exercise was set up.`;
  }
  const lines = [paint.bold(`What changed in ${outcome.exercise.folder} since the exercise was set up:`)];
  for (const file of diff.added) lines.push(`  ${paint.green('added')}     ${file}`);
  for (const file of diff.removed) lines.push(`  ${paint.red('removed')}   ${file}`);
  for (const file of diff.modified) lines.push(`  ${paint.yellow('modified')}  ${file}`);
  for (const { from, to } of diff.renamed) lines.push(`  ${paint.cyan('moved')}     ${from} → ${to}`);
  lines.push('', diff.text.trimEnd());
  if (!stat) lines.push('', paint.dim('Lines starting with + were added, lines starting with - were removed. `workshop reset` undoes everything.'));
  return lines.join('\n');
}

export function renderReset(result: ResetResult): string {
  if (result.action === 'undo') {
    return [
      `Your work in ${result.exercise.folder} is back, as it was before the reset.`,
      result.undo.keptAs ? paint.dim('What you had done since the reset is kept too: `workshop reset --undo` again switches back to it.') : '',
    ]
      .filter(Boolean)
      .join('\n');
  }
  if (!result.reset.keptAs) return `${result.exercise.folder} is already at its starting point; nothing needed resetting.`;
  return `${result.exercise.folder} is back at its starting point. What was there is kept: \`workshop reset --undo\` brings it back.`;
}
