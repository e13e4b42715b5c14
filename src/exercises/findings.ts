import type { LocalizedText, Term } from './pack-schema.js';

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
  /** A pack's pattern took longer than the grading budget allows (a pack problem, not the participant's). */
  'pattern-too-slow': Record<string, never>;
  'checklist-too-few': { count: number; min: number };
  'checklist-missing': { terms: Term[] };
  'table-none': { format: 'csv' | 'markdown'; files: string[] };
  'table-columns-missing': { terms: Term[] };
  'table-rows': { count: number; min?: number; max?: number };
  'number-no-label': { label: Term };
  'number-no-value': { label: Term };
  /**
   * A number is there but wrong: `direction` of the right one, by a `band` of per cents. Bands, not a
   * percentage: "too high by about 1%" beside the participant's own figure would give the right total
   * back to within a few yen, and small round answers exactly.
   */
  'number-off': { label: Term; found: string; direction: 'high' | 'low'; band: NumberOffBand };
  'json-invalid': { file: string };
  'json-keys-missing': { keys: string[] };
  'count-too-few': { glob: string; count: number; min: number };
  'count-too-many': { glob: string; count: number; max: number };
  misplaced: { folder: Term; files: string[] };
  /** A check could not run at all (a parser corner case): it fails with the reason. */
  crashed: { reason: string };
  // --- identity ---
  /** Starter files whose content is nowhere and nothing says why (deleted, overwritten by another file). */
  'identity-missing': { files: string[] };
  /** Starter files now holding other content (`files` are the starter paths). */
  'identity-edited': { files: string[] };
  /** Starter files replaced by a file of the same name in another format (HEIC → JPG). */
  'identity-converted': { moves: FileMove[] };
  /** Followed files (current paths) not in a folder named like `folder`. */
  'identity-misplaced': { folder: Term; files: string[] };
  /** Followed files still under their old name where a new one was asked for (current paths). */
  'identity-not-renamed': { files: string[] };
  /** Files renamed to a name the rules give another starter file (swapped names). */
  'identity-name-of-another': { moves: FileMove[] };
  /** Files renamed, but not to the form the rules ask for (the expected name is never said). */
  'identity-wrong-name': { moves: FileMove[] };
  /** Files renamed where only a move was asked for. */
  'identity-renamed': { moves: FileMove[] };
  /** Further places holding a followed file's content: copied instead of moved. */
  'identity-copies': { files: string[] };
  /** New files (content no starter file had) outside what the check allows. */
  'identity-new-files': { files: string[] };
  // --- answers ---
  /** Every file the check reads is empty (or whitespace only). */
  'file-empty': { files: string[] };
  /** `heading`: no heading in the files. */
  'heading-none': { files: string[] };
  /** `heading`: the heading is a template slot ("[Your Name]", "Your name here"). */
  'heading-placeholder': { found: string };
  /** `heading`: the heading holds only general words ("Self-introduction", "About me"). */
  'heading-generic': { found: string };
  /** `bullets`: fewer bullet points with a real answer than needed. */
  'bullets-too-few': { count: number; min: number };
  /** `bullets`: bullet points that hold a placeholder or nothing after their label. */
  'bullets-placeholder': { items: string[] };
  /** `bullets`: no answered bullet point of its own mentions these. */
  'bullets-missing': { terms: Term[] };
  'field-missing': { label: Term };
  'field-empty': { label: Term };
  'field-placeholder': { label: Term; found: string };
  /** A choice field holds the whole options list ("low / medium / high"), not one pick. */
  'field-options-copied': { label: Term; found: string };
  'field-several-choices': { label: Term; found: string };
  'field-not-a-choice': { label: Term; found: string; options: Term[] };
  /** A minutes field without a number in digits ("about an hour", "quite a lot"). */
  'field-no-number': { label: Term; found: string };
  'field-percent': { label: Term; found: string };
  /** A minutes field larger than the one it may not exceed (minutes saved above minutes it takes). */
  'field-more-than': { label: Term; found: string; other: Term; otherFound: string };
  /** `count` with nonEmpty / ignoreDotfiles: too few real files; the ones set aside, by reason. */
  'count-real-too-few': { count: number; min: number; empty: string[]; hidden: string[] };
  // --- numbers ---
  /** The closest figure is a round number within one rounding unit of the right one ("439,000", "¥439k"). */
  'number-rounded': { label: Term; found: string };
  /** The label heads a table column, but no totals row (and not a single row) gives the column's total. */
  'number-column-no-total': { label: Term };
  /** Beside the label there are only counts or shares ("28 claims", "15.4%"), no amount. */
  'number-only-counts': { label: Term };
  /** The label is named only together with another item ("Travel & accommodation"), never with a figure of its own. */
  'number-label-shared': { label: Term };
  // --- items ---
  /** The file(s) have no list or table items at all. */
  'items-none': { files: string[] };
  /** The items are written in another shape than asked (a table or plain bullets instead of a checklist). */
  'items-shape': { found: 'checklist' | 'table' | 'bullets' | 'numbered'; wanted: 'checklist' | 'table' | 'list' };
  /** How many items are listed, against the range; `extra` names listed items that match no required item. */
  'items-count': { count: number; min?: number; max?: number; extra: string[] };
  /** Required items no listed item stands for (named by the pack's `name`). */
  'items-missing': { items: LocalizedText[] };
  'items-owner-missing': { items: LocalizedText[] };
  /** The item names someone, but not the person who took it on. */
  'items-owner-wrong': { items: LocalizedText[] };
  'items-due-missing': { items: LocalizedText[] };
  /** The item carries a date that was said first and changed later in the source. */
  'items-due-superseded': { items: LocalizedText[] };
  /** The item has dates, none of them the one agreed. */
  'items-due-wrong': { items: LocalizedText[] };
  /** Listed items that must not be there: their first words, and why (rejected, done, small talk). */
  'items-forbidden': { items: Array<{ text: string; why?: LocalizedText }> };
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

/** A starter file (`from`, its path at setup) and where its content is now (`to`). */
export interface FileMove {
  from: string;
  to: string;
}

/** How far a wrong figure is off, in per cent of the right one: under 1%, 1–5%, … more than double. */
export type NumberOffBand = 'under-1' | '1-5' | '5-10' | '10-25' | '25-50' | '50-100' | 'over-100';

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
