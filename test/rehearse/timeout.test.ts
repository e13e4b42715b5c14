import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRehearsal } from '../../src/rehearse/rehearse.js';
import { listEntries, makeWorld, shippedPack, type World } from './helpers.js';

/**
 * A model that never answers (a stalled API): the real pinned Codex waits for it, and the rehearsal
 * must stop that `codex exec` at --timeout, count the run as failed and say why, then go on.
 */
let world: World;
beforeEach(async () => {
  world = await makeWorld();
});
afterEach(async () => {
  await world.cleanup();
});

describe('rehearse timeout (real pinned Codex, scripted model that never answers)', () => {
  it('stops the run at --timeout, counts it as failed with a clear reason, and still rehearses the next exercise', async () => {
    const env = { ...process.env, ...world.env, PATH: process.env.PATH };
    const started = performance.now();
    const report = await runRehearsal(
      { scripted: true, exercise: ['01-first-file', '08-own-task'], timeout: 2, pack: shippedPack },
      {
        env,
        // Only the first exercise's model stalls; the second one is played normally.
        scriptedReplyOverride: (request) => (request.path.includes('01-first-file') ? { kind: 'hang' } : undefined),
      },
    );
    const seconds = (performance.now() - started) / 1000;

    const [stalled, played] = report.exercises;
    expect(stalled).toMatchObject({ id: '01-first-file', runs: 1, passed: 0, tokens: null });
    expect(stalled.medianSeconds).toBeGreaterThanOrEqual(2);
    expect(stalled.medianSeconds).toBeLessThan(6);
    expect(stalled.failures[0].outcome).toBe('timed_out');
    expect(stalled.failures[0].reason).toMatch(/^Codex did not finish within 2 s and was stopped/);
    expect(stalled.failures[0].notes.join('\n')).toMatch(/the scripted model got 1 request and had sent 0 of 2 turns/);
    expect(played).toMatchObject({ id: '08-own-task', runs: 1, passed: 1 });
    expect(report.ok).toBe(false);
    expect(seconds).toBeLessThan(20);
    // The stopped Codex left nothing behind in the temporary folder.
    await fs.mkdir(world.tmp, { recursive: true });
    expect(await listEntries(path.join(world.tmp))).toEqual([]);
  });
});
