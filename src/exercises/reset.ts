import { ExitCode, UserError, said } from '../core/errors.js';
import {
  BASELINE_REF,
  DISCARDED_PREFIX,
  RESTORED_PREFIX,
  commitWorkingTree,
  gitIn,
  listRefs,
  resolveRef,
  runGit,
  treeOf,
  withWorkingTreeIndex,
} from './git.js';

/**
 * `workshop reset` and `workshop reset --undo`. A reset never destroys anything: the state it throws
 * away is first committed to refs/workshop/discarded/<n> (every file, even ignored ones), and `--undo`
 * brings the most recent one back. Undoing twice brings back the one before, and undoing after new
 * work first keeps that new work as another discarded state, so nothing is ever lost.
 */
export interface ResetOutcome {
  /** The ref that holds what was thrown away; undefined when the folder already equalled the baseline. */
  keptAs?: string;
}

export interface UndoOutcome {
  restored: string;
  /** Work done since the reset, kept before restoring (undefined when there was none). */
  keptAs?: string;
}

function refNumber(ref: string): number {
  return Number(ref.slice(ref.lastIndexOf('/') + 1)) || 0;
}

async function nextDiscardedRef(folder: string): Promise<string> {
  const git = gitIn(folder);
  const used = [...(await listRefs(git, DISCARDED_PREFIX)), ...(await listRefs(git, RESTORED_PREFIX))].map(refNumber);
  return `${DISCARDED_PREFIX}${Math.max(0, ...used) + 1}`;
}

/** Keeps the current files under a new discarded ref if they differ from the baseline. */
async function keepCurrentState(folder: string, baselineCommit: string, why: string): Promise<string | undefined> {
  const baselineTree = await treeOf(gitIn(folder), baselineCommit);
  return withWorkingTreeIndex(folder, async (git) => {
    const tree = (await runGit(git, ['write-tree'], 'record the current files')).trim();
    if (tree === baselineTree) return undefined;
    const commit = await commitWorkingTree(git, baselineCommit, `workshop: ${why}\n\nWorkshop-Kept-At: ${new Date().toISOString()}`);
    const ref = await nextDiscardedRef(folder);
    await runGit(git, ['update-ref', ref, commit], 'keep the current files');
    return ref;
  });
}

/** Puts the folder back to exactly the baseline (tracked, new and ignored files alike). */
async function restoreBaseline(folder: string): Promise<void> {
  const git = gitIn(folder);
  await runGit(git, ['reset', '--hard', BASELINE_REF], 'go back to the starting point');
  // One -f only: a nested repository Codex may have cloned is left alone rather than deleted unsaved.
  await runGit(git, ['clean', '-f', '-d', '-x'], 'go back to the starting point');
}

export async function resetToBaseline(folder: string): Promise<ResetOutcome> {
  const baselineCommit = await requireBaseline(folder);
  const keptAs = await keepCurrentState(folder, baselineCommit, 'state discarded by workshop reset');
  await restoreBaseline(folder);
  return { keptAs };
}

export async function undoReset(folder: string): Promise<UndoOutcome> {
  const baselineCommit = await requireBaseline(folder);
  const git = gitIn(folder);
  const discarded = (await listRefs(git, DISCARDED_PREFIX)).sort((a, b) => refNumber(a) - refNumber(b));
  const target = discarded.at(-1);
  if (!target) {
    throw new UserError(said('nothing-to-undo', {}), ExitCode.failure);
  }
  const targetCommit = (await resolveRef(git, target)) as string;
  const keptAs = await keepCurrentState(folder, baselineCommit, 'state kept before workshop reset --undo');
  await restoreBaseline(folder);
  // Switch the working tree from the baseline to the kept state (removing files it did not have),
  // then leave Git's own index at the baseline so `git status` shows the restored work as changes.
  await runGit(git, ['read-tree', '-u', '--reset', targetCommit], 'bring back the discarded files');
  await runGit(git, ['reset'], 'bring back the discarded files');
  await runGit(git, ['update-ref', `${RESTORED_PREFIX}${refNumber(target)}`, targetCommit], 'bring back the discarded files');
  await runGit(git, ['update-ref', '-d', target], 'bring back the discarded files');
  return { restored: target, keptAs };
}

async function requireBaseline(folder: string): Promise<string> {
  const baseline = await resolveRef(gitIn(folder), BASELINE_REF);
  if (!baseline) throw new UserError(said('history-missing', { folder }), ExitCode.failure);
  return baseline;
}
