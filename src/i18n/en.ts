import type { Catalog } from './catalog.js';
import { files, list, quoted, termWord, terms } from './format.js';

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
  },
  grading: {
    joinFindings: (sentences) => sentences.join(' '),
  },
  // ---- room (issue 11/12) ----
  room: {
    message: ({ text }) => `Message from the facilitator: ${text}`,
    target: ({ exercise }) => `The room is on ${exercise} now.`,
    claim: ({ code }) =>
      `Someone is joining this session with your email on another laptop. If that is you, type this there: workshop join --confirm ${code}. If it is not you, tell the facilitator.`,
    pendingJoin: () =>
      'This email has already joined from another laptop. To carry on from there, type `workshop join --confirm CODE` with the 6-digit code your other laptop shows on its next workshop command (or ask the facilitator to approve this laptop). Until then this laptop counts as a new participant.',
    confirmed: ({ laptops }) => `Confirmed: this laptop now continues your progress (${laptops} laptops).`,
    confirmWrong: ({ reason }) => `Not confirmed: ${reason}.`,
    notPending: () => 'This laptop is not waiting for a confirmation: nothing to confirm.',
    emailSuggestion: ({ typed, suggestion }) => `${typed} is not on the invitation list. Did you mean ${suggestion}?`,
    emailAsTypedWarning: ({ typed, suggestion }) =>
      `Warning: ${typed} is not on the invitation list (did you mean ${suggestion}?). Joined with ${typed} as typed; run the join command again with the right --email if it was a typo.`,
    askEmailChoice: () => 'Which email is yours?',
    askHandMessage: () => 'What do you need help with? (one line; Enter for no message)',
    handNoMessage: () => 'no message',
    handAlreadyUp: ({ message }) => `Your hand is already up with “${message}”; the facilitator sees that message. When you are sorted: workshop help --done`,
    handAlreadyUpNoMessage: () => 'Your hand is already up; the facilitator will come to you. When you are sorted: workshop help --done',
  },
  // ---- end room ----
};
