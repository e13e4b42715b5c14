import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grade } from '../../src/exercises/grader.js';
import { type LoadedExercise, loadPack, loadVariants } from '../../src/exercises/pack-loader.js';
import { readFolderSnapshot } from '../../src/exercises/snapshot-reader.js';
import { type Folder, folderFromSnapshot, toSnapshot } from './generated/folder.js';
import { mutationsFor } from './generated/mutate.js';
import { REFORMATTINGS } from './generated/reformat.js';

/**
 * Issue 9's generated cases: from every right answer of the shipped pack (the solution and every
 * passing variant), many AI-style reformattings that must still pass, and many small mutations that
 * must fail. The pack's own variants are examples; these are the general case around them.
 */
const packDir = path.resolve('exercises');

interface Verdict {
  exercise: string;
  source: string;
  change: string;
  expected: 'pass' | 'fail';
  got: 'pass' | 'fail';
  why: string[];
}

async function rightAnswers(exercise: LoadedExercise): Promise<Array<{ name: string; folder: Folder }>> {
  const answers = [{ name: 'solution', folder: folderFromSnapshot(await readFolderSnapshot(exercise.solutionDir, { mode: 'pack' })) }];
  for (const variant of await loadVariants(exercise)) {
    if (!variant.expectation.pass) continue;
    const snapshot = await readFolderSnapshot(variant.dir, { mode: 'pack', exclude: (relative) => relative === 'expect.json' });
    answers.push({ name: `variants/${variant.name}`, folder: folderFromSnapshot(snapshot) });
  }
  return answers;
}

describe('generated cases around every right answer of the shipped pack', () => {
  it('every reformatting still passes and every mutation fails', async () => {
    const pack = await loadPack(packDir);
    const verdicts: Verdict[] = [];
    const counts = new Map<string, { pass: number; fail: number }>();

    for (const exercise of pack.exercises) {
      const starterSnapshot = exercise.starterDir ? await readFolderSnapshot(exercise.starterDir, { mode: 'pack' }) : toSnapshot(new Map());
      const starter = folderFromSnapshot(starterSnapshot);
      const judge = (source: string, change: string, folder: Folder, expected: 'pass' | 'fail') => {
        const result = grade(toSnapshot(folder), starterSnapshot, exercise.config);
        const got = result.passed ? 'pass' : 'fail';
        verdicts.push({ exercise: exercise.id, source, change, expected, got, why: result.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.detail}`) });
        const count = counts.get(exercise.id) ?? { pass: 0, fail: 0 };
        count[expected] += 1;
        counts.set(exercise.id, count);
      };

      for (const answer of await rightAnswers(exercise)) {
        for (const reformatting of REFORMATTINGS) {
          const reformatted = reformatting.apply(answer.folder, starter);
          if (reformatted) judge(answer.name, reformatting.name, reformatted, 'pass');
        }
        for (const mutation of mutationsFor(exercise.config, answer.folder, starter)) judge(answer.name, mutation.name, mutation.folder, 'fail');
      }
    }

    const wrong = verdicts.filter((v) => v.expected !== v.got);
    const summary = [...counts].map(([id, c]) => `${id}: ${c.pass} must pass, ${c.fail} must fail`).join('\n');
    console.log(`generated cases: ${verdicts.length} (${verdicts.filter((v) => v.expected === 'pass').length} reformattings, ${verdicts.filter((v) => v.expected === 'fail').length} mutations), wrong verdicts: ${wrong.length}\n${summary}`);
    expect(
      wrong.map((v) => `${v.exercise} ${v.source} + ${v.change}: expected ${v.expected}, got ${v.got}${v.why.length ? ` (${v.why.join(' | ')})` : ''}`),
    ).toEqual([]);
    for (const exercise of pack.exercises) {
      expect(counts.get(exercise.id)?.pass ?? 0, `${exercise.id} reformattings`).toBeGreaterThan(0);
      expect(counts.get(exercise.id)?.fail ?? 0, `${exercise.id} mutations`).toBeGreaterThan(0);
    }
    // About 1,400 gradings: seconds on a quiet machine, more on a busy CI runner.
  }, 180_000);
});
