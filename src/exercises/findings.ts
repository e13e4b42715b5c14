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
}

export type FindingCode = keyof FindingParams;
export type Finding = { [K in FindingCode]: { code: K; params: FindingParams[K] } }[FindingCode];

/** Builds a finding with its parameters typed by its code. */
export function finding<K extends FindingCode>(code: K, params: FindingParams[K]): Finding {
  return { code, params } as Finding;
}
