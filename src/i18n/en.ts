import type { NumberOffBand } from '../exercises/findings.js';
import type { Catalog } from './catalog.js';
import { files, list, quoted, termWord, terms } from './format.js';

const L = 'en';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const BAND: Record<NumberOffBand, string> = {
  'under-1': 'by less than 1%',
  '1-5': 'by 1–5%',
  '5-10': 'by 5–10%',
  '10-25': 'by 10–25%',
  '25-50': 'by 25–50%',
  '50-100': 'by 50–100%',
  'over-100': 'by more than 100%',
};

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
    'number-off': ({ label, found, direction, band }) =>
      direction === 'high' && band === 'over-100'
        ? `${quoted(termWord(label, L), L)} says ${found}, which is more than double the right figure.`
        : `${quoted(termWord(label, L), L)} says ${found}, which is too ${direction} ${BAND[band]}.`,
    'json-invalid': ({ file }) => `${file} is not valid JSON.`,
    'json-keys-missing': ({ keys }) => `Missing: ${list(keys, L)}.`,
    'count-too-few': ({ glob, count, min }) => `Found ${plural(count, 'file', 'files')} like ${glob}; at least ${min} are needed.`,
    'count-too-many': ({ glob, count, max }) => `Found ${plural(count, 'file', 'files')} like ${glob}; at most ${max} are expected.`,
    misplaced: ({ folder, files: paths }) =>
      `${plural(paths.length, 'file is', 'files are')} not in a ${quoted(termWord(folder, L), L)} folder: ${files(paths, L)}.`,
    crashed: ({ reason }) => `This could not be checked (${reason}).`,
    // --- numbers ---
    'number-rounded': ({ label, found }) => `${quoted(termWord(label, L), L)} says ${found}, which looks rounded: the exact figure is needed.`,
    'number-column-no-total': ({ label }) => `${quoted(termWord(label, L), L)} heads a table column, but no row of that table gives its total.`,
    'number-only-counts': ({ label }) => `Beside ${quoted(termWord(label, L), L)} there is only a count or a share (%), not the amount.`,
    'number-label-shared': ({ label }) => `${quoted(termWord(label, L), L)} only appears together with another item, never with a figure of its own.`,
  },
  grading: {
    joinFindings: (sentences) => sentences.join(' '),
  },
};

