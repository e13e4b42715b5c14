import type { Catalog } from './catalog.js';
import { files, list, moves, quoted, termWord, terms } from './format.js';

const L = 'en';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function roughly(percent: number): string {
  return percent < 1 ? 'by less than 1%' : `by about ${percent}%`;
}

export const en: Catalog = {
  grade: {
    'no-file': ({ glob }) => `There is no file like ${glob} in the folder yet.`,
    'nothing-like': ({ glob }) => `Nothing like ${glob} is in the folder.`,
    'still-there': ({ files: paths }) => `Still there: ${files(paths, L)}.`,
    lost: ({ files: paths }) => `${plural(paths.length, 'file is', 'files are')} missing or changed: ${files(paths, L)}.`,
    'files-added': ({ files: paths }) => `Added: ${files(paths, L)}.`,
    'files-removed': ({ files: paths }) => `Deleted: ${files(paths, L)}.`,
    'files-edited': ({ files: paths }) => `Edited: ${files(paths, L)}.`,
    'terms-missing': ({ terms: t }) => `It does not mention ${terms(t, L)}.`,
    'terms-none-of': ({ terms: t }) => `It mentions none of ${terms(t, L)}.`,
    'terms-forbidden': ({ terms: t }) => `It still mentions ${terms(t, L)}.`,
    'pattern-absent': ({ files: paths }) => `Not found in ${files(paths, L)}.`,
    'pattern-too-few': ({ count, min }) => `Found ${count}; at least ${min} are needed.`,
    'pattern-too-slow': () => 'This could not be checked in time: the exercise pack needs fixing. Tell your facilitator; your work is not lost.',
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
    // --- identity ---
    'identity-missing': ({ files: paths }) => `${plural(paths.length, 'file is', 'files are')} gone (deleted, or overwritten by another file): ${files(paths, L)}.`,
    'identity-edited': ({ files: paths }) => `${plural(paths.length, 'file was', 'files were')} edited (the content is no longer as it was): ${files(paths, L)}.`,
    'identity-converted': ({ moves: m }) => `${plural(m.length, 'file was', 'files were')} converted to another format instead of kept as it was: ${moves(m, L)}.`,
    'identity-misplaced': ({ folder, files: paths }) =>
      `${plural(paths.length, 'file is', 'files are')} not in a ${quoted(termWord(folder, L), L)} folder: ${files(paths, L)}.`,
    'identity-not-renamed': ({ files: paths }) => `${plural(paths.length, 'file still has', 'files still have')} the old name: ${files(paths, L)}.`,
    'identity-name-of-another': ({ moves: m }) =>
      `${plural(m.length, 'file now has', 'files now have')} a name that belongs to a different file (check each one against its own row): ${moves(m, L)}.`,
    'identity-wrong-name': ({ moves: m }) => `${plural(m.length, 'file is', 'files are')} not named in the form asked for: ${moves(m, L)}.`,
    'identity-renamed': ({ moves: m }) => `${plural(m.length, 'file was', 'files were')} renamed, not only moved: ${moves(m, L)}.`,
    'identity-copies': ({ files: paths }) => `Copied instead of moved: the same file is also at ${files(paths, L)}.`,
    'identity-new-files': ({ files: paths }) => `${plural(paths.length, 'new file is', 'new files are')} left in the folder: ${files(paths, L)}.`,
  },
  grading: {
    joinFindings: (sentences) => sentences.join(' '),
  },
};

