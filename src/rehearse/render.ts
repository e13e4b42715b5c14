import { redactSecrets } from '../core/secret.js';
import { paint } from '../core/terminal.js';
import type { ExerciseSummary, RehearsalReport, RunRecord } from './types.js';

/**
 * How a rehearsal looks: the facilitator's table, a line per run while it goes, and the JSON document.
 * Renderers only read the report. Everything that came from another program (Codex's messages, file
 * contents quoted by the grader) is passed through redactSecrets first.
 */
export function redactReport(report: RehearsalReport): RehearsalReport {
  return JSON.parse(redactSecrets(JSON.stringify(report))) as RehearsalReport;
}

/** The `--json` document: `{ exercises: [{ id, runs, passed, medianSeconds, tokens, … }], … }`. */
export function reportJson(report: RehearsalReport): unknown {
  const safe = redactReport(report);
  return {
    schemaVersion: 1,
    ok: safe.ok,
    mode: safe.mode,
    pack: safe.pack,
    codex: safe.codex,
    model: safe.model,
    language: safe.language,
    timeoutSeconds: safe.timeoutSeconds,
    exercises: safe.exercises.map((e) => ({
      id: e.id,
      runs: e.runs,
      passed: e.passed,
      medianSeconds: e.medianSeconds,
      tokens: e.tokens,
      title: e.title,
      tokensTotal: e.tokensTotal,
      failures: e.failures,
    })),
  };
}

function pad(text: string, width: number, right = false): string {
  const gap = ' '.repeat(Math.max(0, width - [...text].length));
  return right ? gap + text : text + gap;
}

function formatTokens(tokens: number | null): string {
  return tokens === null ? '–' : tokens.toLocaleString('en-US');
}

export interface SetupFacts {
  mode: RehearsalReport['mode'];
  codexVersion: string | null;
  model: string | null;
  packId: string;
  packVersion: string;
}

/** "Codex CLI 0.169.0 · scripted model (local, no API) · pack codex-workshop-basics 1.0.0". */
export function describeSetup(facts: SetupFacts): string {
  const codex = `Codex CLI ${facts.codexVersion ?? '(unknown version)'}`;
  const model = facts.mode === 'scripted' ? 'scripted model (local, no API)' : `model ${facts.model ?? "Codex's default"} (live API)`;
  return `${codex} · ${model} · pack ${facts.packId} ${facts.packVersion}`;
}

export function renderTable(exercises: ExerciseSummary[]): string[] {
  const header = ['exercise', 'runs', 'passed', 'median s', 'tokens/run'];
  const rows = exercises.map((e) => [e.id, String(e.runs), String(e.passed), e.medianSeconds.toFixed(1), formatTokens(e.tokens)]);
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...r[i]].length)));
  const line = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i], i > 0)).join('  ');
  const out = [paint.bold(line(header))];
  rows.forEach((cells, index) => {
    const e = exercises[index];
    const text = line(cells);
    out.push(e.passed === e.runs ? text : paint.red(text));
  });
  return out;
}

function failureLines(exercise: ExerciseSummary): string[] {
  const out: string[] = [];
  for (const failure of exercise.failures) {
    out.push(`${paint.red('✗')} ${exercise.id}, run ${failure.run}: ${failure.reason ?? failure.outcome}`);
    for (const check of failure.failedChecks) out.push(`    ${check.id}: a participant would read "${check.message}"`);
    for (const note of failure.notes) out.push(`    ${paint.dim(note)}`);
    if (failure.keptFolder) out.push(`    folder kept: ${failure.keptFolder} (see what changed: git -C "${failure.keptFolder}" diff refs/workshop/baseline --stat)`);
  }
  return out;
}

export function renderReport(report: RehearsalReport): string {
  const safe = redactReport(report);
  const setup = describeSetup({ mode: safe.mode, codexVersion: safe.codex.version, model: safe.model, packId: safe.pack.id, packVersion: safe.pack.version });
  const lines = [`Rehearsal: ${setup} · prompts in ${safe.language}`, '', ...renderTable(safe.exercises)];
  const failing = safe.exercises.filter((e) => e.failures.length > 0);
  if (failing.length > 0) lines.push('', paint.bold('Failed runs'), ...failing.flatMap(failureLines));
  const runs = safe.exercises.reduce((n, e) => n + e.runs, 0);
  const passed = safe.exercises.reduce((n, e) => n + e.passed, 0);
  lines.push('');
  if (safe.ok) lines.push(paint.green(`✓ Every run passed (${passed} of ${runs}, ${safe.exercises.length} exercise${safe.exercises.length === 1 ? '' : 's'}).`));
  else {
    lines.push(paint.red(`✗ ${runs - passed} of ${runs} runs failed in ${failing.length} exercise${failing.length === 1 ? '' : 's'}.`));
    if (safe.mode === 'live') lines.push('A live failure can be the model having a bad run: rehearse that exercise again with --runs 3, and read what it did with --keep.');
    else lines.push("A scripted failure means the exercise, its grader or its rehearsal.json no longer agree with this Codex version: see the reasons above.");
  }
  return `${lines.join('\n')}\n`;
}

/** One line per finished run, on stderr while the rehearsal goes. */
export function runLine(record: RunRecord, runs: number): string {
  const which = runs > 1 ? ` run ${record.run}/${runs}` : '';
  const tokens = record.tokens !== undefined ? `, ${record.tokens.toLocaleString('en-US')} tokens` : '';
  const verdict = record.passed ? paint.green('✓ passed') : paint.red(`✗ ${record.outcome.replace('_', ' ')}`);
  return redactSecrets(`${verdict}  ${record.exerciseId}${which} in ${record.seconds.toFixed(1)} s${tokens}`);
}
