import { describe, expect, it } from 'vitest';
import { classifyExecRun } from '../../src/codex/exec-outcome.js';
import { parseCodexVersion } from '../../src/rehearse/codex-version.js';
import { renderReport, reportJson, runLine } from '../../src/rehearse/render.js';
import { stepProblems, usageTokens } from '../../src/rehearse/run-once.js';
import { median } from '../../src/core/stats.js';
import { summarizeExercise } from '../../src/rehearse/summary.js';
import type { RehearsalReport, RunRecord } from '../../src/rehearse/types.js';

/** The arithmetic and the rendering of a rehearsal report, without running Codex. */
function record(run: number, overrides: Partial<RunRecord> = {}): RunRecord {
  return { exerciseId: '03-meeting-actions', run, outcome: 'passed', passed: true, seconds: 1, failedChecks: [], notes: [], ...overrides };
}

function report(records: RunRecord[], overrides: Partial<RehearsalReport> = {}): RehearsalReport {
  const summary = summarizeExercise('03-meeting-actions', 'Meeting notes to actions', records);
  return {
    mode: 'live',
    pack: { id: 'codex-workshop-basics', version: '1.0.0', dir: '/pack' },
    codex: { version: '0.169.0', path: '/usr/local/bin/codex' },
    model: 'gpt-5-mini',
    language: 'en',
    timeoutSeconds: 300,
    exercises: [summary],
    ok: summary.passed === summary.runs,
    ...overrides,
  };
}

describe('rehearsal summary', () => {
  it('takes the median of run times and of tokens per run, and sums the tokens', () => {
    const summary = summarizeExercise('x', 'X', [record(1, { seconds: 40.04, tokens: 9000 }), record(2, { seconds: 12.31, tokens: 12000 }), record(3, { seconds: 20.26, tokens: 10000 })]);
    expect(summary).toMatchObject({ runs: 3, passed: 3, medianSeconds: 20.3, tokens: 10000, tokensTotal: 31000, failures: [] });
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });

  it('counts failed runs and keeps why they failed; tokens are null when Codex reported none', () => {
    const summary = summarizeExercise('x', 'X', [
      record(1, { outcome: 'timed_out', passed: false, seconds: 300, reason: 'Codex did not finish within 300 s and was stopped' }),
      record(2, { outcome: 'passed', seconds: 50 }),
    ]);
    expect(summary).toMatchObject({ runs: 2, passed: 1, medianSeconds: 175, tokens: null, tokensTotal: null });
    expect(summary.failures).toEqual([{ run: 1, outcome: 'timed_out', reason: 'Codex did not finish within 300 s and was stopped', failedChecks: [], notes: [] }]);
  });

  it('counts input and output tokens from turn.completed (cached input is part of input)', () => {
    expect(usageTokens({ input_tokens: 1200, cached_input_tokens: 1000, output_tokens: 34, reasoning_output_tokens: 20 })).toBe(1234);
    expect(usageTokens(undefined)).toBeUndefined();
    expect(usageTokens({})).toBeUndefined();
  });

  it('reads the Codex version from `codex --version`', () => {
    expect(parseCodexVersion('codex-cli 0.169.0')).toBe('0.169.0');
    expect(parseCodexVersion('codex-cli 0.170.0-alpha.2\n')).toBe('0.170.0-alpha.2');
    expect(parseCodexVersion('nothing here')).toBeUndefined();
  });
});

describe('what went wrong inside a Codex turn', () => {
  it('names commands that exited non-zero and patches Codex refused', () => {
    const stdout = [
      JSON.stringify({ type: 'item.completed', item: { type: 'command_execution', command: "/bin/bash -lc 'mv *.pdf invoices/'", aggregated_output: 'mv: cannot stat *.pdf: No such file\n', exit_code: 1, status: 'failed' } }),
      JSON.stringify({ type: 'item.completed', item: { type: 'command_execution', command: 'ls', aggregated_output: '', exit_code: 0, status: 'completed' } }),
      '{"type":"turn.completed","usage":{"input_tokens":1,"output_tokens":1}}',
    ].join('\n');
    const stderr = '2026-11-21T01:06:47Z ERROR codex_core::tools::router: error=apply_patch verification failed: Failed to read file to update /w/notes.md';
    const problems = stepProblems(classifyExecRun({ stdout, stderr, exitCode: 0, timedOut: false }), stderr);
    expect(problems).toEqual([
      'Codex reported: apply_patch verification failed: Failed to read file to update /w/notes.md',
      "Codex ran `/bin/bash -lc 'mv *.pdf invoices/'`, which exited with code 1: mv: cannot stat *.pdf: No such file",
    ]);
  });
});

describe('rehearsal output', () => {
  it('--json has one entry per exercise with id, runs, passed, medianSeconds and tokens', () => {
    const json = reportJson(report([record(1, { tokens: 5000, seconds: 30 })])) as { exercises: unknown[]; ok: boolean };
    expect(json.ok).toBe(true);
    expect(json.exercises).toEqual([expect.objectContaining({ id: '03-meeting-actions', runs: 1, passed: 1, medianSeconds: 30, tokens: 5000 })]);
  });

  it('the table lines up its columns and names the Codex version and model', () => {
    const text = renderReport(report([record(1, { tokens: 123456, seconds: 42.25 })]));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Rehearsal: Codex CLI 0.169.0 · model gpt-5-mini (live API) · pack codex-workshop-basics 1.0.0 · prompts in en');
    expect(lines[2]).toBe('exercise            runs  passed  median s  tokens/run');
    expect(lines[3]).toBe('03-meeting-actions     1       1      42.3     123,456');
    expect(text).toContain('✓ Every run passed (1 of 1, 1 exercise).');
  });

  it('never shows a key that appears in what Codex said', () => {
    const leaked = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123';
    const failing = report([record(1, { outcome: 'codex_failed', passed: false, reason: `Codex failed after 1.0 s [invalid_key]: Incorrect API key provided: ${leaked}`, notes: [`Bearer ${leaked}`] })]);
    const text = renderReport(failing) + JSON.stringify(reportJson(failing)) + runLine(record(1, { exerciseId: leaked, outcome: 'codex_failed', passed: false }), 1);
    expect(text).not.toContain(leaked);
    expect(text).toContain('sk-…0123');
  });

  it('a failed live rehearsal suggests more runs and --keep', () => {
    const text = renderReport(report([record(1, { outcome: 'failed_checks', passed: false, reason: 'the grader failed 1 of 6 checks: owners', failedChecks: [{ id: 'owners', message: 'Some action items have no owner.' }] })]));
    expect(text).toContain('✗ 03-meeting-actions, run 1: the grader failed 1 of 6 checks: owners');
    expect(text).toContain('owners: a participant would read "Some action items have no owner."');
    expect(text).toContain('--runs 3');
    expect(text).toContain('--keep');
  });
});
