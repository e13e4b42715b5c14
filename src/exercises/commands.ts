import { existsSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, UsageError, said } from '../core/errors.js';
import { expandHome, shippedPackDir } from '../core/paths.js';
import { colorEnabled, paint, printJson } from '../core/terminal.js';
import { type ExerciseContext, type ExerciseOptions, resolveContext } from './context.js';
import { devCheck } from './dev-check.js';
import { scaffoldExercise } from './dev-new.js';
import { nextJson, setupJson } from './json-output.js';
import { loadPack } from './pack-loader.js';
import { type RenderLanguage, renderDiff, renderHint, renderList, renderNext, renderReset, renderSetup, renderStatus } from './render.js';
import { type Asker, runBrief, runGoto, runHint, runNext } from './session.js';
import { currentExerciseFolder, runDiff, runList, runReset, runStatus } from './tools.js';
import { messages } from '../i18n/index.js';

/**
 * The exercise commands' implementations, loaded lazily by src/cli/commands/exercises.ts. Each one
 * resolves its context, runs, and prints either text for a person or one JSON document; notices
 * (progress rebuilt, a file set aside) go to stderr so stdout stays clean for --json.
 */
function printNotices(notices: string[]): void {
  for (const notice of notices) process.stderr.write(`${paint.yellow('!')} ${notice}\n`);
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

const terminalAsker: Asker = {
  async confirm(question: string): Promise<boolean> {
    const { confirm } = await import('@inquirer/prompts');
    try {
      return await confirm({ message: question, default: true }, { output: process.stderr });
    } catch {
      // Ctrl-C or a closed terminal: the safe answer.
      return false;
    }
  },
};

/**
 * Issue 11: joined to a hub with an exercise in progress, the activity reporter runs in the
 * background (src/report/activity-start.ts), so working in Codex counts as work on the dashboard.
 * Never changes the command's outcome.
 */
async function keepActivityWatch(ctx: ExerciseContext): Promise<void> {
  try {
    const { startActivityWatch } = await import('../report/activity-start.js');
    await startActivityWatch(ctx.pack.config.id, ctx.env);
  } catch (error) {
    if (ctx.env.WORKSHOP_DEBUG) process.stderr.write(`activity reporter not started: ${String(error)}\n`);
  }
}

function fallbackLang(ctx: ExerciseContext): string {
  return ctx.pack.config.languages[0];
}

function languageOf(ctx: ExerciseContext): RenderLanguage {
  return { lang: ctx.lang, fallback: fallbackLang(ctx) };
}

export async function nextCommand(options: ExerciseOptions & { yes?: boolean }): Promise<number> {
  const ctx = await resolveContext(options);
  const notices: string[] = [];
  const outcome = await runNext(ctx, { yes: options.yes, asker: terminalAsker }, notices);
  await keepActivityWatch(ctx);
  printNotices(notices);
  if (ctx.json) printJson(nextJson(outcome, ctx.lang, fallbackLang(ctx)));
  else say(renderNext(outcome, languageOf(ctx)));
  return outcome.action === 'graded' && !outcome.graded.result.passed ? ExitCode.failure : ExitCode.ok;
}

export async function gotoCommand(id: string, options: ExerciseOptions): Promise<number> {
  const ctx = await resolveContext(options);
  const notices: string[] = [];
  const setup = await runGoto(ctx, id, notices);
  await keepActivityWatch(ctx);
  printNotices(notices);
  if (ctx.json) printJson({ action: 'setup', exercise: setupJson(setup) });
  else say(renderSetup(setup, languageOf(ctx)));
  return ExitCode.ok;
}

export async function briefCommand(options: ExerciseOptions): Promise<number> {
  const ctx = await resolveContext(options);
  const notices: string[] = [];
  const setup = await runBrief(ctx, notices);
  await keepActivityWatch(ctx);
  printNotices(notices);
  if (ctx.json) printJson({ action: 'brief', exercise: setupJson(setup) });
  else say(renderSetup(setup, languageOf(ctx), { again: true }));
  return ExitCode.ok;
}

export async function statusCommand(options: ExerciseOptions): Promise<number> {
  const ctx = await resolveContext(options);
  const notices: string[] = [];
  const status = await runStatus(ctx, notices);
  printNotices(notices);
  if (ctx.json) printJson(status);
  else say(renderStatus(status, languageOf(ctx)));
  return ExitCode.ok;
}

export async function hintCommand(options: ExerciseOptions): Promise<number> {
  const ctx = await resolveContext(options);
  const notices: string[] = [];
  const outcome = await runHint(ctx, notices);
  printNotices(notices);
  if (ctx.json) {
    printJson({
      exercise: { id: outcome.exercise.id, folder: outcome.exercise.folder },
      hint: outcome.hint ?? null,
      shown: outcome.shown,
      total: outcome.total,
      remaining: outcome.total - outcome.shown.length,
    });
  } else say(renderHint(outcome, languageOf(ctx)));
  return ExitCode.ok;
}

export async function listCommand(options: ExerciseOptions): Promise<number> {
  const ctx = await resolveContext(options);
  const list = runList(ctx);
  if (ctx.json) printJson(list);
  else say(renderList(list, languageOf(ctx)));
  return ExitCode.ok;
}

export async function diffCommand(options: ExerciseOptions & { stat?: boolean }): Promise<number> {
  const ctx = await resolveContext(options);
  const notices: string[] = [];
  const outcome = await runDiff(ctx, { stat: options.stat, color: !ctx.json && colorEnabled(process.stdout) }, notices);
  printNotices(notices);
  if (ctx.json) {
    const { text, ...lists } = outcome.diff;
    printJson({ exercise: { id: outcome.exercise.id, folder: outcome.exercise.folder }, ...lists, [options.stat ? 'stat' : 'patch']: text });
  } else say(renderDiff(outcome, Boolean(options.stat), languageOf(ctx)));
  return ExitCode.ok;
}

export async function resetCommand(options: ExerciseOptions & { yes?: boolean; undo?: boolean }): Promise<number> {
  const ctx = await resolveContext(options);
  const notices: string[] = [];
  if (!options.undo && !options.yes) {
    const exercise = await currentExerciseFolder(ctx, notices);
    const t = messages(ctx.lang).exercise;
    if (!ctx.canAsk) throw new UsageError(said('reset-needs-yes', { folder: exercise.folder }));
    printNotices(notices.splice(0));
    process.stderr.write(`${t.resetExplain({ folder: exercise.folder })}\n`);
    if (!(await terminalAsker.confirm(t.resetQuestion))) {
      say(t.nothingWasChanged);
      return ExitCode.failure;
    }
  }
  const result = await runReset(ctx, { undo: options.undo }, notices);
  printNotices(notices);
  if (ctx.json) printJson(result);
  else say(renderReset(result, languageOf(ctx)));
  return ExitCode.ok;
}

function packDirFrom(dir: string | undefined, options: { pack?: string }): string {
  return path.resolve(expandHome(dir ?? options.pack ?? shippedPackDir()));
}

export async function devCheckCommand(dir: string | undefined, options: { pack?: string; json?: boolean }): Promise<number> {
  const pack = await loadPack(packDirFrom(dir, options));
  const report = await devCheck(pack);
  if (options.json) {
    printJson(report);
    return report.ok ? ExitCode.ok : ExitCode.failure;
  }
  const rows = report.cases.map((c) => [c.exercise, c.case, c.expected, c.got, `${c.score}/${c.maxScore}`, c.ok ? paint.green('ok') : paint.red('MISMATCH')]);
  const header = ['exercise', 'case', 'expected', 'got', 'score', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `  ${cells.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd();
  say(paint.bold(`dev check: ${report.pack.id} ${report.pack.version} (${report.pack.dir})`));
  say(paint.dim(line(header)));
  for (const [index, row] of rows.entries()) {
    say(line(row));
    const c = report.cases[index];
    if (!c.ok) {
      if (c.expectedFailing) say(paint.dim(`      expected failing: ${c.expectedFailing.join(', ') || '(none)'}; got: ${c.failingChecks.join(', ') || '(none)'}`));
      for (const detail of c.details ?? []) say(paint.dim(`      ${detail}`));
    }
  }
  if (report.traps.length > 0) {
    say('');
    say(paint.bold('Traps (what the briefs warn about) and the failing variants that catch them:'));
    for (const trap of report.traps) {
      const status = trap.variants.length === 0 ? paint.red('NO VARIANT') : trap.ok ? paint.green('ok') : paint.red('MISMATCH');
      say(`  ${trap.exercise}  ${trap.id}  ${status}  ${paint.dim(trap.words)}`);
      for (const variant of trap.variants) say(paint.dim(`      ${variant}`));
    }
  }
  const mismatches = report.cases.filter((c) => !c.ok).length;
  const uncovered = report.traps.filter((trap) => trap.variants.length === 0).length;
  say('');
  say(mismatches === 0 ? paint.green(`All ${report.cases.length} cases behave as expected.`) : paint.red(`${mismatches} of ${report.cases.length} cases do not behave as expected.`));
  for (const slow of report.slowPatterns) {
    say(paint.red(`${slow.exercise}: check "${slow.check}" has a pattern that can take too long on some text (it backtracks); rewrite it without nested repetition such as (a+)+.`));
  }
  if (uncovered > 0) say(paint.red(`${uncovered} of ${report.traps.length} traps have no failing variant that names them ("trap": "<id>" in expect.json).`));
  else if (report.traps.length > 0) say(paint.green(`All ${report.traps.length} traps are caught by a failing variant.`));
  return report.ok ? ExitCode.ok : ExitCode.failure;
}

export async function devNewCommand(id: string, options: { pack?: string; json?: boolean }): Promise<number> {
  let packDir = options.pack ? path.resolve(expandHome(options.pack)) : process.cwd();
  if (!options.pack && !existsSync(path.join(packDir, 'pack.json'))) {
    throw new UsageError('Run `workshop dev new` inside a pack folder (one with pack.json), or pass --pack DIR (a new folder becomes a new pack).');
  }
  packDir = path.resolve(packDir);
  const result = await scaffoldExercise(packDir, id);
  if (options.json) {
    printJson(result);
    return ExitCode.ok;
  }
  say(`Created ${result.exerciseDir}${result.createdPack ? ` and a new pack.json in ${result.packDir}` : ` and added it to ${path.join(result.packDir, 'pack.json')}`}:`);
  for (const file of result.files) say(`  ${file}`);
  say('');
  say('Next: write the brief(s), replace the starter files and checks, keep solution/ and variants/ in step,');
  say(`then run \`workshop dev check ${result.packDir}\`. The format is in docs/exercise-format.md.`);
  return ExitCode.ok;
}
