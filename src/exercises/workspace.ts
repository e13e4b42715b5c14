import { copyFileSync, promises as fs, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, UserError, describeFsError, said } from '../core/errors.js';
import { kitVersion } from '../core/paths.js';
import { runProcess } from '../core/process.js';
import { baselineBytesNeeded } from './checks/edits.js';
import {
  BASELINE_REF,
  cleanGitEnv,
  PASSED_REF,
  commitInfo,
  commitWorkingTree,
  gitIn,
  initRepository,
  resolveRef,
  runGit,
  withWorkingTreeIndex,
} from './git.js';
import type { LoadedExercise, LoadedPack } from './pack-loader.js';
import type { Check } from './pack-schema.js';
import { type SnapshotFile, type WorkspaceSnapshot, addFile, emptySnapshot, normalizeRelativePath } from './snapshot.js';
import { readFolderSnapshot } from './snapshot-reader.js';

/**
 * An exercise folder on disk: `<workspace>/<exercise id>/`, a Git repository whose baseline commit
 * (refs/workshop/baseline) holds the starter files. Completion is recorded in the folder too
 * (refs/workshop/passed), so progress can always be rebuilt from the folders alone.
 */
export function exerciseFolder(workspace: string, exerciseId: string): string {
  return path.join(workspace, exerciseId);
}

export type FolderKind = 'missing' | 'empty' | 'exercise' | 'other';

export interface FolderInspection {
  kind: FolderKind;
  /** For an exercise folder: which exercise and pack set it up, and when. */
  exerciseId?: string;
  packId?: string;
  baselineCommit?: string;
  setupAt?: string;
  passed?: { commit: string; at: string; score?: number; maxScore?: number; attempts?: number };
}

/**
 * The cheap question asked before every grading: is this still an exercise folder? (One Git call;
 * `inspectFolder` also reads the history.)
 */
export async function exerciseFolderState(folder: string): Promise<'missing' | 'exercise' | 'other'> {
  let entries: string[];
  try {
    entries = await fs.readdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') return 'other';
    throw describeFsError(error, `look into ${folder}`);
  }
  if (entries.length === 0) return 'missing';
  if (!entries.includes('.git')) return 'other';
  return (await resolveRef(gitIn(folder), BASELINE_REF)) ? 'exercise' : 'other';
}

export async function inspectFolder(folder: string): Promise<FolderInspection> {
  let entries: string[];
  try {
    entries = await fs.readdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'ENOTDIR') return { kind: 'other' };
    throw describeFsError(error, `look into ${folder}`);
  }
  if (entries.length === 0) return { kind: 'empty' };
  if (!entries.includes('.git')) return { kind: 'other' };
  const git = gitIn(folder);
  const baselineCommit = await resolveRef(git, BASELINE_REF);
  if (!baselineCommit) return { kind: 'other' };
  const baseline = await commitInfo(git, baselineCommit);
  const inspection: FolderInspection = {
    kind: 'exercise',
    exerciseId: baseline.trailers['Workshop-Exercise'],
    packId: baseline.trailers['Workshop-Pack'],
    baselineCommit,
    setupAt: baseline.trailers['Workshop-Setup-At'] ?? baseline.date,
  };
  const passedCommit = await resolveRef(git, PASSED_REF);
  if (passedCommit) {
    const passed = await commitInfo(git, passedCommit);
    const numberOf = (key: string) => (passed.trailers[key] !== undefined ? Number(passed.trailers[key]) : undefined);
    inspection.passed = {
      commit: passedCommit,
      at: passed.trailers['Workshop-Passed-At'] ?? passed.date,
      score: numberOf('Workshop-Score'),
      maxScore: numberOf('Workshop-Max-Score'),
      attempts: numberOf('Workshop-Attempts'),
    };
  }
  return inspection;
}

export interface SetupResult {
  folder: string;
  /** Known when the folder was already set up; a fresh setup does not spend a Git call on it. */
  baselineCommit?: string;
  setupAt: string;
  /** The folder was already set up for this exercise (goto back, or state rebuilt): nothing was copied. */
  reused: boolean;
}

/**
 * Copies the starter files into a fresh folder and records the baseline. If anything fails (a full
 * disk, no permission, Git missing), what was created is removed again, so a retry starts clean.
 */
export async function setUpExerciseFolder(pack: LoadedPack, exercise: LoadedExercise, folder: string, now: Date = new Date()): Promise<SetupResult> {
  const inspection = await inspectFolder(folder);
  if (inspection.kind === 'exercise') {
    if (inspection.exerciseId === exercise.id && inspection.baselineCommit && inspection.setupAt) {
      return { folder, baselineCommit: inspection.baselineCommit, setupAt: inspection.setupAt, reused: true };
    }
    throw new UserError(said('folder-holds-other', { folder, other: inspection.exerciseId ?? '?' }), ExitCode.failure);
  }
  if (inspection.kind === 'other') {
    throw new UserError(said('folder-exists', { folder }), ExitCode.failure);
  }

  // Read (and so validate) the starter files before creating anything.
  const starter = exercise.starterDir ? await readFolderSnapshot(exercise.starterDir, { mode: 'pack' }) : emptySnapshot();
  const created = inspection.kind === 'missing';
  try {
    // Synchronous writes: nothing else runs meanwhile, and they avoid a thread-pool trip per file.
    mkdirSync(folder, { recursive: true });
    for (const dir of [...starter.dirs].sort()) mkdirSync(path.join(folder, dir), { recursive: true });
    for (const file of starter.files.values()) {
      const target = path.join(folder, file.path);
      // A large starter file (a video, a big export) is copied as a stream: never held in memory, never emptied.
      if (file.bytes) writeFileSync(target, file.bytes);
      else if (file.source) copyFileSync(file.source, target);
      else throw new UserError(`The starter file ${file.path} of ${exercise.id} could not be read; tell your facilitator.`, ExitCode.failure);
    }
    const setupAt = now.toISOString();
    const git = await initRepository(folder);
    await runGit(git, ['add', '-A', '-f', '--verbose'], 'record the starter files');
    const message = [
      `workshop: baseline of ${exercise.id}`,
      '',
      `The starter files of exercise ${exercise.id}, as codex-workshop set them up. \`workshop diff\` compares with this commit and \`workshop reset\` returns to it.`,
      '',
      `Workshop-Exercise: ${exercise.id}`,
      `Workshop-Pack: ${pack.config.id}`,
      `Workshop-Pack-Version: ${pack.config.version}`,
      `Workshop-Setup-At: ${setupAt}`,
      `Workshop-Kit-Version: ${kitVersion()}`,
    ].join('\n');
    await runGit(git, ['commit', '--no-verify', '--allow-empty', '-m', message], 'record the starter files');
    await runGit(git, ['update-ref', BASELINE_REF, 'HEAD'], 'record the starter files');
    return { folder, setupAt, reused: false };
  } catch (error) {
    if (created) await fs.rm(folder, { recursive: true, force: true }).catch(() => undefined);
    else await emptyFolder(folder).catch(() => undefined);
    if (error instanceof UserError) throw error;
    throw describeFsError(error, `set up the exercise folder ${folder}`);
  }
}

async function emptyFolder(folder: string): Promise<void> {
  for (const entry of await fs.readdir(folder)) await fs.rm(path.join(folder, entry), { recursive: true, force: true });
}

/** The baseline as a snapshot of hashes, straight from Git (no file is read). */
export async function readBaselineSnapshot(folder: string): Promise<WorkspaceSnapshot> {
  const git = gitIn(folder);
  const out = await runGit(git, ['ls-tree', '-r', '-z', '-l', '--full-tree', BASELINE_REF], `read the starting point of ${folder}`);
  const snapshot = emptySnapshot();
  for (const record of out.split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, hash, size] = record.slice(0, tab).trim().split(/\s+/);
    if (type !== 'blob') continue;
    const file = { path: normalizeRelativePath(record.slice(tab + 1)), hash, size: Number(size) || 0 };
    addFile(snapshot, mode === '120000' ? { ...file, linkTarget: '' } : file);
  }
  return snapshot;
}

/** Reads the participant's folder for grading. */
export async function readWorkspaceSnapshot(folder: string): Promise<WorkspaceSnapshot> {
  return readFolderSnapshot(folder, { mode: 'workspace' });
}

/**
 * Both snapshots grading needs: the folder as it is now, and its starting point from Git (hashes),
 * with the bytes of the few starting files that `checks` compare word by word (`edits`). `next`,
 * `rehearse` and anything else that grades a real folder read through here, so every check gets the
 * same inputs it gets in `dev check`.
 */
export async function readGradingSnapshots(folder: string, checks: readonly Check[]): Promise<{ current: WorkspaceSnapshot; baseline: WorkspaceSnapshot }> {
  const current = await readWorkspaceSnapshot(folder);
  const baseline = await readBaselineSnapshot(folder);
  await readBaselineBytes(folder, baseline, baselineBytesNeeded(checks, baseline, current));
  return { current, baseline };
}

/**
 * Adds the bytes of `paths` to a baseline snapshot read from Git, with one `git cat-file --batch`
 * (which reads objects only: no hooks, no filters, no working tree). A file it cannot read keeps its
 * hash only, and the check that wanted it says so instead of guessing.
 */
export async function readBaselineBytes(folder: string, baseline: WorkspaceSnapshot, paths: readonly string[]): Promise<void> {
  const wanted = paths.map((relative) => baseline.files.get(relative)).filter((file): file is SnapshotFile => file !== undefined && !file.bytes && file.linkTarget === undefined);
  if (wanted.length === 0) return;
  const result = await runProcess('git', ['cat-file', '--batch'], {
    cwd: folder,
    env: cleanGitEnv(),
    replaceEnv: true,
    input: `${wanted.map((file) => file.hash).join('\n')}\n`,
    binaryStdout: true,
    timeoutMs: 30_000,
  });
  if (result.exitCode !== 0 || !result.stdoutBytes) return;
  const blobs = parseCatFileBatch(result.stdoutBytes);
  for (const file of wanted) {
    const bytes = blobs.get(file.hash);
    if (bytes) file.bytes = bytes;
  }
}

/** `git cat-file --batch` output: "<id> blob <size>\n<bytes>\n" per object ("<id> missing\n" when absent). */
export function parseCatFileBatch(out: Uint8Array): Map<string, Uint8Array> {
  const blobs = new Map<string, Uint8Array>();
  let at = 0;
  while (at < out.length) {
    const newline = out.indexOf(0x0a, at);
    if (newline === -1) break;
    const [id, type, size] = new TextDecoder().decode(out.subarray(at, newline)).split(' ');
    at = newline + 1;
    if (type === 'missing' || size === undefined) continue;
    const length = Number(size);
    if (type === 'blob') blobs.set(id, out.slice(at, at + length));
    at += length + 1;
  }
  return blobs;
}

export interface PassRecord {
  exerciseId: string;
  passedAt: string;
  score: number;
  maxScore: number;
  attempts: number;
}

/** Records a pass in the folder's history (refs/workshop/passed): the files as they passed, and the result. */
export async function recordPassInFolder(folder: string, record: PassRecord): Promise<string> {
  return withWorkingTreeIndex(folder, async (git) => {
    const message = [
      `workshop: passed ${record.exerciseId}`,
      '',
      `Workshop-Exercise: ${record.exerciseId}`,
      `Workshop-Passed-At: ${record.passedAt}`,
      `Workshop-Score: ${record.score}`,
      `Workshop-Max-Score: ${record.maxScore}`,
      `Workshop-Attempts: ${record.attempts}`,
    ].join('\n');
    const commit = await commitWorkingTree(git, BASELINE_REF, message);
    await runGit(git, ['update-ref', PASSED_REF, commit], 'record the pass');
    return commit;
  });
}
