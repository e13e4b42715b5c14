import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWorkshop } from '../support/run-workshop.js';

/**
 * The shipped pack, checked the way a pack author checks it: `workshop dev check exercises` must
 * find every untouched starter failing, every solution passing and every variant getting the verdict
 * its expect.json names. Plus the promises issue 4 makes about the pack's shape.
 */
const root = path.resolve('.');
const packDir = path.join(root, 'exercises');
const pack = JSON.parse(readFileSync(path.join(packDir, 'pack.json'), 'utf8')) as { exercises: string[]; languages: string[] };

interface DevCase {
  exercise: string;
  case: string;
  expected: 'pass' | 'fail';
  got: 'pass' | 'fail';
  ok: boolean;
  failingChecks: string[];
}

describe('the shipped exercise pack', () => {
  it('has at least the eight exercises of the workshop, in English and Japanese', () => {
    expect(pack.exercises.length).toBeGreaterThanOrEqual(8);
    expect(pack.languages).toEqual(expect.arrayContaining(['en', 'ja']));
    for (const id of pack.exercises) {
      expect(existsSync(path.join(packDir, id, 'brief.md')), `${id}/brief.md`).toBe(true);
      expect(existsSync(path.join(packDir, id, 'brief.ja.md')), `${id}/brief.ja.md`).toBe(true);
      expect(existsSync(path.join(packDir, id, 'solution')), `${id}/solution`).toBe(true);
      expect(existsSync(path.join(packDir, id, 'rehearsal.json')), `${id}/rehearsal.json`).toBe(true);
      const exercise = JSON.parse(readFileSync(path.join(packDir, id, 'exercise.json'), 'utf8')) as { minutes: number };
      expect(exercise.minutes, `${id} minutes`).toBeGreaterThanOrEqual(5);
      expect(exercise.minutes, `${id} minutes`).toBeLessThanOrEqual(15);
    }
  });

  it('passes `workshop dev check`: starters fail, solutions pass, every variant gets its expected verdict', async () => {
    const { stdout } = await runWorkshop(['dev', 'check', packDir, '--json']);
    const report = JSON.parse(stdout) as { ok: boolean; cases: DevCase[] };
    const mismatches = report.cases.filter((c) => !c.ok).map((c) => `${c.exercise}/${c.case}: expected ${c.expected}, got ${c.got}`);
    expect(mismatches).toEqual([]);
    expect(report.ok).toBe(true);

    for (const id of pack.exercises) {
      const cases = report.cases.filter((c) => c.exercise === id);
      expect(cases.find((c) => c.case === 'starter')?.got, `${id} starter`).toBe('fail');
      expect(cases.find((c) => c.case === 'solution')?.got, `${id} solution`).toBe('pass');
      const variants = cases.filter((c) => c.case !== 'starter' && c.case !== 'solution');
      expect(variants.filter((c) => c.expected === 'pass').length, `${id} passing variants`).toBeGreaterThanOrEqual(3);
      expect(variants.filter((c) => c.expected === 'fail').length, `${id} failing variants`).toBeGreaterThanOrEqual(3);
      // Every variant folder on disk was judged (none silently skipped).
      const onDisk = readdirSync(path.join(packDir, id, 'variants'));
      expect(variants.length, `${id} variants judged`).toBe(onDisk.length);
    }
  });
});
