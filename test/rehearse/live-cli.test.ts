import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completedLines, fakeCalls, writeFakeLiveCodex } from './fake-codex.js';
import { checkMessage, listEntries, makeWorld, runWorkshop, type World } from './helpers.js';

/**
 * The live path (`workshop rehearse` without --scripted): the facilitator's own `codex` on PATH and
 * its login. The real API is out of reach in tests, so a fake `codex` plays the CLI: it edits the
 * folder it is given with -C and prints real `codex exec --json` lines.
 */
let world: World;
beforeEach(async () => {
  world = await makeWorld();
});
afterEach(async () => {
  await world.cleanup();
});

const rehearse = (...args: string[]) => runWorkshop(['rehearse', ...args], world.env);

describe('workshop rehearse (live, with the facilitator’s own codex)', () => {
  it('runs the suggested request through codex exec in a folder set up like `next` does, grades it, and reports tokens', async () => {
    await writeFakeLiveCodex(world.bin);
    const result = await rehearse('--exercise', '01-first-file', '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: true, mode: 'live', codex: { version: '0.170.0' }, model: null });
    expect(report.exercises).toEqual([
      expect.objectContaining({ id: '01-first-file', runs: 1, passed: 1, tokens: 1234, medianSeconds: expect.any(Number) }),
    ]);

    const exec = (await fakeCalls(world.bin)).find((call) => call.startsWith('exec'))!;
    const folder = /-C (\S+)/.exec(exec)![1];
    expect(path.basename(folder)).toBe('01-first-file');
    expect(exec).toMatch(/^exec --skip-git-repo-check --json --ephemeral -C \S+ -s workspace-write -- Create a file called intro\.md/);
    // stdin closed: Codex would otherwise wait for more input.
    expect(await fakeCalls(world.bin, 'codex.stdin')).toEqual(['closed']);
    // Login was checked before anything ran, and the throw-away folders are gone.
    const calls = await fakeCalls(world.bin);
    expect(calls[0]).toBe('login status');
    expect(calls.filter((c) => c.startsWith('exec'))).toHaveLength(1);
    expect(await listEntries(world.tmp)).toEqual([]);
  });

  it("passes the profile's model with -m and prompts in the profile's language", async () => {
    await writeFakeLiveCodex(world.bin);
    const profile = path.join(world.root, 'profile.json');
    await fs.writeFile(profile, JSON.stringify({ model: 'gpt-5-mini', language: 'ja' }));
    const result = await rehearse('--exercise', '01-first-file', '--profile', profile, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ model: 'gpt-5-mini', language: 'ja' });
    const exec = (await fakeCalls(world.bin)).find((call) => call.startsWith('exec'))!;
    expect(exec).toContain('-s workspace-write -m gpt-5-mini -- intro.md というファイルを作って');
  });

  it('prints a table of exercise, runs, passed, median seconds and tokens, with the median of several runs', async () => {
    await writeFakeLiveCodex(world.bin);
    const result = await rehearse('--exercise', '01-first-file', '--runs', '3');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Codex CLI 0\.170\.0 · model Codex's default \(live API\)/);
    expect(result.stdout).toMatch(/exercise\s+runs\s+passed\s+median s\s+tokens\/run/);
    expect(result.stdout).toMatch(/01-first-file\s+3\s+3\s+\d+\.\d\s+1,234/);
    expect(result.stdout).toContain('✓ Every run passed (3 of 3, 1 exercise)');
    expect((await fakeCalls(world.bin)).filter((c) => c.startsWith('exec'))).toHaveLength(3);
    // Progress goes to stderr, one line per run; stdout holds only the report.
    expect(result.stderr.match(/✓ passed {2}01-first-file run \d\/3/g)).toHaveLength(3);
  });

  it('rehearses the chosen exercises in pack order and exits 1 when any of them failed', async () => {
    // The fake model always writes intro.md: right for exercise 1, nothing like exercise 8.
    await writeFakeLiveCodex(world.bin);
    const result = await rehearse('--exercise', '08-own-task', '--exercise', '01-first-file', '--json');
    expect(result.code).toBe(1);
    const { exercises, ok } = JSON.parse(result.stdout);
    expect(ok).toBe(false);
    expect(exercises.map((e: { id: string; passed: number }) => [e.id, e.passed])).toEqual([
      ['01-first-file', 1],
      ['08-own-task', 0],
    ]);
    expect(exercises[1].failures[0].failedChecks.map((c: { id: string }) => c.id)).toContain('risk-level');
  });

  it('fails a run where codex exits 0 and says "done" but changed nothing (exit codes lie; files decide)', async () => {
    await writeFakeLiveCodex(world.bin, { work: 'true', execLines: completedLines(10, 2, 'Done! I created intro.md.') });
    const result = await rehearse('--exercise', '01-first-file', '--json');
    expect(result.code).toBe(1);
    const [exercise] = JSON.parse(result.stdout).exercises;
    expect(exercise).toMatchObject({ runs: 1, passed: 0 });
    expect(exercise.failures[0]).toMatchObject({ outcome: 'no_change', reason: 'Codex finished but changed nothing in the folder' });
  });

  it('fails a run where the model did the task badly, naming the checks a participant would fail', async () => {
    await writeFakeLiveCodex(world.bin, { work: "printf 'Alex Morgan from sales\\n' > intro.md; rm welcome.txt" });
    const result = await rehearse('--exercise', '01-first-file');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/01-first-file\s+1\s+0/);
    expect(result.stdout).toContain('✗ 01-first-file, run 1: the grader failed 3 of 4 checks');
    expect(result.stdout).toContain(`three-bullets: a participant would read "${await checkMessage('01-first-file', 'three-bullets')}"`);
    expect(result.stdout).toContain('welcome-untouched');
    expect(result.stdout).toContain('✗ 1 of 1 runs failed in 1 exercise.');
  });

  it('reports what Codex said when the API refuses the request (e.g. no credit left)', async () => {
    const message = 'Quota exceeded. Check your plan and billing details.';
    await writeFakeLiveCodex(world.bin, {
      work: 'true',
      execExit: 1,
      execLines: ['{"type":"thread.started","thread_id":"t"}', JSON.stringify({ type: 'error', message }), JSON.stringify({ type: 'turn.failed', error: { message } })],
    });
    const result = await rehearse('--exercise', '01-first-file', '--json');
    expect(result.code).toBe(1);
    const failure = JSON.parse(result.stdout).exercises[0].failures[0];
    expect(failure.outcome).toBe('codex_failed');
    expect(failure.reason).toMatch(/^Codex failed after \d+\.\d s \[quota\]: Quota exceeded/);
  });

  it('stops a codex that never finishes at --timeout and counts the run as failed with the reason', async () => {
    await writeFakeLiveCodex(world.bin, { hang: true });
    const result = await rehearse('--exercise', '01-first-file', '--timeout', '1', '--json');
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(15_000);
    const [exercise] = JSON.parse(result.stdout).exercises;
    expect(exercise).toMatchObject({ runs: 1, passed: 0, tokens: null });
    expect(exercise.failures[0].outcome).toBe('timed_out');
    expect(exercise.failures[0].reason).toMatch(/^Codex did not finish within 1 s and was stopped/);
    expect(exercise.medianSeconds).toBeGreaterThanOrEqual(1);
  });

  it('keeps the folder of a failed run with --keep, so the facilitator can see what Codex did', async () => {
    await writeFakeLiveCodex(world.bin, { work: "echo 'no heading here' > intro.md" });
    const result = await rehearse('--exercise', '01-first-file', '--keep', '--json');
    expect(result.code).toBe(1);
    const kept = JSON.parse(result.stdout).exercises[0].failures[0].keptFolder as string;
    expect(await fs.readFile(path.join(kept, 'intro.md'), 'utf8')).toBe('no heading here\n');
    expect(await fs.readFile(path.join(kept, 'welcome.txt'), 'utf8')).toContain('');
  });

  it('tells a facilitator who is not logged in how to log in (or to use --scripted), and runs nothing', async () => {
    await writeFakeLiveCodex(world.bin, { loggedIn: false });
    const result = await rehearse();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Codex is not logged in on this computer/);
    expect(result.stderr).toContain('codex login');
    expect(result.stderr).toContain('workshop rehearse --scripted');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect((await fakeCalls(world.bin)).some((c) => c.startsWith('exec'))).toBe(false);
  });

  it('accepts CODEX_API_KEY in the environment instead of a saved login', async () => {
    await writeFakeLiveCodex(world.bin, { loggedIn: false });
    const result = await runWorkshop(['rehearse', '--exercise', '01-first-file', '--json'], { ...world.env, CODEX_API_KEY: 'sk-test-abcdefghijklmnop1234' });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain('sk-test-abcdefghijklmnop1234');
  });

  it('says how to install Codex when there is none on PATH', async () => {
    const result = await rehearse();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Codex CLI is not installed on this computer/);
    expect(result.stderr).toContain('npm install -g @openai/codex');
  });
});
