import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Runner } from '../codex/exec.js';
import type { FoundExecutable } from '../codex/find-codex.js';
import type { ResponsesRequest, ScriptedReply } from '../codex/scripted-responses-server.js';
import { UsageError, describeFsError } from '../core/errors.js';
import { expandHome, shippedPackDir } from '../core/paths.js';
import { resolveLanguage } from '../exercises/language.js';
import { type LoadedExercise, type LoadedPack, exerciseTitle, loadPack, requireExercise } from '../exercises/pack-loader.js';
import { loadProfile } from '../profile/profile.js';
import { startLiveBackend } from './live-backend.js';
import { rehearseOnce } from './run-once.js';
import { startScriptedBackend } from './scripted-backend.js';
import { loadRehearsalScripts } from './scripts.js';
import { summarizeExercise } from './summary.js';
import type { RehearsalBackend, RehearsalReport, RunRecord } from './types.js';

/**
 * `workshop rehearse`: every chosen exercise, N runs each, one after the other (a real model run is
 * CPU- and rate-limit-heavy, and timings from parallel runs would lie), each in its own throw-away
 * workspace under the system's temporary folder. Returns the report; printing is the command's job.
 */
export interface RehearseOptions {
  exercise?: string[];
  runs?: number;
  /** Seconds per `codex exec`. */
  timeout?: number;
  scripted?: boolean;
  pack?: string;
  lang?: string;
  profile?: string;
  /** Keep the folders of failed runs for inspection. */
  keep?: boolean;
}

/** Progress hooks (awaited, so a terminal spinner can start and stop around each run). */
export interface RehearseHooks {
  onStart?(info: { backend: RehearsalBackend; pack: LoadedPack; exercises: LoadedExercise[]; runs: number }): void | Promise<void>;
  onRunStart?(exercise: LoadedExercise, run: number, runs: number): void | Promise<void>;
  onRunDone?(record: RunRecord, runs: number): void | Promise<void>;
}

export interface RehearseDependencies {
  env?: NodeJS.ProcessEnv;
  hooks?: RehearseHooks;
  /** Tests: a specific Codex for the scripted backend, or an answer overriding the script. */
  scriptedCodex?: FoundExecutable;
  scriptedReplyOverride?: (request: ResponsesRequest) => ScriptedReply | undefined;
  /** Tests: the process runner for the live backend. */
  run?: Runner;
}

export const MAX_RUNS = 50;
export const DEFAULT_TIMEOUT_SECONDS = { live: 300, scripted: 60 } as const;
const MAX_TIMEOUT_SECONDS = 3600;

export function validateRehearseOptions(options: RehearseOptions): { runs: number; timeoutSeconds: number } {
  const runs = options.runs ?? 1;
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS) throw new UsageError(`--runs must be a whole number from 1 to ${MAX_RUNS}, got ${options.runs}.`);
  const timeoutSeconds = options.timeout ?? DEFAULT_TIMEOUT_SECONDS[options.scripted ? 'scripted' : 'live'];
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
    throw new UsageError(`--timeout must be a number of seconds above 0 (at most ${MAX_TIMEOUT_SECONDS}), got ${options.timeout}.`);
  }
  if (options.lang !== undefined && !/^[a-z]{2,3}(-[A-Za-z0-9]+)?$/.test(options.lang)) {
    throw new UsageError(`--lang must be a language code such as en or ja, got "${options.lang}".`);
  }
  return { runs, timeoutSeconds };
}

/** The chosen exercises in pack order; an unknown id is bad usage that lists the real ones. */
export function selectExercises(pack: LoadedPack, ids: string[] | undefined): LoadedExercise[] {
  if (!ids || ids.length === 0) return pack.exercises;
  const wanted = new Set(ids.map((id) => requireExercise(pack, id).id));
  return pack.exercises.filter((exercise) => wanted.has(exercise.id));
}

export async function runRehearsal(options: RehearseOptions, deps: RehearseDependencies = {}): Promise<RehearsalReport> {
  const env = deps.env ?? process.env;
  const { runs, timeoutSeconds } = validateRehearseOptions(options);
  const { profile } = await loadProfile({ flag: options.profile, env });
  const pack = await loadPack(path.resolve(expandHome(options.pack ?? shippedPackDir(), env)));
  const exercises = selectExercises(pack, options.exercise);
  const lang = resolveLanguage({ flag: options.lang, profileLanguage: profile.language, env, packLanguages: pack.config.languages });
  const scripts = options.scripted ? await loadRehearsalScripts(exercises) : undefined;

  // The environment given is the authority (tests and the CLI alike), not this process's own.
  const tmpBase = env.TMPDIR || env.TMP || env.TEMP || os.tmpdir();
  let root: string;
  try {
    root = await fs.realpath(await fs.mkdtemp(path.join(tmpBase, 'workshop-rehearse-')));
  } catch (error) {
    throw describeFsError(error, `create a temporary folder for the rehearsal in ${tmpBase}`);
  }
  const records: RunRecord[] = [];
  let backend: RehearsalBackend | undefined;
  try {
    backend = scripts
      ? await startScriptedBackend({ scripts, root: path.join(root, 'codex'), env, codex: deps.scriptedCodex, replyOverride: deps.scriptedReplyOverride })
      : await startLiveBackend({ env, model: profile.model, apiBase: profile.apiBase, run: deps.run });
    await deps.hooks?.onStart?.({ backend, pack, exercises, runs });
    for (const exercise of exercises) {
      for (let run = 1; run <= runs; run += 1) {
        await deps.hooks?.onRunStart?.(exercise, run, runs);
        const record = await rehearseOnce(
          { exercise, run },
          { pack, backend, workspace: path.join(root, 'runs', `${exercise.id}-${run}`), lang, timeoutMs: timeoutSeconds * 1000, keepFailed: Boolean(options.keep), run: deps.run },
        );
        records.push(record);
        await deps.hooks?.onRunDone?.(record, runs);
      }
    }
  } finally {
    await backend?.close();
    if (!records.some((r) => r.keptFolder)) await fs.rm(root, { recursive: true, force: true }).catch(() => undefined);
  }

  const summaries = exercises.map((exercise) =>
    summarizeExercise(exercise.id, exerciseTitle(exercise, lang, pack.config.languages), records.filter((r) => r.exerciseId === exercise.id)),
  );
  return {
    mode: scripts ? 'scripted' : 'live',
    pack: { id: pack.config.id, version: pack.config.version, dir: pack.dir },
    codex: { version: backend.codexVersion ?? null, path: backend.codex.path },
    model: backend.model ?? null,
    language: lang,
    timeoutSeconds,
    exercises: summaries,
    ok: summaries.every((s) => s.passed === s.runs),
  };
}
