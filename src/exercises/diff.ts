import { BASELINE_REF, runGit, withWorkingTreeIndex } from './git.js';

/**
 * `workshop diff`: what changed in an exercise folder since its baseline. This is how participants
 * learn to review what the AI did, so renames are shown as renames (a moved file is not "deleted and
 * added"), and names stay readable in any language (no octal escapes for Japanese file names).
 */
export interface WorkspaceDiff {
  added: string[];
  removed: string[];
  modified: string[];
  renamed: Array<{ from: string; to: string }>;
  /** The unified diff (or, with `stat`, the summary table); coloured only when asked. */
  text: string;
}

const DIFF_FLAGS = ['--no-ext-diff', '--no-textconv', '-M', '--find-renames=50%'];

export async function diffAgainstBaseline(folder: string, options: { stat?: boolean; color?: boolean } = {}): Promise<WorkspaceDiff> {
  return withWorkingTreeIndex(folder, async (git) => {
    const nameStatus = await runGit(git, ['-c', 'core.quotepath=off', 'diff', '--cached', '--name-status', '-z', ...DIFF_FLAGS, BASELINE_REF], 'compare with the starting point');
    const diff: WorkspaceDiff = { added: [], removed: [], modified: [], renamed: [], text: '' };
    const fields = nameStatus.split('\0').filter((field) => field !== '');
    for (let i = 0; i < fields.length; ) {
      const status = fields[i];
      if (status.startsWith('R') || status.startsWith('C')) {
        const from = fields[i + 1];
        const to = fields[i + 2];
        if (status.startsWith('R')) diff.renamed.push({ from, to });
        else diff.added.push(to);
        i += 3;
        continue;
      }
      const file = fields[i + 1];
      if (status === 'A') diff.added.push(file);
      else if (status === 'D') diff.removed.push(file);
      else diff.modified.push(file);
      i += 2;
    }
    const view = options.stat ? ['--stat=100'] : ['--patch'];
    // Issue 12: never git's colours: they would come with the files' own bytes unescaped. The text is
    // sanitised and coloured line by line when it is rendered (src/exercises/render.ts).
    diff.text = await runGit(
      git,
      ['-c', 'core.quotepath=off', 'diff', '--cached', '--no-color', ...view, ...DIFF_FLAGS, BASELINE_REF],
      'compare with the starting point',
    );
    return diff;
  });
}

export function diffIsEmpty(diff: WorkspaceDiff): boolean {
  return diff.added.length + diff.removed.length + diff.modified.length + diff.renamed.length === 0;
}
