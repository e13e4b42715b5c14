import { findNumbers } from '../../../src/exercises/numbers.js';
import type { Check, ExerciseConfig, Term } from '../../../src/exercises/pack-schema.js';
import { matchesAnyGlob, matchesGlob, matchesNameGlob } from '../../../src/exercises/glob.js';
import { containsTerm, normalizeForMatch, termVariants } from '../../../src/exercises/text.js';
import { type Folder, copyFolder, outputTextFiles, readText, sameBytes, writeText } from './folder.js';

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
