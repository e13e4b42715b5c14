import { promises as fs } from 'node:fs';
import { type Runner, runCodexExec } from '../codex/exec.js';
import { type ExecOutcome, type ExecUsage, classifyExecRun } from '../codex/exec-outcome.js';
import { type GradeResult, grade } from '../exercises/grader.js';
import { localize } from '../exercises/language.js';
import type { LoadedPack } from '../exercises/pack-loader.js';
import { exerciseFolder, readGradingSnapshots, setUpExerciseFolder } from '../exercises/workspace.js';
import type { FailedCheck, PlannedRun, RehearsalBackend, RunRecord } from './types.js';

/**
 * One rehearsal run of one exercise, the way a participant's attempt goes: the exercise folder is set
 * up by the engine's own setup (starter files, Git baseline), the suggested request goes to
 * `codex exec` in that folder (stdin closed, hard timeout), and the engine's grader judges the files.
 * The exit code of `codex exec` is never trusted (it says 0 when a sandbox refused every edit): only
 * the graded files decide.
 */
export interface RunOnceOptions {
  pack: LoadedPack;
  backend: RehearsalBackend;
  /** A fresh, empty folder for this run's workspace. */
  workspace: string;
  lang: string;
  timeoutMs: number;
  /** Keep the exercise folder of a failed run (otherwise it is deleted with the workspace). */
  keepFailed: boolean;
  run?: Runner;
}

export function usageTokens(usage: ExecUsage | undefined): number | undefined {
  if (!usage || (usage.input_tokens === undefined && usage.output_tokens === undefined)) return undefined;
  // input_tokens already include the cached ones; reasoning tokens are part of output_tokens.
  return (usage.input_tokens ?? 0) + (usage.output_tokens ?? 0);
}

/**
 * What went wrong inside Codex's turn: commands that exited non-zero (JSON lines), and tool calls
 * Codex rejected, such as a patch that does not apply, which appear only as an ERROR line on stderr.
 */
export function stepProblems(outcome: ExecOutcome, stderr = ''): string[] {
  const problems: string[] = [];
  for (const match of stderr.matchAll(/\bERROR\b[^\n]*?\berror=([^\n]+)/g)) problems.push(`Codex reported: ${match[1].trim().slice(0, 300)}`);
  for (const event of outcome.events) {
    if (event.type !== 'item.completed') continue;
    const item = (event as { item: Record<string, unknown> }).item;
    if (item.type === 'command_execution' && typeof item.exit_code === 'number' && item.exit_code !== 0) {
      const output = String(item.aggregated_output ?? '').trim().split('\n').filter(Boolean).at(-1);
      problems.push(`Codex ran \`${String(item.command ?? '').slice(0, 160)}\`, which exited with code ${item.exit_code}${output ? `: ${output.slice(0, 200)}` : ''}`);
    }
    if (item.type === 'file_change' && item.status !== undefined && item.status !== 'completed') {
      const files = Array.isArray(item.changes) ? (item.changes as Array<{ path?: string }>).map((c) => c.path).join(', ') : '';
      problems.push(`a file change by Codex ${String(item.status)}${files ? ` (${files})` : ''}`);
    }
  }
  return problems;
}

function failedChecksOf(result: GradeResult, lang: string, fallback: string): FailedCheck[] {
  return result.checks
    .filter((check) => !check.passed)
    .map((check) => ({ id: check.id, message: localize(check.message, lang, fallback), ...(check.detail ? { detail: check.detail } : {}) }));
}

function gradedReason(result: GradeResult, failed: FailedCheck[]): string {
  if (result.noChange) return 'Codex finished but changed nothing in the folder';
  const described = failed.map((check) => (check.detail ? `${check.id} (${check.detail})` : check.id));
  return `the grader failed ${failed.length} of ${result.checks.length} checks: ${described.join('; ')}`;
}

function codexReason(outcome: ExecOutcome, seconds: number, timeoutMs: number): string {
  if (outcome.kind === 'timed_out') {
    return `Codex did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped${outcome.message ? ` (it last said: ${outcome.message.slice(0, 200)})` : ''}`;
  }
  return `Codex failed after ${seconds.toFixed(1)} s${outcome.failure && outcome.failure !== 'unknown' ? ` [${outcome.failure}]` : ''}: ${(outcome.message ?? 'no message').slice(0, 300)}`;
}

export async function rehearseOnce(plan: Omit<PlannedRun, 'folder'>, options: RunOnceOptions): Promise<RunRecord> {
  const folder = exerciseFolder(options.workspace, plan.exercise.id);
  let record: RunRecord | undefined;
  try {
    record = await attempt(plan, folder, options);
    return record;
  } finally {
    // Only the folder of a failed run is kept, and only when asked (--keep); everything else goes.
    if (options.keepFailed && record && !record.passed) record.keptFolder = folder;
    else await fs.rm(options.workspace, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function attempt(plan: Omit<PlannedRun, 'folder'>, folder: string, options: RunOnceOptions): Promise<RunRecord> {
  const { exercise, run } = plan;
  const base = { exerciseId: exercise.id, run, failedChecks: [] as FailedCheck[] };
  await fs.mkdir(options.workspace, { recursive: true });
  await setUpExerciseFolder(options.pack, exercise, folder);
  const prepared = await options.backend.prepareRun({ exercise, run, folder });
  const prompt = localize(exercise.config.suggestedPrompt, options.lang, options.pack.config.languages[0]);
  const result = await runCodexExec({
    codex: options.backend.codex,
    request: { ...prepared.request, prompt, cwd: folder },
    env: prepared.env,
    timeoutMs: options.timeoutMs,
    run: options.run,
  });
  const seconds = result.durationMs / 1000;
  const notes = [...prepared.notes()];

  if (result.notFound || result.spawnError) {
    return { ...base, outcome: 'not_started', passed: false, seconds, reason: `Codex could not be started (${options.backend.codex.path}): ${result.spawnError ?? 'not found'}`, notes };
  }
  const outcome = classifyExecRun(result);
  notes.push(...stepProblems(outcome, result.stderr));
  const tokens = usageTokens(outcome.usage);
  const measured = { seconds, ...(tokens !== undefined ? { tokens } : {}), ...(outcome.usage ? { usage: outcome.usage } : {}) };
  if (outcome.kind !== 'completed') {
    return { ...base, ...measured, outcome: outcome.kind === 'timed_out' ? 'timed_out' : 'codex_failed', passed: false, reason: codexReason(outcome, seconds, options.timeoutMs), notes };
  }

  const { current, baseline } = await readGradingSnapshots(folder, exercise.config.checks);
  const graded = grade(current, baseline, exercise.config);
  if (graded.passed) return { ...base, ...measured, outcome: 'passed', passed: true, notes };
  const failedChecks = failedChecksOf(graded, options.lang, options.pack.config.languages[0]);
  if (outcome.finalMessage) notes.push(`Codex's closing message: ${outcome.finalMessage.slice(0, 300)}`);
  return {
    ...base,
    ...measured,
    outcome: graded.noChange ? 'no_change' : 'failed_checks',
    passed: false,
    reason: gradedReason(graded, failedChecks),
    failedChecks,
    notes,
  };
}
