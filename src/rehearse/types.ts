import type { ExecRequest } from '../codex/exec.js';
import type { ExecUsage } from '../codex/exec-outcome.js';
import type { FoundExecutable } from '../codex/find-codex.js';
import type { LoadedExercise } from '../exercises/pack-loader.js';

/**
 * The vocabulary of `workshop rehearse`. A rehearsal plays each exercise's suggested request through
 * `codex exec` one or more times; a *backend* says which Codex runs and which model answers it (the
 * facilitator's own login against the real API, or the local scripted model), and every run ends in
 * a `RunRecord` graded by the exercise engine's grader.
 */
export type RehearsalMode = 'live' | 'scripted';

export interface PlannedRun {
  exercise: LoadedExercise;
  /** 1-based. */
  run: number;
  /** The exercise folder (`<workspace>/<exercise id>`, exactly as `workshop next` makes it). */
  folder: string;
}

export interface PreparedRun {
  /** What to add to the `codex exec` request (sandbox, model, provider overrides). */
  request: Omit<ExecRequest, 'prompt' | 'cwd'>;
  env: NodeJS.ProcessEnv;
  /** After the run: what the backend saw (e.g. how far the scripted model got), for the report. */
  notes(): string[];
}

export interface RehearsalBackend {
  mode: RehearsalMode;
  codex: FoundExecutable;
  /** "0.169.0", or undefined when `codex --version` said nothing we understand. */
  codexVersion?: string;
  /**
   * The model the runs use: pinned by the profile (-m) or this Codex version's default (live), or
   * the one Codex sent to the scripted model (known once a run has started); undefined = unknown.
   */
  readonly model?: string;
  prepareRun(run: PlannedRun): Promise<PreparedRun>;
  close(): Promise<void>;
}

/**
 * How a run ended: passed; graded and failed; Codex changed nothing; Codex itself failed (an API
 * error, a crash); stopped at the timeout; or Codex could not be started at all.
 */
export type RunOutcome = 'passed' | 'failed_checks' | 'no_change' | 'codex_failed' | 'timed_out' | 'not_started';

export interface FailedCheck {
  id: string;
  /** What the participant would read. */
  message: string;
  /** What the grader found. */
  detail?: string;
}

export interface RunRecord {
  exerciseId: string;
  run: number;
  outcome: RunOutcome;
  passed: boolean;
  /** Wall time of `codex exec`. */
  seconds: number;
  /** input + output tokens from `turn.completed`; undefined when Codex reported none. */
  tokens?: number;
  usage?: ExecUsage;
  /** One line saying why a run failed. */
  reason?: string;
  failedChecks: FailedCheck[];
  /** Extra facts: scripted steps that went wrong, what Codex said last. */
  notes: string[];
  /** Set when the folder of a failed run was kept (--keep) for inspection. */
  keptFolder?: string;
}

export interface ExerciseSummary {
  id: string;
  title: string;
  runs: number;
  passed: number;
  /** Median wall time of `codex exec` over the runs, in seconds (one decimal). */
  medianSeconds: number;
  /** Median tokens per run; null when Codex reported no token counts. */
  tokens: number | null;
  /** Tokens over all runs; null when unknown. */
  tokensTotal: number | null;
  failures: Array<Pick<RunRecord, 'run' | 'outcome' | 'reason' | 'failedChecks' | 'notes' | 'keptFolder'>>;
}

export interface RehearsalReport {
  mode: RehearsalMode;
  pack: { id: string; version: string; dir: string };
  codex: { version: string | null; path: string };
  model: string | null;
  language: string;
  timeoutSeconds: number;
  exercises: ExerciseSummary[];
  /** Every run passed. */
  ok: boolean;
}
