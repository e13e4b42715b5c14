import { describeFindings } from './feedback.js';
import type { CheckResult, GradeResult } from './grader.js';
import { localize } from './language.js';
import type { FinishView, GradedView, NextOutcome, SetupView } from './session.js';

/**
 * The `--json` shapes of the exercise commands: one document on stdout, stable field names, texts in
 * the participant's language. `workshop next --json` →
 * { action: "setup" | "graded" | "finished", exercise: {id, folder, …}, result?: {passed, score,
 *   noChange, checks: [{type, passed, message, …}], …}, next?: {id, folder, …} }.
 */
function exerciseJson(setupOrGraded: { exercise: SetupView['exercise'] }) {
  const { id, folder, title, position, total } = setupOrGraded.exercise;
  return { id, folder, title, position, total };
}

export function setupJson(setup: SetupView) {
  return {
    ...exerciseJson(setup),
    minutes: setup.minutes,
    resumed: setup.resumed,
    suggestedPrompt: setup.suggestedPrompt,
    startCommand: setup.start.command,
    shell: setup.start.shell,
    brief: setup.brief,
  };
}

function checkJson(check: CheckResult, lang: string, fallback: string) {
  return {
    id: check.id,
    type: check.type,
    passed: check.passed,
    points: check.points,
    message: localize(check.message, lang, fallback),
    // `findings` carry the meaning as codes and values; `detail` is the same in the reader's words.
    findings: check.findings,
    ...(check.findings.length ? { detail: describeFindings(check.findings, lang) } : {}),
    ...(!check.passed && check.hint !== undefined ? { hint: localize(check.hint, lang, fallback) } : {}),
  };
}

export function resultJson(result: GradeResult, lang: string, fallback: string) {
  return {
    passed: result.passed,
    score: result.score,
    maxScore: result.maxScore,
    noChange: result.noChange,
    failingChecks: result.failingChecks,
    changes: result.changes,
    checks: result.checks.map((check) => checkJson(check, lang, fallback)),
  };
}

function gradedJson(graded: GradedView, lang: string, fallback: string) {
  return {
    exercise: exerciseJson(graded),
    attempt: graded.attempt,
    result: resultJson(graded.result, lang, fallback),
    evidence: graded.evidence,
    ...(graded.hint ? { hint: graded.hint } : {}),
  };
}

function finishJson(finish: FinishView) {
  return { packId: finish.packId, packTitle: finish.packTitle, exercises: finish.exercises };
}

export function nextJson(outcome: NextOutcome, lang: string, fallback: string) {
  switch (outcome.action) {
    case 'setup':
      return { action: 'setup', exercise: setupJson(outcome.setup) };
    case 'finished':
      return { action: 'finished', exercise: null, finished: true, summary: finishJson(outcome.finished) };
    case 'graded':
      return {
        action: 'graded',
        ...gradedJson(outcome.graded, lang, fallback),
        ...(outcome.next ? { next: setupJson(outcome.next) } : {}),
        ...(outcome.finished ? { finished: true, summary: finishJson(outcome.finished) } : {}),
      };
  }
}
