import { median } from '../core/stats.js';
import type { ExerciseSummary, RunRecord } from './types.js';

/**
 * Folding run records into the per-exercise rows of the rehearsal report. Pure, so the arithmetic of
 * medians and token counts is tested without running Codex.
 */
const oneDecimal = (n: number) => Math.round(n * 10) / 10;

export function summarizeExercise(id: string, title: string, records: RunRecord[]): ExerciseSummary {
  const tokenCounts = records.map((r) => r.tokens).filter((t): t is number => t !== undefined);
  const tokens = median(tokenCounts);
  return {
    id,
    title,
    runs: records.length,
    passed: records.filter((r) => r.passed).length,
    medianSeconds: oneDecimal(median(records.map((r) => r.seconds)) ?? 0),
    tokens: tokens === undefined ? null : Math.round(tokens),
    tokensTotal: tokenCounts.length ? tokenCounts.reduce((a, b) => a + b, 0) : null,
    failures: records
      .filter((r) => !r.passed)
      .map((r) => ({
        run: r.run,
        outcome: r.outcome,
        ...(r.reason ? { reason: r.reason } : {}),
        failedChecks: r.failedChecks,
        notes: r.notes,
        ...(r.keptFolder ? { keptFolder: r.keptFolder } : {}),
      })),
  };
}
