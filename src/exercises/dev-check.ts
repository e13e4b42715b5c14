import { adversarialTexts, countMatchesBounded } from './checks/bounded-regex.js';
import { type GradeResult, grade } from './grader.js';
import { localize } from './language.js';
import { type LoadedPack, loadVariants } from './pack-loader.js';
import { checkId, variantTraps } from './pack-schema.js';
import { emptySnapshot } from './snapshot.js';
import { readFolderSnapshot } from './snapshot-reader.js';

/**
 * `workshop dev check`: proves a pack's graders against its own examples, like rustlings' dev check.
 * For each exercise: the untouched starter must fail (on its checks alone, not merely because nothing
 * changed), solution/ must pass, and each variant must get the verdict in its expect.json (and, when
 * it lists them, exactly those failing checks).
 */
export interface DevCheckCase {
  exercise: string;
  case: string;
  expected: 'pass' | 'fail';
  got: 'pass' | 'fail';
  score: number;
  maxScore: number;
  failingChecks: string[];
  expectedFailing?: string[];
  ok: boolean;
  /** For a mismatch: why each failing check failed. */
  details?: string[];
}

/** A trap of exercise.json and the failing variants that prove the grader catches it. */
export interface DevCheckTrap {
  exercise: string;
  id: string;
  words: string;
  variants: string[];
  /** At least one variant names the trap and every one of them got its expected verdict. */
  ok: boolean;
}

export interface DevCheckReport {
  pack: { id: string; version: string; dir: string };
  ok: boolean;
  cases: DevCheckCase[];
  traps: DevCheckTrap[];
  /** `matches` checks whose pattern ran past the time bound on text made to make it backtrack. */
  slowPatterns: Array<{ exercise: string; check: string }>;
}

/** A pattern must finish these texts well inside the grading budget to count as safe. */
const PROBE_BUDGET_MS = 100;

function describeFailures(result: GradeResult): string[] {
  return result.checks.filter((check) => !check.passed).map((check) => `${check.id}: ${check.detail ?? 'failed'}`);
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().every((value, index) => value === [...b].sort()[index]);
}

export async function devCheck(pack: LoadedPack): Promise<DevCheckReport> {
  const cases: DevCheckCase[] = [];
  const traps: DevCheckTrap[] = [];
  const slowPatterns: DevCheckReport['slowPatterns'] = [];
  for (const exercise of pack.exercises) {
    const starter = exercise.starterDir ? await readFolderSnapshot(exercise.starterDir, { mode: 'pack' }) : emptySnapshot();
    const judge = (name: string, expected: 'pass' | 'fail', result: GradeResult, verdict: boolean, expectedFailing?: string[], problems: string[] = []) => {
      const got = verdict ? 'pass' : 'fail';
      const ok = problems.length === 0 && got === expected && (expectedFailing === undefined || sameSet(expectedFailing, result.failingChecks));
      cases.push({
        exercise: exercise.id,
        case: name,
        expected,
        got,
        score: result.score,
        maxScore: result.maxScore,
        failingChecks: result.failingChecks,
        ...(expectedFailing ? { expectedFailing } : {}),
        ok,
        ...(ok ? {} : { details: [...problems, ...(result.noChange && expected === 'pass' ? ['the folder is identical to the starter (nothing changed)'] : describeFailures(result))] }),
      });
    };

    const untouched = grade(starter, starter, exercise.config);
    judge('starter', 'fail', untouched, untouched.checksPassed);

    const solution = await readFolderSnapshot(exercise.solutionDir, { mode: 'pack' });
    const solved = grade(solution, starter, exercise.config);
    judge('solution', 'pass', solved, solved.passed);

    const variants = await loadVariants(exercise);
    for (const variant of variants) {
      const snapshot = await readFolderSnapshot(variant.dir, { mode: 'pack', exclude: (relative) => relative === 'expect.json' });
      const result = grade(snapshot, starter, exercise.config);
      judge(`variants/${variant.name}`, variant.expectation.pass ? 'pass' : 'fail', result, result.passed, variant.expectation.failing, variant.problems);
    }

    exercise.config.checks.forEach((check, index) => {
      if (check.type !== 'matches') return;
      const pattern = new RegExp(check.regex, [...new Set(`${check.flags ?? ''}g`)].join(''));
      if (countMatchesBounded(pattern, adversarialTexts(check.regex), PROBE_BUDGET_MS) === 'timeout') slowPatterns.push({ exercise: exercise.id, check: checkId(check, index) });
    });

    for (const trap of exercise.config.traps) {
      const testing = variants.filter((variant) => variantTraps(variant.expectation).includes(trap.id)).map((variant) => `variants/${variant.name}`);
      const allRight = testing.every((name) => cases.find((c) => c.exercise === exercise.id && c.case === name)?.ok);
      traps.push({ exercise: exercise.id, id: trap.id, words: localize(trap.words, 'en', pack.config.languages[0]), variants: testing, ok: testing.length > 0 && allRight });
    }
  }
  return {
    pack: { id: pack.config.id, version: pack.config.version, dir: pack.dir },
    ok: cases.every((c) => c.ok) && traps.every((trap) => trap.ok) && slowPatterns.length === 0,
    cases,
    traps,
    slowPatterns,
  };
}
