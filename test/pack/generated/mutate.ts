import { findDates } from '../../../src/exercises/dates.js';
import { findNumbers } from '../../../src/exercises/numbers.js';
import type { Check, ExerciseConfig, Term } from '../../../src/exercises/pack-schema.js';
import { matchesAnyGlob, matchesGlob, matchesNameGlob } from '../../../src/exercises/glob.js';
import { containsTerm, normalizeForMatch, termVariants } from '../../../src/exercises/text.js';
import { type Folder, copyFolder, isTextPath, outputTextFiles, readText, sameBytes, writeText } from './folder.js';

/**
 * Small mutations of a right answer that a careful reviewer would call wrong: touch a file that must
 * not change, lose or edit a starter file, change one digit of a total, drop a required item, add a
 * forbidden one, leave a helper file behind, put a file in the wrong place. Each comes from one check
 * of the exercise (the check says what "wrong" means), so it must fail whatever else the folder holds.
 */
export interface Mutation {
  name: string;
  folder: Folder;
}

type MutationsOf<T extends Check['type']> = (check: Extract<Check, { type: T }>, folder: Folder, starter: Folder, exercise: ExerciseConfig) => Mutation[];

function changedCopy(folder: Folder, change: (next: Folder) => void): Folder {
  const next = copyFolder(folder);
  change(next);
  return next;
}

/** A concrete file name for a glob: "**\/*.{jpg,jpeg}" → "extra.jpg". */
export function materialise(glob: string): string {
  return glob
    .replace(/^\*\*\//, '')
    .replace(/\/\*\*\//g, '/')
    .replace(/\{([^,}]*)[^}]*\}/g, '$1')
    .replace(/\[([^\]])[^\]]*\]/g, '$1')
    .replace(/\*/g, 'extra')
    .replace(/\?/g, 'x');
}

/** Changes one digit of every written form of `value` beside nothing else: 439,210 → 439,220. */
function changeDigit(text: string, value: number, tolerance: number): string | undefined {
  let changed = false;
  const lines = text.split('\n').map((line) => {
    const folded = line.normalize('NFKC');
    const hits = findNumbers(folded).filter((found) => Math.abs(found.value - value) <= tolerance + 1e-9 && found.text.length >= 2);
    if (hits.length === 0) return line;
    let next = folded;
    for (const hit of hits) {
      const at = next.indexOf(hit.text);
      if (at === -1) continue;
      // The tens digit: big enough to matter, small enough to look like a slip.
      const digits = [...hit.text].map((ch, i) => (/\d/.test(ch) ? i : -1)).filter((i) => i >= 0);
      const target = digits[Math.max(0, digits.length - 2)];
      const digit = Number(hit.text[target]);
      const replaced = `${hit.text.slice(0, target)}${(digit + 1) % 10}${hit.text.slice(target + 1)}`;
      next = `${next.slice(0, at)}${replaced}${next.slice(at + hit.text.length)}`;
      changed = true;
    }
    return next;
  });
  return changed ? lines.join('\n') : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function firstSynonym(term: Term): string {
  return Array.isArray(term) ? term[0] : term;
}

/** Removes every line of the output files that mentions the term (an item dropped). */
function dropLinesMentioning(folder: Folder, starter: Folder, glob: string, term: Term): Folder | undefined {
  let changed = false;
  const next = changedCopy(folder, (copy) => {
    for (const path of outputTextFiles(folder, starter).filter((p) => matchesGlob(p, glob))) {
      const lines = readText(folder, path).split('\n');
      const kept = lines.filter((line) => !containsTerm(normalizeForMatch(line), term));
      if (kept.length !== lines.length) {
        writeText(copy, path, kept.join('\n'));
        changed = true;
      }
    }
  });
  return changed ? next : undefined;
}

export const MUTATIONS: { [T in Check['type']]?: MutationsOf<T> } = {
  unchanged: (check, folder, starter) =>
    [...starter.keys()]
      .filter((path) => matchesAnyGlob(path, check.paths) && folder.has(path))
      .slice(0, 3)
      .flatMap((path) => [
        { name: `${path} edited (one line added)`, folder: changedCopy(folder, (next) => writeText(next, path, `${readText(folder, path)}\nEdited by the AI.\n`)) },
        { name: `${path} deleted`, folder: changedCopy(folder, (next) => next.delete(path)) },
      ]),

  preserved: (check, folder, starter) =>
    [...starter.entries()]
      .filter(([path]) => matchesGlob(path, check.from ?? '**'))
      .slice(0, 3)
      .flatMap(([path, bytes]) => {
        const now = [...folder.entries()].filter(([, current]) => sameBytes(current, bytes)).map(([p]) => p);
        if (now.length !== 1) return [];
        const [place] = now;
        const edited = new Uint8Array(bytes.byteLength + 1);
        edited.set(bytes);
        edited[bytes.byteLength] = 0x0a;
        return [
          { name: `${path} (now ${place}) lost`, folder: changedCopy(folder, (next) => next.delete(place)) },
          { name: `${path} (now ${place}) converted or edited`, folder: changedCopy(folder, (next) => next.set(place, edited)) },
        ];
      }),

  number: (check, folder, starter) => {
    const next = copyFolder(folder);
    let changed = false;
    for (const path of outputTextFiles(folder, starter).filter((p) => matchesGlob(p, check.path))) {
      const mutated = changeDigit(readText(folder, path), check.value, check.tolerance ?? 0.01);
      if (mutated !== undefined) {
        writeText(next, path, mutated);
        changed = true;
      }
    }
    return changed ? [{ name: `one digit of ${firstSynonym(check.label)} changed`, folder: next }] : [];
  },

  contains: (check, folder, starter) => {
    const outputs = outputTextFiles(folder, starter).filter((p) => matchesGlob(p, check.path));
    if (outputs.length === 0) return [];
    const mutations: Mutation[] = [];
    for (const term of (check.none ?? []).slice(0, 3)) {
      const path = outputs[0];
      mutations.push({ name: `${path} mentions “${firstSynonym(term)}”`, folder: changedCopy(folder, (next) => writeText(next, path, `${firstSynonym(term)}\n${readText(folder, path)}`)) });
    }
    for (const term of (check.all ?? []).slice(0, 3)) {
      const variants = termVariants(term);
      const next = copyFolder(folder);
      let changed = false;
      for (const path of outputs) {
        const text = readText(folder, path);
        const lines = text.split('\n').filter((line) => !variants.some((v) => normalizeForMatch(line).includes(v)));
        if (lines.length !== text.split('\n').length) {
          writeText(next, path, lines.join('\n'));
          changed = true;
        }
      }
      if (changed) mutations.push({ name: `every line mentioning “${firstSynonym(term)}” dropped`, folder: next });
    }
    return mutations;
  },

  checklist: (check, folder, starter) =>
    (check.items ?? []).flatMap((term) => {
      const dropped = dropLinesMentioning(folder, starter, check.path, term);
      return dropped ? [{ name: `item “${firstSynonym(term)}” dropped`, folder: dropped }] : [];
    }),

  count: (check, folder) => {
    const matching = [...folder.keys()].filter((path) => matchesGlob(path, check.glob));
    const mutations: Mutation[] = [];
    if (check.max !== undefined && matching.length > 0) {
      const extra = materialise(check.glob);
      if (!folder.has(extra) && matchesGlob(extra, check.glob)) {
        mutations.push({ name: `one more ${extra} than allowed`, folder: changedCopy(folder, (next) => next.set(extra, new TextEncoder().encode(`extra ${Date.now()}`))) });
      }
    }
    const min = check.min ?? (check.max === undefined ? 1 : 0);
    if (min > 0 && matching.length >= min) {
      const keep = matching.slice(0, min - 1);
      mutations.push({ name: `only ${min - 1} file(s) like ${check.glob}`, folder: changedCopy(folder, (next) => matching.filter((p) => !keep.includes(p)).forEach((p) => next.delete(p))) });
    }
    return mutations;
  },

  identity: (check, folder, starter) => {
    // Each followed starter file and the one place its content is now.
    const followed = [...starter.entries()]
      .filter(([path]) => matchesGlob(path, check.from ?? '**'))
      .map(([path, bytes]) => ({ path, bytes, now: [...folder.entries()].filter(([, current]) => sameBytes(current, bytes)).map(([p]) => p) }))
      .filter((file) => file.now.length === 1)
      .map((file) => ({ ...file, place: file.now[0], rules: (check.rules ?? []).filter((rule) => matchesNameGlob(file.path, rule.files)) }));
    const mutations: Mutation[] = [];
    const move = (from: string, to: string) => changedCopy(folder, (next) => {
      const bytes = next.get(from);
      next.delete(from);
      if (bytes) next.set(to, bytes);
    });
    // Two files whose rules say different things, each given the other's name and place.
    const ruled = followed.filter((file) => file.rules.length > 0);
    for (let i = 0; i + 1 < ruled.length && mutations.length < 3; i += 1) {
      const a = ruled[i];
      const b = ruled.find((other) => JSON.stringify(other.rules) !== JSON.stringify(a.rules) && other.place !== a.place);
      if (!b) continue;
      mutations.push({ name: `${a.path} and ${b.path} swapped (${a.place} ⇄ ${b.place})`, folder: changedCopy(folder, (next) => { next.set(a.place, b.bytes); next.set(b.place, a.bytes); }) });
    }
    for (const file of followed.slice(0, 2)) {
      const dot = file.place.lastIndexOf('.');
      const renamed = dot > file.place.lastIndexOf('/') ? `${file.place.slice(0, dot)}-final${file.place.slice(dot)}` : `${file.place}-final`;
      if (check.keepName) mutations.push({ name: `${file.place} renamed while moving`, folder: move(file.place, renamed) });
      if (check.copies === false && !folder.has(file.path)) mutations.push({ name: `${file.path} copied, the original kept`, folder: changedCopy(folder, (next) => next.set(file.path, file.bytes)) });
      if (check.missing !== 'ignore') mutations.push({ name: `${file.place} deleted`, folder: changedCopy(folder, (next) => next.delete(file.place)) });
      const top = file.place.split('/').pop() ?? file.place;
      if (file.rules.some((rule) => rule.folder !== undefined) && top !== file.place && !folder.has(top)) mutations.push({ name: `${file.place} left at the top`, folder: move(file.place, top) });
    }
    if (check.allowNew && !matchesAnyGlob('organise_files.py', check.allowNew) && !folder.has('organise_files.py')) {
      mutations.push({ name: 'organise_files.py left behind', folder: changedCopy(folder, (next) => writeText(next, 'organise_files.py', 'import os\n')) });
    }
    return mutations;
  },

  items: (check, folder, starter) => {
    const outputs = outputTextFiles(folder, starter).filter((p) => matchesGlob(p, check.path));
    if (outputs.length === 0) return [];
    const mutations: Mutation[] = [];
    const people = new Map((check.people ?? []).map((person) => [person.id, Array.isArray(person.names) ? person.names : [person.names]]));
    // The item's own line in an output file: the first line naming it that also names its owner.
    const lineOf = (item: NonNullable<typeof check.required>[number]) => {
      for (const path of outputs) {
        const lines = readText(folder, path).split('\n');
        const index = lines.findIndex((line) => containsTerm(normalizeForMatch(line), item.match) && /^\s*(?:[-*+]|\d{1,3}[.)]|\|)/.test(line));
        if (index !== -1) return { path, lines, index };
      }
      return undefined;
    };
    const editLine = (at: NonNullable<ReturnType<typeof lineOf>>, line: string | undefined) =>
      changedCopy(folder, (next) => {
        const lines = [...at.lines];
        if (line === undefined) lines.splice(at.index, 1);
        else lines[at.index] = line;
        writeText(next, at.path, lines.join('\n'));
      });
    const required = check.required ?? [];
    for (const item of required.slice(0, 4)) {
      const at = lineOf(item);
      if (!at) continue;
      const line = at.lines[at.index];
      // Dropped: only the item's own line (its sub-lines, if any, then belong to the previous item).
      const hasChildren = /^\s+\S/.test(at.lines[at.index + 1] ?? '');
      if (!hasChildren) mutations.push({ name: `item “${firstSynonym(item.match)}” dropped`, folder: editLine(at, undefined) });
      // The due date one day later, in the same form.
      if (item.due) {
        const dates = findDates(line, { reference: check.referenceDate }).filter((date) => date.readings.some((r) => `${r.year}-${String(r.month).padStart(2, '0')}-${String(r.day).padStart(2, '0')}` === item.due));
        const date = dates[0];
        const digits = date ? /\d+/.exec(date.text) : null;
        if (date && digits && !/^\d{4}$/.test(digits[0])) {
          const shifted = date.text.replace(/\d+/, String(Number(digits[0]) + 1));
          mutations.push({ name: `“${firstSynonym(item.match)}” due a day later (${date.text} → ${shifted})`, folder: editLine(at, `${line.slice(0, date.start)}${shifted}${line.slice(date.end)}`) });
        }
      }
    }
    // Two items with different owners: each given the other's owner.
    const owned = required.filter((item) => item.owner && people.has(item.owner));
    for (let i = 0; i + 1 < owned.length && mutations.filter((m) => m.name.startsWith('owners of')).length < 2; i += 1) {
      const a = owned[i];
      const b = owned.find((other) => other.owner !== a.owner);
      const atA = lineOf(a);
      const atB = b ? lineOf(b) : undefined;
      if (!b || !atA || !atB || atA.path !== atB.path || atA.index === atB.index) continue;
      const namesA = people.get(a.owner as string) ?? [];
      const namesB = people.get(b.owner as string) ?? [];
      // Every way A is written in A's line becomes B (full name first, then single names), and back.
      const swap = (line: string, from: string[], to: string[]) => {
        const full = new RegExp(`${escapeRegExp(from[0])}\\s+${escapeRegExp(from[1] ?? '')}`, 'g');
        let next = from.length > 1 ? line.replace(full, `${to[0]} ${to[1] ?? ''}`.trim()) : line;
        for (const name of [...from].sort((x, y) => y.length - x.length)) next = next.split(name).join(to[0]);
        return next === line ? undefined : next;
      };
      const lineA = swap(atA.lines[atA.index], namesA, namesB);
      const lineB = swap(atB.lines[atB.index], namesB, namesA);
      if (!lineA || !lineB) continue;
      mutations.push({
        name: `owners of “${firstSynonym(a.match)}” and “${firstSynonym(b.match)}” swapped`,
        folder: changedCopy(folder, (next) => {
          const lines = [...atA.lines];
          lines[atA.index] = lineA;
          lines[atB.index] = lineB;
          writeText(next, atA.path, lines.join('\n'));
        }),
      });
    }
    // A forbidden thing listed as one more item, written like the first real one.
    const first = required.map(lineOf).find((at) => at !== undefined);
    if (first) {
      for (const item of (check.forbidden ?? []).slice(0, 3)) {
        const marker = /^\s*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,3}[.)]\s+(?:\[[ xX]\]\s+)?)/.exec(first.lines[first.index])?.[0];
        if (!marker) continue;
        const owner = [...people.values()][0]?.[0] ?? '';
        const extra = `${marker}${firstSynonym(item.match)} (owner: ${owner})`;
        mutations.push({
          name: `forbidden “${firstSynonym(item.match)}” listed as an item`,
          folder: changedCopy(folder, (next) => {
            const lines = [...first.lines];
            lines.splice(first.index, 0, extra);
            writeText(next, first.path, lines.join('\n'));
          }),
        });
      }
    }
    return mutations;
  },

  field: (check, folder, starter) => {
    const outputs = [...folder.keys()].filter((p) => matchesGlob(p, check.path) && !sameBytes(folder.get(p), starter.get(p)));
    const mutations: Mutation[] = [];
    const replacement = check.answer === 'choice' ? (check.options ?? []).map(firstSynonym).join(' / ') : check.answer === 'minutes' ? 'about an hour' : 'TBD';
    for (const path of outputs) {
      const lines = readText(folder, path).split('\n');
      // "Label: value" on one line (any colon): the value replaced by a non-answer.
      const index = lines.findIndex((line) => containsTerm(normalizeForMatch(line.split(/[:：]/)[0] ?? ''), check.label) && /[:：]\s*\S/.test(line) && !/^\s*\|/.test(line));
      if (index === -1) continue;
      const line = lines[index];
      const colon = line.search(/[:：]/);
      const bold = line.slice(colon + 1).match(/^\**\s*/)?.[0] ?? ' ';
      const changed = [...lines];
      changed[index] = `${line.slice(0, colon + 1)}${bold.includes('*') ? bold : ' '}${replacement}`;
      mutations.push({ name: `${firstSynonym(check.label)}: “${replacement}” instead of an answer`, folder: changedCopy(folder, (next) => writeText(next, path, changed.join('\n'))) });
      const emptied = [...lines];
      emptied[index] = line.slice(0, colon + 1);
      mutations.push({ name: `${firstSynonym(check.label)} left empty`, folder: changedCopy(folder, (next) => writeText(next, path, emptied.join('\n'))) });
    }
    return mutations;
  },

  heading: (check, folder, starter) =>
    outputTextFiles(folder, starter)
      .filter((p) => matchesGlob(p, check.path))
      .flatMap((path) => {
        const text = readText(folder, path);
        // An underlined title is a heading too; these mutations only know the # form.
        if (!/^#{1,6} /m.test(text) || /\n\s*(?:=+|-{3,})\s*(?:\n|$)/.test(text)) return [];
        return [
          { name: `${path}: the heading is a placeholder`, folder: changedCopy(folder, (next) => writeText(next, path, text.replace(/^(#{1,6}) .*$/gm, '$1 [Your Name]'))) },
          { name: `${path}: no heading at all`, folder: changedCopy(folder, (next) => writeText(next, path, text.replace(/^#{1,6} /gm, ''))) },
          { name: `${path}: emptied`, folder: changedCopy(folder, (next) => writeText(next, path, '')) },
        ];
      }),

  bullets: (check, folder, starter) =>
    outputTextFiles(folder, starter)
      .filter((p) => matchesGlob(p, check.path))
      .flatMap((path) => {
        const lines = readText(folder, path).split('\n');
        const top = lines.map((line, index) => (/^(?:[-*+•・]|\d{1,3}[.)])\s*\S/.test(line) ? index : -1)).filter((index) => index >= 0);
        const min = check.min ?? 1;
        if (top.length < min) return [];
        // Keep min - 1 top-level bullets (with their sub-points): one answer short.
        const dropFrom = top[min - 1];
        const kept = lines.filter((line, index) => index < dropFrom || !(index >= dropFrom && (/^(?:[-*+•・]|\d{1,3}[.)])\s*\S/.test(line) || /^\s+\S/.test(line))));
        return [{ name: `${path}: only ${min - 1} bullet point(s) left`, folder: changedCopy(folder, (next) => writeText(next, path, kept.join('\n'))) }];
      }),

  edits: (check, folder, starter) => {
    const mutations: Mutation[] = [];
    const edited = [...folder.keys()].filter((p) => starter.has(p) && matchesAnyGlob(p, Array.isArray(check.paths) ? check.paths : [check.paths]) && isTextPath(p)).slice(0, 6);
    for (const path of edited) {
      const text = readText(folder, path);
      // A number the document already had, one digit changed (a price, a date, an allowance).
      const number = findNumbers(text).find((found) => found.text.replace(/\D/g, '').length >= 2 && readText(starter, path).includes(found.text));
      if (number) {
        const at = text.indexOf(number.text);
        const digit = number.text.search(/\d(?=\D*$)/);
        const changed = `${number.text.slice(0, digit)}${(Number(number.text[digit]) + 1) % 10}${number.text.slice(digit + 1)}`;
        mutations.push({ name: `${path}: ${number.text} changed to ${changed}`, folder: changedCopy(folder, (next) => writeText(next, path, `${text.slice(0, at)}${changed}${text.slice(at + number.text.length)}`)) });
      }
      const lines = text.split('\n');
      const sentence = lines.findIndex((line) => /[a-z]{3,}.*[.。]\s*$/.test(line) && !/^#/.test(line));
      if (sentence !== -1) {
        const improved = [...lines];
        improved[sentence] = `${lines[sentence]} This makes it even easier for your whole team.`;
        mutations.push({ name: `${path}: a sentence “improved”`, folder: changedCopy(folder, (next) => writeText(next, path, improved.join('\n'))) });
      }
    }
    return mutations.slice(0, 8);
  },

  placement: (check, folder) =>
    check.rules.slice(0, 4).flatMap((rule) => {
      const file = [...folder.keys()].find((path) => matchesNameGlob(path, rule.files) && path.includes('/'));
      if (!file) return [];
      const loose = file.split('/').pop() ?? file;
      if (folder.has(loose)) return [];
      return [{ name: `${file} left at the top`, folder: changedCopy(folder, (next) => { const bytes = next.get(file); next.delete(file); if (bytes) next.set(loose, bytes); }) }];
    }),
};

/** A helper script left behind: wrong whenever the exercise limits what may change. */
export function helperLeftBehind(exercise: ExerciseConfig, folder: Folder): Mutation[] {
  const scope = exercise.checks.find((check) => check.type === 'scope');
  if (!scope || scope.type !== 'scope') return [];
  const helper = 'organise_files.py';
  if (matchesAnyGlob(helper, scope.allow) || folder.has(helper)) return [];
  return [{ name: `${helper} left behind`, folder: changedCopy(folder, (next) => writeText(next, helper, 'import os\nfor name in os.listdir("."):\n    print(name)\n')) }];
}

export function mutationsFor(exercise: ExerciseConfig, folder: Folder, starter: Folder): Mutation[] {
  const mutations: Mutation[] = [];
  for (const check of exercise.checks) {
    const make = MUTATIONS[check.type] as MutationsOf<typeof check.type> | undefined;
    if (make) mutations.push(...make(check as never, folder, starter, exercise));
  }
  mutations.push(...helperLeftBehind(exercise, folder));
  // Two checks may propose the same change (both follow the same file): judge it once.
  const seen = new Set<string>();
  return mutations.filter((mutation) => !seen.has(mutation.name) && seen.add(mutation.name));
}
