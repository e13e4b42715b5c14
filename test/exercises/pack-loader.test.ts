import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { devCheck } from '../../src/exercises/dev-check.js';
import { loadPack, loadVariants } from '../../src/exercises/pack-loader.js';
import { readFolderSnapshot } from '../../src/exercises/snapshot-reader.js';

const samplePack = path.resolve('test/fixtures/sample-pack');
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pack-loader-'));
  await fs.cp(samplePack, dir, { recursive: true });
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function editJson(file: string, edit: (value: Record<string, any>) => void): Promise<void> {
  const value = JSON.parse(await fs.readFile(file, 'utf8'));
  edit(value);
  await fs.writeFile(file, JSON.stringify(value, null, 2));
}

async function loadError(): Promise<string> {
  try {
    await loadPack(dir);
  } catch (error) {
    expect((error as { exitCode?: number }).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('expected the pack to be rejected');
}

const exerciseFile = () => path.join(dir, '01-meeting-summary', 'exercise.json');

describe('loading a pack', () => {
  it('loads the sample pack in play order with check ids', async () => {
    const pack = await loadPack(samplePack);
    expect(pack.config.id).toBe('sample-pack');
    expect(pack.exercises.map((e) => e.id)).toEqual(['01-meeting-summary', '02-sort-files']);
    expect(pack.exercises[0].checkIds).toEqual(['summary-exists', 'decision', 'actions', 'notes-kept', 'only-summary']);
    expect(pack.exercises[1].checkIds).toEqual(['1-preserved', '2-placement', '3-count', '4-absent']);
    expect(Object.keys(pack.exercises[0].briefFiles)).toEqual(['en', 'ja']);
  });

  it('reads each variant with its expected verdict', async () => {
    const pack = await loadPack(samplePack);
    const variants = await loadVariants(pack.exercises[0]);
    expect(variants.map((v) => [v.name, v.expectation.pass])).toEqual([
      ['fail-missing-decision', false],
      ['fail-notes-edited', false],
      ['pass-crlf-bom-japanese', true],
    ]);
  });

  it('says plainly when the folder is not a pack', async () => {
    await expect(loadPack(path.join(dir, 'nowhere'))).rejects.toThrow(/There is no exercise pack at .*nowhere/);
    await expect(loadPack(path.join(dir, '01-meeting-summary'))).rejects.toThrow(/has no pack.json/);
  });
});

describe('a broken pack is one clear error naming the file and the field', () => {
  it('bad JSON names the file', async () => {
    await fs.writeFile(exerciseFile(), '{ "id": "01-meeting-summary", ');
    expect(await loadError()).toMatch(/01-meeting-summary\/exercise\.json: not valid JSON/);
  });

  it('an unknown check type names the field and lists the types', async () => {
    await editJson(exerciseFile(), (e) => (e.checks[2].type = 'spellcheck'));
    expect(await loadError()).toMatch(/exercise\.json: checks\[2\]\.type: unknown check type "spellcheck"; the types are exists, absent, preserved/);
  });

  it('a misspelt field is not silently ignored', async () => {
    await editJson(exerciseFile(), (e) => {
      e.checks[0].paht = e.checks[0].path;
      delete e.checks[0].path;
    });
    const message = await loadError();
    expect(message).toMatch(/checks\[0\]\.path: Invalid input: expected string/);
    expect(message).toMatch(/checks\[0\]: Unrecognized key: "paht"/);
  });

  it('a bad regular expression names the field and the reason', async () => {
    await editJson(exerciseFile(), (e) => e.checks.push({ type: 'matches', path: 'a.md', regex: '([a-z', message: 'm' }));
    expect(await loadError()).toMatch(/checks\[5\]\.regex: is not a valid regular expression: .*Unterminated/);
  });

  it('a missing exercise folder names pack.json', async () => {
    await editJson(path.join(dir, 'pack.json'), (p) => p.exercises.push('03-missing'));
    expect(await loadError()).toMatch(/pack\.json: exercises: the folder "03-missing" does not exist/);
  });

  it('paths reaching outside the workspace are rejected: "..", absolute, drive letters, "~"', async () => {
    for (const [bad, reason] of [
      ['../secrets.txt', /must stay inside the workspace/],
      ['docs/../../x', /must stay inside the workspace/],
      ['/etc/passwd', /must be relative to the workspace/],
      ['C:\\Users\\me', /must be relative to the workspace/],
      ['~/notes', /must be relative to the workspace \("~" is not allowed\)/],
    ] as const) {
      await editJson(exerciseFile(), (e) => (e.checks[0].path = bad));
      expect(await loadError()).toMatch(new RegExp(`checks\\[0\\]\\.path: ${reason.source}`));
    }
    await editJson(exerciseFile(), (e) => {
      e.checks[0].path = 'summary.md';
      e.checks[4].allow = ['summary.md', '..\\outside'];
    });
    expect(await loadError()).toMatch(/checks\[4\]\.allow\[1\]: must stay inside the workspace/);
  });

  it('an id that differs from the folder name, duplicate check ids and a passScore above the total are named', async () => {
    await editJson(exerciseFile(), (e) => {
      e.id = 'first';
      e.checks[1].id = 'summary-exists';
      e.passScore = 99;
    });
    const message = await loadError();
    expect(message).toMatch(/checks\[1\]\.id: duplicate check id "summary-exists"/);
    expect(message).toMatch(/passScore: is 99 but the checks are worth only 5 points/);
  });

  it('a missing translated brief and a missing solution are named', async () => {
    await fs.rm(path.join(dir, '02-sort-files', 'brief.ja.md'));
    await fs.rm(path.join(dir, '02-sort-files', 'solution'), { recursive: true });
    const message = await loadError();
    expect(message).toMatch(/02-sort-files\/brief\.ja\.md: the brief in "ja" \(pack.json languages\[1\]\) is missing/);
    expect(message).toMatch(/02-sort-files\/solution: the solution folder .* is missing/);
  });

  it('a term that is only markdown marks is rejected', async () => {
    await editJson(exerciseFile(), (e) => (e.checks[1].all = ['**']));
    expect(await loadError()).toMatch(/checks\[1\]\.all\[0\]: "\*\*" has nothing left to match/);
  });

  it('an expect.json naming an unknown check id or trap makes that one case a mismatch, and the others are still judged', async () => {
    await editJson(path.join(dir, '01-meeting-summary/variants/fail-missing-decision/expect.json'), (x) => {
      x.failing = ['nope'];
      x.trap = 'no-such-trap';
    });
    const pack = await loadPack(dir);
    const variants = await loadVariants(pack.exercises[0]);
    expect(variants.find((v) => v.name === 'fail-missing-decision')?.problems).toEqual([
      expect.stringMatching(/^expect\.json: failing: unknown check id\(s\) nope; the ids are /),
      expect.stringMatching(/^expect\.json: trap: unknown trap id\(s\) no-such-trap/),
    ]);
    const report = await devCheck(pack);
    const bad = report.cases.filter((c) => !c.ok);
    expect(bad.map((c) => c.case)).toEqual(['variants/fail-missing-decision']);
    expect(bad[0].details?.[0]).toMatch(/unknown check id\(s\) nope/);
    expect(report.cases.filter((c) => c.exercise === '01-meeting-summary').length).toBeGreaterThan(2);
  });

  it('a symbolic link in starter/ pointing outside the exercise is rejected naming the file', async () => {
    const outside = path.join(dir, 'outside-secret.txt');
    await fs.writeFile(outside, 'secret');
    const link = path.join(dir, '01-meeting-summary', 'starter', 'linked.txt');
    await fs.symlink(outside, link);
    await expect(readFolderSnapshot(path.join(dir, '01-meeting-summary', 'starter'), { mode: 'pack' })).rejects.toThrow(
      /starter\/linked\.txt is a symbolic link pointing outside the exercise folder/,
    );
  });

  it('a symbolic link inside the starter folder is read as the file it points to', async () => {
    const starter = path.join(dir, '01-meeting-summary', 'starter');
    await fs.symlink(path.join(starter, 'notes.txt'), path.join(starter, 'copy.txt'));
    const snapshot = await readFolderSnapshot(starter, { mode: 'pack' });
    expect(snapshot.files.get('copy.txt')?.hash).toBe(snapshot.files.get('notes.txt')?.hash);
  });
});
