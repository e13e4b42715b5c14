import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ExitCode, UserError } from '../core/errors.js';
import { isInside } from '../core/paths.js';
import { formatZodIssues } from '../core/validation.js';
import { localize } from './language.js';
import {
  type Check,
  type ExerciseConfig,
  ExerciseSchema,
  type PackConfig,
  PackSchema,
  type Term,
  type VariantExpectation,
  VariantExpectationSchema,
  checkId,
  variantTraps,
} from './pack-schema.js';
import { termVariants } from './text.js';

/**
 * Loads an exercise pack and checks everything that can be checked without reading the exercise
 * files themselves: JSON syntax, the schemas, folder names, ids, briefs, regular expressions, terms.
 * Every problem names its file and field; all problems are reported at once, so an author fixes a
 * pack in one go. A broken pack is exit code 2.
 */
export interface LoadedExercise {
  id: string;
  dir: string;
  config: ExerciseConfig;
  checkIds: string[];
  /** Absent when the exercise starts from an empty folder. */
  starterDir?: string;
  solutionDir: string;
  /** Brief file per pack language. */
  briefFiles: Record<string, string>;
}

export interface LoadedPack {
  dir: string;
  config: PackConfig;
  exercises: LoadedExercise[];
}

export interface VariantRef {
  name: string;
  dir: string;
  expectation: VariantExpectation;
  /** What is wrong with the variant's expect.json itself (unknown ids): the case is a mismatch. */
  problems?: string[];
}

export class PackProblems extends UserError {
  constructor(
    readonly packDir: string,
    readonly problems: string[],
  ) {
    super(
      `The exercise pack in ${packDir} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Pack authors: fix these and run `workshop dev check`. Participants: tell your facilitator.',
      ExitCode.usage,
    );
    this.name = 'PackProblems';
  }
}

type Parsed<T> = { ok: true; data: T } | { ok: false; problem: string };

async function readJson<S extends z.ZodType>(file: string, schema: S): Promise<Parsed<z.infer<S>>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problem: code === 'ENOENT' ? `${file}: the file is missing` : `${file}: cannot be read (${(error as Error).message})` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, problem: `${file}: not valid JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, problem: `${file}: ${formatZodIssues(parsed.error)}` };
}

async function isDirectory(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function isFile(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}

/**
 * A pack file that is a link must point inside the pack (the starter's rule, for every file the engine
 * reads: exercise.json, briefs): a hostile pack must not make `workshop brief` print ~/.ssh/id_rsa.
 */
async function linkProblem(file: string, realPackDir: string): Promise<string | undefined> {
  const stat = await fs.lstat(file).catch(() => undefined);
  if (!stat?.isSymbolicLink()) return undefined;
  const target = await fs.realpath(file).catch(() => undefined);
  if (target === undefined) return `${file}: is a link to something that does not exist; put the file itself there`;
  if (!isInside(realPackDir, target)) return `${file}: is a link pointing outside the pack (to ${target}); put the file itself there`;
  return undefined;
}

/** Terms that normalise to nothing ("**", " ") would match every file: an authoring mistake. */
function emptyTermProblems(check: Check, index: number): string[] {
  const problems: string[] = [];
  const inspect = (term: Term, field: string) => {
    if (termVariants(term).length < (Array.isArray(term) ? term.length : 1)) {
      problems.push(`checks[${index}].${field}: ${JSON.stringify(term)} has nothing left to match once case, spaces and markdown marks are ignored`);
    }
  };
  if (check.type === 'contains') {
    for (const key of ['all', 'any', 'none'] as const) check[key]?.forEach((term, i) => inspect(term, `${key}[${i}]`));
  }
  if (check.type === 'checklist') check.items?.forEach((term, i) => inspect(term, `items[${i}]`));
  if (check.type === 'table') check.columns?.forEach((term, i) => inspect(term, `columns[${i}]`));
  if (check.type === 'number') {
    inspect(check.label, 'label');
    check.others?.forEach((term, i) => inspect(term, `others[${i}]`));
  }
  if (check.type === 'placement') check.rules.forEach((rule, i) => inspect(rule.folder, `rules[${i}].folder`));
  if (check.type === 'identity') check.rules?.forEach((rule, i) => rule.folder !== undefined && inspect(rule.folder, `rules[${i}].folder`));
  // --- answers ---
  if (check.type === 'field') {
    inspect(check.label, 'label');
    check.options?.forEach((term, i) => inspect(term, `options[${i}]`));
    if (check.atMost !== undefined) inspect(check.atMost, 'atMost');
  }
  if (check.type === 'heading') check.generic?.forEach((term, i) => inspect(term, `generic[${i}]`));
  if (check.type === 'bullets') {
    check.items?.forEach((term, i) => inspect(term, `items[${i}]`));
    check.generic?.forEach((term, i) => inspect(term, `generic[${i}]`));
  }
  // --- items ---
  if (check.type === 'items') {
    check.people?.forEach((person, i) => inspect(person.names, `people[${i}].names`));
    check.required?.forEach((item, i) => inspect(item.match, `required[${i}].match`));
    check.forbidden?.forEach((item, i) => inspect(item.match, `forbidden[${i}].match`));
    if (check.ignoreSections !== undefined) inspect(check.ignoreSections, 'ignoreSections');
  }
  if (check.type === 'edits') {
    check.replace?.forEach((rule, i) => {
      inspect(rule.from, `replace[${i}].from`);
      inspect(rule.to, `replace[${i}].to`);
    });
    check.restore?.forEach((rule, i) => inspect(rule.section, `restore[${i}].section`));
  }
  return problems;
}

async function loadExercise(packDir: string, realPackDir: string, name: string, pack: PackConfig, problems: string[]): Promise<LoadedExercise | undefined> {
  const dir = path.join(packDir, name);
  if (!(await isDirectory(dir))) {
    problems.push(`${path.join(packDir, 'pack.json')}: exercises: the folder "${name}" does not exist in ${packDir}`);
    return undefined;
  }
  const realDir = await fs.realpath(dir);
  if (!isInside(realPackDir, realDir)) {
    problems.push(`${dir}: the exercise folder is a link pointing outside the pack (to ${realDir})`);
    return undefined;
  }
  const file = path.join(dir, 'exercise.json');
  const fileLink = await linkProblem(file, realPackDir);
  if (fileLink) {
    problems.push(fileLink);
    return undefined;
  }
  const parsed = await readJson(file, ExerciseSchema);
  if (!parsed.ok) {
    problems.push(parsed.problem);
    return undefined;
  }
  const config = parsed.data;
  const before = problems.length;
  if (config.id !== name) problems.push(`${file}: id: is "${config.id}" but the folder is named "${name}"; they must be the same`);
  config.checks.forEach((check, index) => problems.push(...emptyTermProblems(check, index).map((p) => `${file}: ${p}`)));

  const briefFiles: Record<string, string> = {};
  for (const [index, lang] of pack.languages.entries()) {
    const brief = path.join(dir, index === 0 ? 'brief.md' : `brief.${lang}.md`);
    const briefLink = await linkProblem(brief, realPackDir);
    if (briefLink) problems.push(briefLink);
    else if (await isFile(brief)) briefFiles[lang] = brief;
    else problems.push(`${brief}: the brief${index === 0 ? '' : ` in "${lang}" (pack.json languages[${index}])`} is missing`);
  }
  const starter = path.join(dir, 'starter');
  const starterDir = (await isDirectory(starter)) ? starter : undefined;
  if (!starterDir && (await fs.lstat(starter).then(() => true, () => false))) problems.push(`${starter}: must be a folder`);
  const solutionDir = path.join(dir, 'solution');
  if (!(await isDirectory(solutionDir))) problems.push(`${solutionDir}: the solution folder (one complete, correct end state) is missing`);
  if (problems.length > before) return undefined;
  return { id: config.id, dir, config, checkIds: config.checks.map((check, index) => checkId(check, index)), starterDir, solutionDir, briefFiles };
}

export async function loadPack(packDir: string): Promise<LoadedPack> {
  const dir = path.resolve(packDir);
  const packFile = path.join(dir, 'pack.json');
  if (!(await isFile(packFile))) {
    throw new UserError(
      (await isDirectory(dir))
        ? `${dir} is not an exercise pack: it has no pack.json. Pass the pack folder with --pack DIR.`
        : `There is no exercise pack at ${dir}. Pass the pack folder with --pack DIR.`,
      ExitCode.usage,
    );
  }
  const parsed = await readJson(packFile, PackSchema);
  if (!parsed.ok) throw new PackProblems(dir, [parsed.problem]);
  const config = parsed.data;
  const realDir = await fs.realpath(dir);
  const problems: string[] = [];
  const exercises: LoadedExercise[] = [];
  for (const name of config.exercises) {
    const exercise = await loadExercise(dir, realDir, name, config, problems);
    if (exercise) exercises.push(exercise);
  }
  if (problems.length > 0) throw new PackProblems(dir, problems);
  return { dir, config, exercises };
}

export function findExercise(pack: LoadedPack, id: string): LoadedExercise | undefined {
  return pack.exercises.find((exercise) => exercise.id === id);
}

export function requireExercise(pack: LoadedPack, id: string): LoadedExercise {
  const exercise = findExercise(pack, id);
  if (!exercise) {
    throw new UserError(`There is no exercise "${id}" in this pack. The exercises are: ${pack.exercises.map((e) => e.id).join(', ')}.`, ExitCode.usage);
  }
  return exercise;
}

/** The variants of an exercise (for `dev check`), each with its validated expect.json. */
export async function loadVariants(exercise: LoadedExercise): Promise<VariantRef[]> {
  const root = path.join(exercise.dir, 'variants');
  if (!(await isDirectory(root))) return [];
  const names = (await fs.readdir(root, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const problems: string[] = [];
  const variants: VariantRef[] = [];
  for (const name of names) {
    const dir = path.join(root, name);
    const parsed = await readJson(path.join(dir, 'expect.json'), VariantExpectationSchema);
    if (!parsed.ok) problems.push(parsed.problem);
    else {
      // Ids the exercise does not have (a variant written against an earlier version of the pack) make
      // that one case a mismatch with the reason, never the whole pack unreadable: every other
      // variant is still judged.
      const unknown = (parsed.data.failing ?? []).filter((id) => !exercise.checkIds.includes(id));
      const trapIds = exercise.config.traps.map((trap) => trap.id);
      const unknownTraps = variantTraps(parsed.data).filter((id) => !trapIds.includes(id));
      const variantProblems = [
        ...(unknown.length ? [`expect.json: failing: unknown check id(s) ${unknown.join(', ')}; the ids are ${exercise.checkIds.join(', ')}`] : []),
        ...(unknownTraps.length
          ? [`expect.json: trap: unknown trap id(s) ${unknownTraps.join(', ')}; ${trapIds.length ? `the traps are ${trapIds.join(', ')}` : `${exercise.id} lists no traps`}`]
          : []),
      ];
      variants.push({ name, dir, expectation: parsed.data, ...(variantProblems.length ? { problems: variantProblems } : {}) });
    }
  }
  if (problems.length > 0) throw new PackProblems(path.dirname(exercise.dir), problems);
  return variants;
}

export async function readBrief(exercise: LoadedExercise, lang: string, packLanguages: readonly string[]): Promise<string> {
  const file = exercise.briefFiles[lang] ?? exercise.briefFiles[packLanguages[0]];
  const text = await fs.readFile(file, 'utf8');
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').trimEnd();
}

export function exerciseTitle(exercise: LoadedExercise, lang: string, packLanguages: readonly string[]): string {
  return localize(exercise.config.title, lang, packLanguages[0]);
}
