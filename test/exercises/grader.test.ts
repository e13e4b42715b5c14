import { describe, expect, it } from 'vitest';
import { grade } from '../../src/exercises/grader.js';
import { ExerciseSchema } from '../../src/exercises/pack-schema.js';
import { snapshotFromEntries } from '../../src/exercises/snapshot.js';

const exercise = ExerciseSchema.parse({
  id: 'demo',
  title: 'Demo',
  minutes: 5,
  suggestedPrompt: 'Write summary.md',
  checks: [
    { type: 'exists', path: 'summary.md', message: 'Create summary.md.', points: 2 },
    { id: 'mentions-budget', type: 'contains', path: 'summary.md', all: ['budget'], message: 'Mention the budget.', hint: 'Ask about the budget.' },
    { type: 'unchanged', paths: ['notes.txt'], message: 'Keep notes.txt.' },
  ],
});

const baseline = snapshotFromEntries({ 'notes.txt': 'notes' });

describe('grading an exercise', () => {
  it('passes when every check passes, with the score as the sum of points', () => {
    const result = grade(snapshotFromEntries({ 'notes.txt': 'notes', 'summary.md': 'Budget: ok' }), baseline, exercise);
    expect(result).toMatchObject({ passed: true, checksPassed: true, score: 4, maxScore: 4, noChange: false, failingChecks: [] });
    expect(result.checks.map((c) => c.id)).toEqual(['1-exists', 'mentions-budget', '3-unchanged']);
  });

  it('fails listing the stable ids of failing checks, with their messages and hints', () => {
    const result = grade(snapshotFromEntries({ 'notes.txt': 'edited', 'summary.md': 'nothing' }), baseline, exercise);
    expect(result.passed).toBe(false);
    expect(result.score).toBe(2);
    expect(result.failingChecks).toEqual(['mentions-budget', '3-unchanged']);
    expect(result.checks[1]).toMatchObject({ passed: false, message: 'Mention the budget.', hint: 'Ask about the budget.' });
  });

  it('passes on passScore even when a check fails', () => {
    const lenient = { ...exercise, passScore: 3 };
    const result = grade(snapshotFromEntries({ 'notes.txt': 'notes', 'summary.md': 'nothing' }), baseline, lenient);
    expect(result).toMatchObject({ passed: true, score: 3, failingChecks: ['mentions-budget'] });
    expect(grade(snapshotFromEntries({ 'notes.txt': 'x', 'summary.md': 'nothing' }), baseline, lenient).passed).toBe(false);
  });

  it('reports noChange, and never passes, when the folder equals the baseline', () => {
    const alreadyDone = snapshotFromEntries({ 'notes.txt': 'notes', 'summary.md': 'budget' });
    const result = grade(alreadyDone, alreadyDone, exercise);
    expect(result.noChange).toBe(true);
    expect(result.checksPassed).toBe(true);
    expect(result.passed).toBe(false);
  });

  it('lists what changed since the baseline', () => {
    const result = grade(snapshotFromEntries({ 'summary.md': 'budget', 'extra/': '' }), snapshotFromEntries({ 'notes.txt': 'n', 'summary.md': 'old' }), exercise);
    expect(result.changes).toEqual({ added: [], removed: ['notes.txt'], modified: ['summary.md'] });
  });

  it('a check that throws fails on its own instead of ending the grading', () => {
    const broken = { checks: [{ type: 'matches' as const, path: 'a.txt', regex: '(', message: 'm' }, exercise.checks[0]] };
    const result = grade(snapshotFromEntries({ 'a.txt': 'x', 'summary.md': '' }), baseline, broken);
    expect(result.checks[0].passed).toBe(false);
    expect(result.checks[0].findings[0].code).toBe('crashed');
    expect(result.checks[1].passed).toBe(true);
  });
});
