import type { Catalog } from './catalog.js';
import { files, list, quoted, termWord, terms } from './format.js';
import { localize } from '../exercises/language.js';
import type { LocalizedText } from '../exercises/pack-schema.js';

const L = 'en';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function roughly(percent: number): string {
  return percent < 1 ? 'by less than 1%' : `by about ${percent}%`;
}

// --- items ---
const SHAPES = { checklist: 'a checklist (lines starting with “- [ ]”)', table: 'a table', bullets: 'plain bullets', numbered: 'a numbered list' } as const;

function rangeWords(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && min === max) return `${min} ${min === 1 ? 'is' : 'are'}`;
  if (max === undefined) return `at least ${min} are`;
  if (min === undefined) return `at most ${max} are`;
  return `${min} to ${max} are`;
}

function named(items: readonly LocalizedText[]): string {
  return list(items.map((item) => localize(item, L)), L, 4);
}

function itemTexts(texts: readonly string[]): string {
  return list(texts.map((text) => `“${text}”`), L);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
// --- end items ---

export const en: Catalog = {
  grade: {
    'no-file': ({ glob }) => `There is no file like ${glob} in the folder yet.`,
    'nothing-like': ({ glob }) => `Nothing like ${glob} is in the folder.`,
    'still-there': ({ files: paths }) => `Still there: ${files(paths, L)}.`,
    lost: ({ files: paths }) => `${plural(paths.length, 'file is', 'files are')} missing or no longer as they were: ${files(paths, L)}.`,
    'files-added': ({ files: paths }) => `Added: ${files(paths, L)}.`,
    'files-removed': ({ files: paths }) => `Deleted: ${files(paths, L)}.`,
    'files-edited': ({ files: paths }) => `Edited: ${files(paths, L)}.`,
    'terms-missing': ({ terms: t }) => `It does not mention ${terms(t, L)}.`,
    'terms-none-of': ({ terms: t }) => `It mentions none of ${terms(t, L)}.`,
    'terms-forbidden': ({ terms: t }) => `It still mentions ${terms(t, L)}.`,
    'pattern-absent': ({ files: paths }) => `Not found in ${files(paths, L)}.`,
    'pattern-too-few': ({ count, min }) => `Found ${count}; at least ${min} are needed.`,
    'checklist-too-few': ({ count, min }) => `The checklist has ${plural(count, 'item', 'items')} (lines like “- [ ] …”); at least ${min} are needed.`,
    'checklist-missing': ({ terms: t }) => `No item of its own for ${terms(t, L)}.`,
    'table-none': ({ format, files: paths }) => `There is no ${format === 'csv' ? 'CSV' : 'Markdown'} table in ${files(paths, L)}.`,
    'table-columns-missing': ({ terms: t }) => `The table has no column for ${terms(t, L)}.`,
    'table-rows': ({ count, min, max }) =>
      `The table has ${plural(count, 'row', 'rows')}; ${max === undefined ? `at least ${min}` : min === undefined ? `at most ${max}` : min === max ? `exactly ${min}` : `${min} to ${max}`} are expected.`,
    'number-no-label': ({ label }) => `Nothing mentions ${quoted(termWord(label, L), L)}.`,
    'number-no-value': ({ label }) => `There is no number beside ${quoted(termWord(label, L), L)}.`,
    'number-off': ({ label, found, direction, percent }) =>
      `${quoted(termWord(label, L), L)} says ${found}, which is too ${direction} ${roughly(percent)}.`,
    'json-invalid': ({ file }) => `${file} is not valid JSON.`,
    'json-keys-missing': ({ keys }) => `Missing: ${list(keys, L)}.`,
    'count-too-few': ({ glob, count, min }) => `Found ${plural(count, 'file', 'files')} like ${glob}; at least ${min} are needed.`,
    'count-too-many': ({ glob, count, max }) => `Found ${plural(count, 'file', 'files')} like ${glob}; at most ${max} are expected.`,
    misplaced: ({ folder, files: paths }) =>
      `${plural(paths.length, 'file is', 'files are')} not in a ${quoted(termWord(folder, L), L)} folder: ${files(paths, L)}.`,
    crashed: ({ reason }) => `This could not be checked (${reason}).`,
    // --- items ---
    'items-none': ({ files: paths }) => `There is no list of items in ${files(paths, L)} yet.`,
    'items-shape': ({ found, wanted }) =>
      `The items are ${SHAPES[found]}, not ${SHAPES[wanted === 'list' ? 'bullets' : wanted]}.`,
    'items-count': ({ count, min, max, extra }) =>
      `The list has ${plural(count, 'item', 'items')}; ${rangeWords(min, max)} expected.${extra.length > 0 ? ` Not one of the expected items: ${itemTexts(extra)}.` : ''}`,
    'items-missing': ({ items }) => `No item for ${named(items)}.`,
    'items-owner-missing': ({ items }) => `No owner named on ${named(items)}.`,
    'items-owner-wrong': ({ items }) => `The owner named on ${named(items)} is not the person who took it on.`,
    'items-due-missing': ({ items }) => `No due date on ${named(items)}.`,
    'items-due-superseded': ({ items }) => `${capitalised(named(items))} still ${items.length === 1 ? 'has the date' : 'have the dates'} said first, which ${items.length === 1 ? 'was' : 'were'} changed later.`,
    'items-due-wrong': ({ items }) => `The due date on ${named(items)} is not the one agreed.`,
    'items-forbidden': ({ items }) =>
      `Not action items, but listed: ${list(
        items.map((item) => `“${item.text}”${item.why !== undefined ? ` (${localize(item.why, L)})` : ''}`),
        L,
      )}.`,
  },
  grading: {
    joinFindings: (sentences) => sentences.join(' '),
  },
};

