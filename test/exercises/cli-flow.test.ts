import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, makeSandbox, solveWith } from './sandbox.js';

let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

async function events(): Promise<any[]> {
  const text = await fs.readFile(path.join(box.state, 'events.jsonl'), 'utf8');
  return text.trim().split('\n').map((line) => JSON.parse(line));
}

describe('a participant going through the pack with `workshop next`', () => {
  it('sets up, grades, hints and moves on, with the documented JSON and exit codes', async () => {
    const setup = await box.json(['next']);
    expect(setup.code).toBe(0);
    expect(setup.data).toMatchObject({ action: 'setup', exercise: { id: '01-meeting-summary', folder: box.folder('01-meeting-summary'), position: 1, total: 2 } });
    expect(setup.data.exercise.startCommand).toBe(`cd "${box.folder('01-meeting-summary')}" && codex`);
    expect(setup.data.exercise.suggestedPrompt).toMatch(/^Read notes\.txt/);
    expect(await fs.readFile(path.join(box.folder('01-meeting-summary'), 'notes.txt'), 'utf8')).toMatch(/Team meeting/);

    const untouched = await box.json(['next']);
    expect(untouched.code).toBe(1);
    expect(untouched.data).toMatchObject({ action: 'graded', result: { passed: false, noChange: true } });

    await fs.writeFile(path.join(box.folder('01-meeting-summary'), 'summary.md'), '# Summary\n\n- [ ] Mika: slides\n');
    const partial = await box.json(['next']);
    expect(partial.code).toBe(1);
    expect(partial.data.result).toMatchObject({ passed: false, noChange: false, score: 3, maxScore: 5, failingChecks: ['decision', 'actions'] });
    expect(partial.data.result.checks[1]).toMatchObject({ id: 'decision', type: 'contains', passed: false, message: 'The summary should state the budget decision.' });
    expect(partial.data.hint).toEqual({ number: 1, total: 2, text: 'Start Codex inside the exercise folder and paste the suggested request.' });

    const hint = await box.json(['hint']);
    expect(hint.data).toMatchObject({ hint: { number: 2, total: 2 }, remaining: 0 });
    const noMore = await box.json(['hint']);
    expect(noMore.data).toMatchObject({ hint: null, remaining: 0 });
    expect(noMore.data.shown).toHaveLength(2);

    await solveWith(box, '01-meeting-summary');
    const passed = await box.json(['next']);
    expect(passed.code).toBe(0);
    expect(passed.data).toMatchObject({
      action: 'graded',
      exercise: { id: '01-meeting-summary' },
      attempt: 3,
      result: { passed: true, score: 5, maxScore: 5, failingChecks: [] },
      next: { id: '02-sort-files', folder: box.folder('02-sort-files') },
    });

    await solveWith(box, '02-sort-files');
    const last = await box.json(['next']);
    expect(last.data).toMatchObject({ action: 'graded', result: { passed: true }, finished: true });
    const finished = await box.json(['next']);
    expect(finished.code).toBe(0);
    expect(finished.data).toMatchObject({ action: 'finished', finished: true });

    const status = await box.json(['status']);
    expect(status.data.exercises).toEqual([
      expect.objectContaining({ id: '01-meeting-summary', state: 'done', attempts: 3, codexSessions: 0, hintsShown: 2 }),
      expect.objectContaining({ id: '02-sort-files', state: 'done', attempts: 1, codexSessions: 0 }),
    ]);

    const log = await events();
    expect(log.map((e) => e.type)).toEqual([
      'exercise.setup',
      'exercise.graded',
      'exercise.graded',
      'hint.shown',
      'hint.shown',
      'exercise.graded',
      'exercise.setup',
      'exercise.graded',
      'pack.finished',
    ]);
    expect(log[2]).toMatchObject({ exerciseId: '01-meeting-summary', passed: false, score: 3, maxScore: 5, failingChecks: ['decision', 'actions'], attempt: 2 });
    for (const event of log) expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('says that nothing changed instead of listing every check as failed', async () => {
    await box.ws(['next']);
    const result = await box.ws(['next']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Nothing in the folder has changed yet — did you run Codex inside it?');
    expect(result.stdout).not.toContain('✗');
    expect(result.stdout).toContain(`cd "${box.folder('01-meeting-summary')}" && codex`);
  });

  it('prints ✓ and ✗ per check with the learner-facing message, the detail and the check’s tip', async () => {
    await box.ws(['next']);
    await fs.writeFile(path.join(box.folder('01-meeting-summary'), 'summary.md'), '# Summary\n');
    const result = await box.ws(['next']);
    expect(result.stdout).toContain('✓ Create summary.md.');
    expect(result.stdout).toContain('✗ The summary should state the budget decision.');
    expect(result.stdout).toContain('It does not mention “budget”.');
    expect(result.stdout).toContain('Tip: Ask Codex to add what was decided about the budget.');
    expect(result.stdout).toContain('Not passed yet: score 3/5.');
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  it('records the Codex sessions run in the folder with the result', async () => {
    await box.ws(['next']);
    const folder = box.folder('01-meeting-summary');
    const now = new Date();
    const day = path.join(box.codexHome, 'sessions', String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'), String(now.getUTCDate()).padStart(2, '0'));
    await fs.mkdir(day, { recursive: true });
    const started = new Date(Date.now() + 10).toISOString();
    await fs.writeFile(path.join(day, 'rollout-a.jsonl'), `${JSON.stringify({ timestamp: started, type: 'session_meta', payload: { id: 'a', timestamp: started, cwd: folder } })}\n`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await solveWith(box, '01-meeting-summary');
    const graded = await box.json(['next']);
    expect(graded.data.evidence).toMatchObject({ sessions: 1, changedAfterCodex: true });
    const log = await events();
    expect(log.find((e) => e.type === 'exercise.graded')).toMatchObject({ codexSessions: 1, changedAfterCodex: true });
    const status = await box.json(['status']);
    expect(status.data.exercises[0]).toMatchObject({ codexSessions: 1, changedAfterCodex: true });
  });

  it('speaks Japanese with --lang ja: the brief, the request, the check messages and the words around them', async () => {
    const result = await box.ws(['next', '--lang', 'ja']);
    // The brief's Markdown is rendered: piped, as plain text without the marks.
    expect(result.stdout).toMatch(/^  会議メモの要約$/m);
    expect(result.stdout).not.toMatch(/^\s*#/m);
    expect(result.stdout).toContain('演習 1 / 2 · 会議メモの要約(約 5 分)');
    expect(result.stdout).toContain('“notes.txt を読んで summary.md を作ってください。');
    await fs.writeFile(path.join(box.folder('01-meeting-summary'), 'summary.md'), '# まとめ\n');
    const graded = await box.ws(['next', '--lang', 'ja']);
    expect(graded.stdout).toContain('✓ summary.md を作ってください。');
    expect(graded.stdout).toContain('まだ合格ではありません: スコア 3/5。');
    expect(graded.stdout).toContain('ヒント 1 / 2: 演習フォルダーの中で Codex を起動し');
  });

  it('follows the system language when nothing else says', async () => {
    const result = await box.ws(['list'], { LANG: 'ja_JP.UTF-8' });
    expect(result.stdout).toContain('会議メモの要約');
  });
});

describe('goto, list and a folder deleted by hand', () => {
  it('lists the exercises with titles and minutes', async () => {
    const list = await box.json(['list']);
    expect(list.data).toEqual({
      pack: { id: 'sample-pack', title: "Sample pack for the engine's tests", version: '1.0.0' },
      exercises: [
        { id: '01-meeting-summary', title: 'Summarise meeting notes', minutes: 5 },
        { id: '02-sort-files', title: 'Sort a messy folder', minutes: 8 },
      ],
    });
  });

  it('goto jumps ahead, and the skipped exercise comes next after a pass', async () => {
    const jump = await box.json(['goto', '02-sort-files']);
    expect(jump.data).toMatchObject({ action: 'setup', exercise: { id: '02-sort-files', position: 2 } });
    await solveWith(box, '02-sort-files');
    const passed = await box.json(['next']);
    expect(passed.data).toMatchObject({ result: { passed: true }, next: { id: '01-meeting-summary' } });
    const status = await box.json(['status']);
    expect(status.data.exercises.map((e: any) => e.state)).toEqual(['current', 'done']);
  });

  it('goto an unknown exercise is bad usage (exit 2) listing the ids', async () => {
    const result = await box.ws(['goto', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/There is no exercise "nope" in this pack\. Use a number from 1 to 2 as `workshop list` shows them, or one of: 01-meeting-summary, 02-sort-files\./);
  });

  it('goto takes the number `workshop list` shows', async () => {
    const list = await box.ws(['list']);
    expect(list.stdout).toMatch(/^\s+2\. 02-sort-files/m);
    const result = await box.json(['goto', '2']);
    expect(result.code).toBe(0);
    expect(result.data.exercise.id).toBe('02-sort-files');
    expect((await box.ws(['goto', '3'])).code).toBe(2);
  });

  it('a folder deleted by hand: next explains how to get it back, and --yes sets it up again', async () => {
    await box.ws(['next']);
    await fs.rm(box.folder('01-meeting-summary'), { recursive: true, force: true });
    const refused = await box.ws(['next']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/The folder of exercise 01-meeting-summary \(.*\) is gone .*run `workshop next --yes` \(or `workshop goto 01-meeting-summary`\)/);
    const again = await box.json(['next', '--yes']);
    expect(again.code).toBe(0);
    expect(again.data).toMatchObject({ action: 'setup', exercise: { id: '01-meeting-summary', resumed: false } });
    expect(await fs.readdir(box.folder('01-meeting-summary'))).toContain('notes.txt');
  });
});

describe('diff, reset and undo from the command line', () => {
  it('diff lists the changes and the text; reset needs --yes without a terminal; undo brings the work back', async () => {
    await box.ws(['next']);
    const folder = box.folder('01-meeting-summary');
    await fs.writeFile(path.join(folder, 'summary.md'), '# Summary\n- budget kept\n');
    await fs.appendFile(path.join(folder, 'notes.txt'), 'AI was here\n');

    const diff = await box.json(['diff']);
    expect(diff.data).toMatchObject({ added: ['summary.md'], modified: ['notes.txt'], removed: [], renamed: [] });
    expect(diff.data.patch).toContain('+AI was here');
    const stat = await box.ws(['diff', '--stat']);
    expect(stat.stdout, stat.stderr).toContain('added     summary.md');
    expect(stat.stdout).toMatch(/notes\.txt +\| 1 \+/);

    const refused = await box.ws(['reset']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('To go ahead, run `workshop reset --yes`.');
    expect(await fs.readFile(path.join(folder, 'summary.md'), 'utf8')).toContain('budget kept');

    const reset = await box.json(['reset', '--yes']);
    expect(reset.data).toMatchObject({ action: 'reset', reset: { keptAs: 'refs/workshop/discarded/1' } });
    expect(await fs.readdir(folder)).toEqual(['.git', 'notes.txt']);
    const clean = await box.ws(['diff']);
    expect(clean.stdout).toContain('Nothing has changed');

    const undo = await box.json(['reset', '--undo']);
    expect(undo.data).toMatchObject({ action: 'undo', undo: { restored: 'refs/workshop/discarded/1' } });
    expect(await fs.readFile(path.join(folder, 'summary.md'), 'utf8')).toContain('budget kept');
    expect((await events()).filter((e) => e.type === 'exercise.reset').map((e) => e.undo)).toEqual([false, true]);
  });

  it('with nothing in progress, diff, hint and reset say how to start', async () => {
    for (const command of [['diff'], ['hint'], ['reset', '--yes']]) {
      const result = await box.ws(command);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('No exercise is in progress. Run `workshop next` to start the next one');
    }
  });
});
