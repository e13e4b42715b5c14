import type { Term } from './pack-schema.js';

/**
 * What a check found, as data: a code and named parameters, never a sentence. The grader stays free of
 * language; the participant's terminal, `--json` and `dev check` each turn findings into words through
 * the message catalogue (src/i18n), so English and Japanese say the same thing and code never glues
 * sentence fragments together.
 *
 * Rules every finding follows (they are what a non-engineer can act on):
 * - repeated findings are one finding with a list (`files`, `items`), rendered as a count and the
 *   first few names;
 * - no regular expressions, no "match(es)";
 * - never the expected answer of a task (a total, a date): say what is off and roughly by how much.
 */
export interface FindingParams {
  /** No file matches the path or glob the check reads. */
  'no-file': { glob: string };
  /** `exists`: nothing like the path is there. */
  'nothing-like': { glob: string };
  /** `absent`: files that should be gone are still there. */
  'still-there': { files: string[] };
  /** Starter files whose content is nowhere in the folder any more (deleted or edited). */
  lost: { files: string[] };
  'files-added': { files: string[] };
  'files-removed': { files: string[] };
  'files-edited': { files: string[] };
  'terms-missing': { terms: Term[] };
  'terms-none-of': { terms: Term[] };
  'terms-forbidden': { terms: Term[] };
  /** `matches` found nothing of what it looks for. */
  'pattern-absent': { files: string[] };
  'pattern-too-few': { count: number; min: number };
  'checklist-too-few': { count: number; min: number };
  'checklist-missing': { terms: Term[] };
  'table-none': { format: 'csv' | 'markdown'; files: string[] };
  'table-columns-missing': { terms: Term[] };
  'table-rows': { count: number; min?: number; max?: number };
  'number-no-label': { label: Term };
  'number-no-value': { label: Term };
  /** A number is there but wrong: by roughly `percent` per cent, `direction` of the right one. */
  'number-off': { label: Term; found: string; direction: 'high' | 'low'; percent: number };
  'json-invalid': { file: string };
  'json-keys-missing': { keys: string[] };
  'count-too-few': { glob: string; count: number; min: number };
  'count-too-many': { glob: string; count: number; max: number };
  misplaced: { folder: Term; files: string[] };
  /** A check could not run at all (a parser corner case): it fails with the reason. */
  crashed: { reason: string };
  // --- edits (only these changes) ---
  /** `edits`: one file changed beyond what is allowed; the first few changes, `more` counts the rest. */
  'edits-unexpected': { file: string; changes: EditChange[]; more: number };
  /** `edits`: more files with changes beyond what is allowed (after the first few, which have their own finding). */
  'edits-more-files': { files: string[] };
  /** `edits`: files so different from their starting version that they were rewritten rather than edited. */
  'edits-rewritten': { files: string[] };
  /** `edits`: the starting version of these files could not be read, so their changes could not be judged. */
  'edits-unavailable': { files: string[] };
}

/**
 * One change the `edits` check did not allow, with short quotes of the words involved (what was there
 * at the start of the exercise, what is there now):
 * - `added`, `removed`, `changed`: words added, removed or replaced by others;
 * - `number`: a number changed (a price, a date, a limit);
 * - `name-dropped`: a name that was to be replaced was removed instead;
 * - `undone`: an earlier change was taken back (the words are those of the reference copy again);
 * - `not-from-reference`: words in a restored section that were never in the reference copy `reference`.
 */
export interface EditChange {
  kind: 'added' | 'removed' | 'changed' | 'number' | 'name-dropped' | 'undone' | 'not-from-reference';
  before?: string;
  after?: string;
  reference?: string;
  /** The same change made more than once in the file. */
  times?: number;
}

export type FindingCode = keyof FindingParams;
export type Finding = { [K in FindingCode]: { code: K; params: FindingParams[K] } }[FindingCode];

/** Builds a finding with its parameters typed by its code. */
export function finding<K extends FindingCode>(code: K, params: FindingParams[K]): Finding {
  return { code, params } as Finding;
}

/** Changes of one kind (and one reference copy) together, in order of first appearance: one phrase per kind. */
export function groupEditChanges(changes: readonly EditChange[]): EditChange[][] {
  const groups = new Map<string, EditChange[]>();
  for (const change of changes) {
    const key = `${change.kind}\u0000${change.reference ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(change);
    else groups.set(key, [change]);
  }
  return [...groups.values()];
}
