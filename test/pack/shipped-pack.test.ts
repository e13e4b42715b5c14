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

interface DevTrap {
  exercise: string;
  id: string;
  variants: string[];
  ok: boolean;
}

const JAPANESE_SCRIPT = /[\u3040-\u30ff\u3400-\u9fff]/;

/** Files of a folder, relative path → content. */
function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full), readFileSync(full));
  }
  return files;
}

/** The AI wrote Japanese in this variant: a new or edited file, or a new name, is in Japanese. */
function writtenInJapanese(exercise: string, variant: string): boolean {
  const starter = [...filesOf(path.join(packDir, exercise, 'starter')).values()];
  for (const [relative, bytes] of filesOf(path.join(packDir, exercise, 'variants', variant))) {
    if (relative === 'expect.json') continue;
    if (JAPANESE_SCRIPT.test(relative)) return true;
    if (!starter.some((original) => original.equals(bytes)) && JAPANESE_SCRIPT.test(bytes.toString('utf8'))) return true;
  }
  return false;
}

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
    const report = JSON.parse(stdout) as { ok: boolean; cases: DevCase[]; traps: DevTrap[] };
    const mismatches = report.cases.filter((c) => !c.ok).map((c) => `${c.exercise}/${c.case}: expected ${c.expected}, got ${c.got}`);
    expect(mismatches).toEqual([]);
    expect(report.ok).toBe(true);

    for (const id of pack.exercises) {
      const cases = report.cases.filter((c) => c.exercise === id);
      expect(cases.find((c) => c.case === 'starter')?.got, `${id} starter`).toBe('fail');
      expect(cases.find((c) => c.case === 'solution')?.got, `${id} solution`).toBe('pass');
      const variants = cases.filter((c) => c.case !== 'starter' && c.case !== 'solution');
      expect(variants.filter((c) => c.expected === 'pass').length, `${id} passing variants`).toBeGreaterThanOrEqual(6);
      expect(variants.filter((c) => c.expected === 'fail').length, `${id} failing variants`).toBeGreaterThanOrEqual(8);
      const japanese = variants.filter((c) => writtenInJapanese(id, c.case.replace(/^variants\//, '')));
      expect(japanese.length * 4, `${id}: Japanese variants (${japanese.length} of ${variants.length}) are at least a quarter`).toBeGreaterThanOrEqual(variants.length);
      // Every trap the brief warns about is caught by at least one failing variant.
      const traps = report.traps.filter((trap) => trap.exercise === id);
      expect(traps.length, `${id} declares the traps its brief warns about`).toBeGreaterThan(0);
      expect(traps.filter((trap) => !trap.ok).map((trap) => trap.id), `${id} traps without a passing proof`).toEqual([]);
      // Every variant folder on disk was judged (none silently skipped).
      const onDisk = readdirSync(path.join(packDir, id, 'variants'));
      expect(variants.length, `${id} variants judged`).toBe(onDisk.length);
    }
  });
});
