import { type EditChange, groupEditChanges } from '../exercises/findings.js';
import type { Catalog } from './catalog.js';
import { files, list, quoted, termWord, terms } from './format.js';

const L = 'en';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function roughly(percent: number): string {
  return percent < 1 ? 'by less than 1%' : `by about ${percent}%`;
}

// --- edits (only these changes) ---
function editItem(change: EditChange): string {
  const was = quoted(change.before ?? '', L);
  const is = quoted(change.after ?? '', L);
  const times = change.times && change.times > 1 ? ` (${change.times} times)` : '';
  switch (change.kind) {
    case 'added':
    case 'not-from-reference':
      return `${is}${times}`;
    case 'removed':
    case 'name-dropped':
      return `${was}${times}`;
    case 'undone':
      if (change.before && change.after) return `${was} is ${is} again${times}`;
      return change.after ? `${is} is back${times}` : `${was} was taken out${times}`;
    default:
      return `${was} became ${is}${times}`;
  }
}

function editPhrase(group: EditChange[]): string {
  const many = group.length > 1;
  const items = list(group.map(editItem), L, 3);
  switch (group[0].kind) {
    case 'added':
      return `words added: ${items}`;
    case 'removed':
      return `words removed: ${items}`;
    case 'number':
      return `${many ? 'numbers or dates' : 'a number or date'} changed: ${items}`;
    case 'name-dropped':
      return `removed instead of replaced: ${items}`;
    case 'undone':
      return `${many ? 'earlier changes were' : 'an earlier change was'} undone: ${items}`;
    case 'not-from-reference':
      return `words that are not in ${group[0].reference ?? 'the reference copy'}: ${items}`;
    default:
      return `words changed: ${items}`;
  }
}

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
    // --- edits (only these changes) ---
    'edits-unexpected': ({ file, changes, more }) =>
      `${file}: ${groupEditChanges(changes).map(editPhrase).join('; ')}${more > 0 ? `; and ${plural(more, 'more change', 'more changes')}` : ''}.`,
    'edits-more-files': ({ files: paths }) => `More files have changes like these: ${files(paths, L)}.`,
    'edits-rewritten': ({ files: paths }) => `Rewritten rather than edited: ${files(paths, L)}.`,
    'edits-unavailable': ({ files: paths }) => `The starting version of ${files(paths, L)} could not be read, so the changes could not be checked.`,
  },
  grading: {
    joinFindings: (sentences) => sentences.join(' '),
  },
};

