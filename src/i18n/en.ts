import type { Term } from '../exercises/pack-schema.js';
import type { NumberOffBand } from '../exercises/findings.js';
import { type EditChange, groupEditChanges } from '../exercises/findings.js';
import type { Catalog } from './catalog.js';
import { fileWords, files, list, moves, quoted, termWord, terms } from './format.js';
import { localize } from '../exercises/language.js';
import type { LocalizedText } from '../exercises/pack-schema.js';
// participant CLI sections
import { participantEn } from './participant/en.js';

const L = 'en';

/** "a" or "an" before a word, by its first letter ("an “installers” folder"). */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

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

/** A field named in a sentence: “Minutes saved”. */
function field(label: Term): string {
  const word = termWord(label, L);
  return quoted(word.charAt(0).toUpperCase() + word.slice(1), L);
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
  // participant CLI sections
  ...participantEn,
  grade: {
    'no-file': ({ glob }) => `There is no ${fileWords(glob, L).replace(/^a /, '')} in the folder yet.`,
    'nothing-like': ({ glob }) => `There is no ${fileWords(glob, L).replace(/^a /, '')} in the folder.`,
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
    'number-off': ({ label, found, direction, band }) =>
      direction === 'high' && band === 'over-100'
        ? `${quoted(termWord(label, L), L)} says ${found}, which is more than double the right figure.`
        : `${quoted(termWord(label, L), L)} says ${found}, which is too ${direction} ${BAND[band]}.`,
    'json-invalid': ({ file }) => `${file} is not valid JSON.`,
    'json-keys-missing': ({ keys }) => `Missing: ${list(keys, L)}.`,
    'count-too-few': ({ glob, count, min }) => `Found ${plural(count, 'file', 'files')} of this kind (${fileWords(glob, L).replace(/^a /, '')}); at least ${min} are needed.`,
    'count-too-many': ({ glob, count, max }) => `Found ${plural(count, 'file', 'files')} of this kind (${fileWords(glob, L).replace(/^a /, '')}); at most ${max} are expected.`,
    misplaced: ({ folder, files: paths }) =>
      `${plural(paths.length, 'file is', 'files are')} not in ${article(termWord(folder, L))} ${quoted(termWord(folder, L), L)} folder: ${files(paths, L)}.`,
    crashed: ({ reason }) => `This could not be checked (${reason}).`,
    // --- identity ---
    'identity-missing': ({ files: paths }) => `${plural(paths.length, 'file is', 'files are')} gone (deleted, or overwritten by another file): ${files(paths, L)}.`,
    'identity-edited': ({ files: paths }) => `${plural(paths.length, 'file was', 'files were')} edited (the content is no longer as it was): ${files(paths, L)}.`,
    'identity-converted': ({ moves: m }) => `${plural(m.length, 'file was', 'files were')} converted to another format instead of kept as it was: ${moves(m, L)}.`,
    'identity-misplaced': ({ folder, files: paths }) =>
      `${plural(paths.length, 'file is', 'files are')} not in ${article(termWord(folder, L))} ${quoted(termWord(folder, L), L)} folder: ${files(paths, L)}.`,
    'identity-not-renamed': ({ files: paths }) => `${plural(paths.length, 'file still has', 'files still have')} the old name: ${files(paths, L)}.`,
    'identity-name-of-another': ({ moves: m }) =>
      `${plural(m.length, 'file now has', 'files now have')} a name that belongs to a different file (check each one against its own row): ${moves(m, L)}.`,
    'identity-wrong-name': ({ moves: m }) => `${plural(m.length, 'file is', 'files are')} not named in the form asked for: ${moves(m, L)}.`,
    'identity-renamed': ({ moves: m }) => `${plural(m.length, 'file was', 'files were')} renamed, not only moved: ${moves(m, L)}.`,
    'identity-copies': ({ files: paths }) => `Copied instead of moved: the same file is also at ${files(paths, L)}.`,
    'identity-new-files': ({ files: paths }) => `${plural(paths.length, 'new file is', 'new files are')} left in the folder: ${files(paths, L)}.`,
    // --- answers ---
    'file-empty': ({ files: paths }) => `${files(paths, L)} ${paths.length === 1 ? 'is' : 'are'} empty.`,
    'heading-none': ({ files: paths }) => `There is no heading (a line starting with #) in ${files(paths, L)}.`,
    'heading-placeholder': ({ found }) => `The heading ${quoted(found, L)} is still a placeholder, not a real title.`,
    'heading-generic': ({ found }) => `The heading ${quoted(found, L)} is only a general title; nothing specific is in it.`,
    'bullets-too-few': ({ count, min }) =>
      count === 0
        ? `No bullet point holds a real answer yet; at least ${min} are needed.`
        : `Only ${plural(count, 'bullet point holds', 'bullet points hold')} a real answer; at least ${min} are needed.`,
    'bullets-placeholder': ({ items }) => `Not filled in yet: ${list(items.map((item) => quoted(item, L)), L)}.`,
    'bullets-missing': ({ terms: t }) => `No bullet point of its own is about ${terms(t, L)}.`,
    'field-missing': ({ label }) => `There is no ${field(label)} field.`,
    'field-empty': ({ label }) => `${field(label)} is not filled in.`,
    'field-placeholder': ({ label, found }) => `${field(label)} still says ${quoted(found, L)}, a placeholder rather than an answer.`,
    'field-options-copied': ({ label, found }) => `${field(label)} lists the choices (${quoted(found, L)}) instead of picking one.`,
    'field-several-choices': ({ label, found }) => `${field(label)} says ${quoted(found, L)}: pick just one.`,
    'field-not-a-choice': ({ label, found, options }) => `${field(label)} says ${quoted(found, L)}, which is none of ${terms(options, L)}.`,
    'field-no-number': ({ label, found }) => `${field(label)} says ${quoted(found, L)}, with no number in it: write the minutes in digits.`,
    'field-percent': ({ label, found }) => `${field(label)} is a percentage (${quoted(found, L)}): write it in minutes.`,
    'field-more-than': ({ label, found, other, otherFound }) =>
      `${field(label)} (${quoted(found, L)}) is more than ${field(other)} (${quoted(otherFound, L)}): you cannot save more time than the task takes.`,
    'count-real-too-few': ({ count, min, empty, hidden }) =>
      [
        count === 0 ? `No file with content of its own is there yet; at least ${min} ${min === 1 ? 'is' : 'are'} needed.` : `Only ${plural(count, 'file has', 'files have')} content of their own; at least ${min} are needed.`,
        ...(empty.length ? [`Empty, so not counted: ${files(empty, L)}.`] : []),
        ...(hidden.length ? [`Hidden (the name starts with a dot), so not counted: ${files(hidden, L)}.`] : []),
      ].join(' '),
    // --- numbers ---
    'number-rounded': ({ label, found }) => `${quoted(termWord(label, L), L)} says ${found}, which looks rounded: the exact figure is needed.`,
    'number-column-no-total': ({ label }) => `${quoted(termWord(label, L), L)} heads a table column, but no row of that table gives its total.`,
    'number-only-counts': ({ label }) => `Beside ${quoted(termWord(label, L), L)} there is only a count or a share (%), not the amount.`,
    'number-label-shared': ({ label }) => `${quoted(termWord(label, L), L)} only appears together with another item, never with a figure of its own.`,
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
