import { describe, expect, it } from 'vitest';
import { toDoctorJson } from '../../src/doctor/render-json.js';
import { outcomeLines, StreamingPrinter, verdictLines } from '../../src/doctor/render-terminal.js';
import type { Check, CheckOutcome } from '../../src/doctor/types.js';
import { redactOutcome, verdictOf } from '../../src/doctor/verdict.js';
import { SecretRegistry } from '../../src/doctor/context.js';
import { platform } from './helpers/context.js';
import { doctorEn as t } from '../../src/i18n/doctor/en.js';

const plain = { green: (t: string) => t, red: (t: string) => t, yellow: (t: string) => t, cyan: (t: string) => t, dim: (t: string) => t, bold: (t: string) => t };

function outcome(id: string, status: CheckOutcome['status'], extra: Partial<CheckOutcome> = {}): CheckOutcome {
  return { id, title: id.toUpperCase(), status, code: `${id}_${status}`, summary: `${id} is ${status}`, durationMs: 12, ...extra };
}

describe('the verdict', () => {
  it('is READY with warnings, naming them', () => {
    const verdict = verdictOf([outcome('a', 'ok'), outcome('b', 'warn'), outcome('c', 'skip')]);
    expect(verdict.ready).toBe(true);
    const text = verdictLines(verdict, plain, t).join('\n');
    expect(text).toContain('READY');
    expect(text).not.toContain('NOT READY');
    expect(text).toContain('1 warning worth a look: B (b_warn)');
  });

  it('is NOT READY on a failure or a crash, naming blockers first and warnings after', () => {
    const verdict = verdictOf([outcome('w', 'warn'), outcome('f', 'fail'), outcome('c', 'crash')]);
    expect(verdict.ready).toBe(false);
    const lines = verdictLines(verdict, plain, t);
    const text = lines.join('\n');
    expect(text).toContain('NOT READY  2 problems');
    const fixFirst = lines.findIndex((l) => l.includes('Fix first: F (f_fail), C (c_crash)'));
    const then = lines.findIndex((l) => l.includes('Then: W (w_warn)'));
    expect(fixFirst).toBeGreaterThan(0);
    expect(then).toBeGreaterThan(fixFirst);
  });
});

describe('terminal lines', () => {
  it('put the fix and its commands right under a failure, with the code', () => {
    const lines = outcomeLines(outcome('x', 'fail', { fix: { text: 'Do this:', commands: ['first', '# a note'] } }), { verbose: false, titleWidth: 6, paint: plain, t });
    expect(lines[0]).toBe('✗ X       x is fail');
    expect(lines.slice(1).map((l) => l.trim())).toEqual(['→ Do this:', 'first', '# a note', '[x_fail]']);
  });

  it('show details and timings only with --verbose', () => {
    const o = outcome('x', 'ok', { details: ['found at /bin/x'] });
    expect(outcomeLines(o, { verbose: false, titleWidth: 2, paint: plain, t })).toEqual(['✓ X   x is ok']);
    const verbose = outcomeLines(o, { verbose: true, titleWidth: 2, paint: plain, t });
    expect(verbose[0]).toContain('(12 ms)');
    expect(verbose.map((l) => l.trim())).toContain('found at /bin/x');
  });

  it('mark a skipped check as skipped with its reason', () => {
    expect(outcomeLines(outcome('s', 'skip'), { verbose: false, titleWidth: 2, paint: plain, t })[0]).toBe('- S   skipped: s is skip');
  });

  it('are printed in the fixed order as soon as the checks before them are done', async () => {
    const checks = ['a', 'b', 'c'].map((id) => ({ id, title: id }) as Check);
    const written: string[] = [];
    const printer = new StreamingPrinter(checks, (text) => written.push(text.trim()), (o) => [o.id], t);
    await printer.start();
    printer.settle(outcome('c', 'ok'), 2);
    printer.settle(outcome('a', 'ok'), 0);
    await new Promise((r) => setTimeout(r, 10));
    expect(written).toEqual(['a']);
    printer.settle(outcome('b', 'ok'), 1);
    await printer.finish();
    expect(written).toEqual(['a', 'b', 'c']);
  });
});

describe('the JSON document', () => {
  it('has exactly the documented shape, in order, without internal fields', () => {
    const json = toDoctorJson(
      [outcome('node', 'ok', { facts: { codexVersion: '0.169.0' } }), outcome('git', 'fail', { fix: { text: 'install git', commands: ['x'] }, details: ['d'] })],
      '0.1.0',
      platform(),
    );
    expect(Object.keys(json)).toEqual(['schemaVersion', 'ready', 'kitVersion', 'platform', 'checks']);
    expect(json.schemaVersion).toBe(1);
    expect(json.ready).toBe(false);
    expect(json.platform).toEqual({ os: 'linux', shell: 'bash', arch: 'x64', node: '20.20.0', label: 'Linux (bash)' });
    expect(Object.keys(json.checks[0]!)).toEqual(['id', 'status', 'code', 'summary', 'durationMs']);
    expect(Object.keys(json.checks[1]!)).toEqual(['id', 'status', 'code', 'summary', 'fix', 'details', 'durationMs']);
  });
});

describe('redaction before rendering', () => {
  it('removes known keys and key-shaped text from summary, fix and details', () => {
    const secrets = new SecretRegistry();
    secrets.add('my-company-token-1234567890');
    const dirty = outcome('x', 'fail', {
      summary: 'token my-company-token-1234567890 rejected',
      fix: { text: 'try sk-proj-abcdefghijklmnopqrstuvwx', commands: ['echo my-company-token-1234567890'] },
      details: ['Bearer abcdefghijklmnopqrstuvwxyz'],
    });
    const clean = JSON.stringify(redactOutcome(dirty, secrets));
    expect(clean).not.toContain('my-company-token-1234567890');
    expect(clean).not.toContain('abcdefghijklmnopqrstuvwx');
    expect(clean).toContain('…7890');
  });
});
