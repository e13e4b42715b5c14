import { checkBullets, checkCountReal, checkField, checkHeading, countsRealFiles } from './checks/answer-checks.js';
import { type CheckOutcome, GradeContext, failed } from './checks/context.js';
import { checkJson, checkNumber, checkTable } from './checks/data-checks.js';
import { checkEdits } from './checks/edits.js';
import { checkAbsent, checkCount, checkExists, checkPlacement, checkPreserved, checkScope, checkUnchanged } from './checks/file-checks.js';
import { checkChecklist, checkContains, checkMatches } from './checks/text-checks.js';
import { checkIdentity } from './checks/identity-checks.js';
import { checkItems } from './checks/items-checks.js';
import { describeFindings } from './feedback.js';
import { type Finding, finding } from './findings.js';
import { type Check, type CheckType, type ExerciseConfig, type LocalizedText, checkId } from './pack-schema.js';
import { type SnapshotChanges, type WorkspaceSnapshot, compareSnapshots } from './snapshot.js';

/**
 * The grader: a pure function of (current snapshot, baseline snapshot, exercise). No disk, no clock,
 * no network, so every check type is tested with in-memory workspaces, and `dev check`, `next` and
 * `rehearse` all judge with exactly the same code.
 */
export interface CheckResult {
  id: string;
  type: CheckType;
  passed: boolean;
  points: number;
  message: LocalizedText;
  hint?: LocalizedText;
  /** What the check found (empty when it passed); renderers word them in the reader's language. */
  findings: Finding[];
  /** The findings in English, for pack authors (`dev check`, rehearsal logs). */
  detail?: string;
}

export interface GradeResult {
  /** The verdict: checks passed (or the score reached passScore) and something changed. */
  passed: boolean;
  /** The verdict of the checks alone, ignoring whether anything changed (what `dev check` judges). */
  checksPassed: boolean;
  score: number;
  maxScore: number;
  /** Nothing was added, removed or edited since the baseline. */
  noChange: boolean;
  changes: SnapshotChanges;
  checks: CheckResult[];
  failingChecks: string[];
}

type Evaluator<T extends CheckType> = (check: Extract<Check, { type: T }>, ctx: GradeContext) => CheckOutcome;

const EVALUATORS: { [T in CheckType]: Evaluator<T> } = {
  exists: checkExists,
  absent: checkAbsent,
  preserved: checkPreserved,
  unchanged: checkUnchanged,
  contains: checkContains,
  matches: checkMatches,
  checklist: checkChecklist,
  table: checkTable,
  number: checkNumber,
  json: checkJson,
  count: (check, ctx) => (countsRealFiles(check) ? checkCountReal(check, ctx) : checkCount(check, ctx)),
  placement: checkPlacement,
  scope: checkScope,
  identity: checkIdentity,
  field: checkField,
  heading: checkHeading,
  bullets: checkBullets,
  items: checkItems,
  edits: checkEdits,
};

function evaluate(check: Check, ctx: GradeContext): CheckOutcome {
  const evaluator = EVALUATORS[check.type] as Evaluator<typeof check.type>;
  try {
    return evaluator(check as never, ctx);
  } catch (error) {
    // A check must never take the whole grading down (a pathological file, a parser corner case):
    // it fails with the reason, and the other checks still report.
    return failed(finding('crashed', { reason: (error as Error).message }));
  }
}

export type GradableExercise = Pick<ExerciseConfig, 'checks' | 'passScore'>;

export function grade(current: WorkspaceSnapshot, baseline: WorkspaceSnapshot, exercise: GradableExercise): GradeResult {
  const changes = compareSnapshots(baseline, current);
  const noChange = changes.added.length === 0 && changes.removed.length === 0 && changes.modified.length === 0;
  const ctx = new GradeContext(current, baseline, changes);

  const checks: CheckResult[] = exercise.checks.map((check, index) => {
    const outcome = evaluate(check, ctx);
    const findings = outcome.passed ? [] : (outcome.findings ?? []);
    const detail = describeFindings(findings, 'en');
    return {
      id: checkId(check, index),
      type: check.type,
      passed: outcome.passed,
      points: check.points ?? 1,
      message: check.message,
      ...(check.hint !== undefined ? { hint: check.hint } : {}),
      findings,
      ...(detail !== undefined ? { detail } : {}),
    };
  });

  const score = checks.reduce((sum, check) => sum + (check.passed ? check.points : 0), 0);
  const maxScore = checks.reduce((sum, check) => sum + check.points, 0);
  const allPassed = checks.every((check) => check.passed);
  const checksPassed = allPassed || (exercise.passScore !== undefined && score >= exercise.passScore);
  return {
    passed: checksPassed && !noChange,
    checksPassed,
    score,
    maxScore,
    noChange,
    changes,
    checks,
    failingChecks: checks.filter((check) => !check.passed).map((check) => check.id),
  };
}
