import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/doctor/runner.js';
import type { Check, CheckResult } from '../../src/doctor/types.js';
import { fakeContext } from './helpers/context.js';

/** The runner owns concurrency, order, timing, timeouts and crashes; checks only compute. */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function check(id: string, run: () => Promise<CheckResult>, timeoutMs = 5000): Check {
  return { id, title: `Check ${id}`, timeoutMs: () => timeoutMs, run };
}

const ok = (code: string): CheckResult => ({ status: 'ok', code, summary: code });

describe('runChecks', () => {
  it('runs checks at the same time, not one after another', async () => {
    const checks = ['a', 'b', 'c', 'd'].map((id) => check(id, async () => (await sleep(200), ok(id))));
    const started = performance.now();
    const outcomes = await runChecks(checks, fakeContext());
    expect(performance.now() - started).toBeLessThan(550);
    expect(outcomes.map((o) => o.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('hands results back in the fixed order, whatever order they finish in', async () => {
    const finished: string[] = [];
    const checks = [300, 10, 150].map((ms, i) => check(`c${i}`, async () => (await sleep(ms), ok(`c${i}`))));
    const outcomes = await runChecks(checks, fakeContext(), { onSettled: (o) => finished.push(o.id) });
    expect(finished).toEqual(['c1', 'c2', 'c0']);
    expect(outcomes.map((o) => o.id)).toEqual(['c0', 'c1', 'c2']);
  });

  it('times each check', async () => {
    const [outcome] = await runChecks([check('slow', async () => (await sleep(120), ok('slow')))], fakeContext());
    expect(outcome!.durationMs).toBeGreaterThanOrEqual(100);
    expect(outcome!.durationMs).toBeLessThan(400);
  });

  it('turns a thrown error into a crash result without ending the run', async () => {
    const outcomes = await runChecks(
      [
        check('boom', async () => {
          throw new Error('kaput');
        }),
        check('fine', async () => ok('fine')),
      ],
      fakeContext(),
    );
    expect(outcomes[0]).toMatchObject({ id: 'boom', status: 'crash', code: 'check_crashed' });
    expect(outcomes[0]!.summary).toContain('kaput');
    expect(outcomes[0]!.fix?.text).toMatch(/facilitator/);
    expect(outcomes[1]).toMatchObject({ id: 'fine', status: 'ok' });
  });

  it('ends a check that outlives its deadline as a crash, on time', async () => {
    const started = performance.now();
    const outcomes = await runChecks([check('stuck', () => new Promise<CheckResult>(() => undefined), 150), check('fine', async () => ok('fine'))], fakeContext());
    expect(performance.now() - started).toBeLessThan(500);
    expect(outcomes[0]).toMatchObject({ status: 'crash', code: 'check_timed_out' });
    expect(outcomes[1]!.status).toBe('ok');
  });

  it('carries fix, details and facts from the check, and omits empty details', async () => {
    const [outcome] = await runChecks(
      [check('x', async () => ({ status: 'warn', code: 'w', summary: 's', fix: { text: 'do it', commands: ['cmd'] }, details: [], facts: { codexVersion: '1.2.3' } }))],
      fakeContext(),
    );
    expect(outcome).toMatchObject({ status: 'warn', fix: { text: 'do it', commands: ['cmd'] }, facts: { codexVersion: '1.2.3' } });
    expect(outcome).not.toHaveProperty('details');
  });
});
