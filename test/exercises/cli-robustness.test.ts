import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, makeSandbox, samplePack, solveWith } from './sandbox.js';

let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

const progressFile = () => path.join(box.state, 'progress.json');
const readProgress = async () => JSON.parse(await fs.readFile(progressFile(), 'utf8'));

describe('two `workshop next` at once', () => {
  it('take turns: one sets the exercise up, the other then checks it, and the state is consistent', async () => {
    const [a, b] = await Promise.all([box.json(['next']), box.json(['next'])]);
    const actions = [a.data.action, b.data.action].sort();
    expect(actions).toEqual(['graded', 'setup']);
    const graded = a.data.action === 'graded' ? a : b;
    expect(graded.code).toBe(1);
    expect(graded.data.result.noChange).toBe(true);

    const progress = await readProgress();
    const pack = progress.packs['sample-pack'];
    expect(pack.current).toBe('01-meeting-summary');
    expect(pack.exercises['01-meeting-summary']).toMatchObject({ attempts: 1 });
    const log = execFileSync('git', ['log', '--oneline'], { cwd: box.folder('01-meeting-summary'), encoding: 'utf8' });
    expect(log.trim().split('\n')).toHaveLength(1);
    const events = (await fs.readFile(path.join(box.state, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(events.filter((e) => e.type === 'exercise.setup')).toHaveLength(1);
    await expect(fs.stat(path.join(box.state, 'progress.lock'))).rejects.toThrow();
  });
});

describe('a damaged progress file', () => {
  it('is set aside with a clear message and progress is rebuilt from the exercise folders and the event log', async () => {
    await box.ws(['next']);
    await box.ws(['hint']);
    await solveWith(box, '01-meeting-summary');
    await box.ws(['next']);
    await fs.writeFile(progressFile(), '{ "schemaVersion": 1, "packs": { "sample-pack": ');

    const status = await box.json(['status']);
    expect(status.code).toBe(0);
    expect(status.stderr).toMatch(/Your progress file .*progress\.json could not be read .*It was kept as .*progress\.unreadable-.*\.json/);
    expect(status.stderr).toMatch(/Progress rebuilt from 2 exercise folders/);
    expect(status.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(status.data.exercises).toEqual([
      expect.objectContaining({ id: '01-meeting-summary', state: 'done', attempts: 1, hintsShown: 1 }),
      expect.objectContaining({ id: '02-sort-files', state: 'current', attempts: 0 }),
    ]);
    const kept = (await fs.readdir(box.state)).filter((name) => name.startsWith('progress.unreadable-'));
    expect(kept).toHaveLength(1);
    expect(await fs.readFile(path.join(box.state, kept[0]), 'utf8')).toContain('"sample-pack": ');
    expect((await readProgress()).packs['sample-pack'].current).toBe('02-sort-files');
  });

  it('is rebuilt from Git history alone when the event log is gone too', async () => {
    await box.ws(['next']);
    await solveWith(box, '01-meeting-summary');
    await box.ws(['next']);
    await fs.rm(progressFile());
    await fs.rm(path.join(box.state, 'events.jsonl'));
    const status = await box.json(['status']);
    expect(status.data.exercises.map((e: any) => [e.id, e.state, e.attempts])).toEqual([
      ['01-meeting-summary', 'done', 1],
      ['02-sort-files', 'current', 0],
    ]);
    await solveWith(box, '02-sort-files');
    const last = await box.json(['next']);
    expect(last.data).toMatchObject({ action: 'graded', result: { passed: true }, finished: true });
  });
});

describe('bad input', () => {
  it('a broken pack is exit 2 with one message naming the file and the field', async () => {
    const pack = path.join(box.root, 'pack');
    await fs.cp(samplePack, pack, { recursive: true });
    const file = path.join(pack, '02-sort-files', 'exercise.json');
    const exercise = JSON.parse(await fs.readFile(file, 'utf8'));
    exercise.checks[1].type = 'magic';
    await fs.writeFile(file, JSON.stringify(exercise));
    const result = await box.run(['next', '--pack', pack]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${file}: checks[1].type: unknown check type "magic"`);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('a pack folder that does not exist is exit 2', async () => {
    const result = await box.run(['list', '--pack', path.join(box.root, 'missing')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/There is no exercise pack at .*missing\. Pass the pack folder with --pack DIR\./);
  });

  it('an unwritable workspace is a clear message and no progress is recorded', async () => {
    const readOnly = process.getuid?.() === 0 ? '/sys/fs' : path.join(box.root, 'ro');
    if (readOnly !== '/sys/fs') await fs.mkdir(readOnly, { mode: 0o500 });
    const result = await box.ws(['next', '--workspace', path.join(readOnly, 'ws')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/permission denied.*nothing was changed/i);
    const progress = await readProgress().catch(() => undefined);
    expect(progress?.packs?.['sample-pack']?.current ?? null).toBeNull();
  });

  it('unknown options and a bad --lang are bad usage (exit 2)', async () => {
    expect((await box.ws(['next', '--frobnicate'])).code).toBe(2);
    const lang = await box.ws(['list', '--lang', 'Japanese!']);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('--lang must be en or ja, got "Japanese!".');
  });

  it('every command has --help', async () => {
    for (const command of [['next'], ['status'], ['hint'], ['diff'], ['reset'], ['list'], ['goto'], ['dev', 'check'], ['dev', 'new']]) {
      const result = await box.run([...command, '--help']);
      expect(result.code, command.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/Usage: workshop/);
      if (command[0] !== 'dev') expect(result.stdout).toContain('--json');
    }
  });

  it('NO_COLOR wins over FORCE_COLOR in diff output', async () => {
    await box.ws(['next']);
    await fs.writeFile(path.join(box.folder('01-meeting-summary'), 'summary.md'), 'x\n');
    const colored = await box.ws(['diff'], { FORCE_COLOR: '1' });
    expect(colored.stdout).toMatch(/\u001b\[/);
    const plain = await box.ws(['diff'], { FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(plain.stdout).not.toMatch(/\u001b\[/);
  });
});

describe('pack authors: dev check and dev new', () => {
  it('dev check passes the sample pack and prints a table', async () => {
    const result = await box.run(['dev', 'check', samplePack]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/01-meeting-summary +variants\/pass-crlf-bom-japanese +pass +pass +5\/5 +ok/);
    expect(result.stdout).toContain('All 9 cases behave as expected.');
  });

  it('dev check fails (exit 1) when a variant gets another verdict than its expect.json says', async () => {
    const pack = path.join(box.root, 'pack');
    await fs.cp(samplePack, pack, { recursive: true });
    await fs.writeFile(path.join(pack, '02-sort-files', 'variants', 'fail-file-lost', 'expect.json'), '{"pass": true}');
    const result = await box.run(['dev', 'check', pack, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    expect(report.cases.filter((c: any) => !c.ok)).toEqual([
      expect.objectContaining({ exercise: '02-sort-files', case: 'variants/fail-file-lost', expected: 'pass', got: 'fail', details: ['1-preserved: 1 file is missing or changed: invoice-2024-002.pdf.'] }),
    ]);
  });

  it('dev check catches a starter that already passes and a solution that fails', async () => {
    const pack = path.join(box.root, 'pack');
    await fs.cp(samplePack, pack, { recursive: true });
    await fs.cp(path.join(pack, '01-meeting-summary', 'solution', 'summary.md'), path.join(pack, '01-meeting-summary', 'starter', 'summary.md'));
    await fs.rm(path.join(pack, '02-sort-files', 'solution', 'photos'), { recursive: true });
    const report = JSON.parse((await box.run(['dev', 'check', pack, '--json'])).stdout);
    const bad = report.cases.filter((c: any) => !c.ok).map((c: any) => `${c.exercise} ${c.case}`);
    expect(bad).toContain('01-meeting-summary starter');
    expect(bad).toContain('02-sort-files solution');
  });

  it('dev new scaffolds an exercise that dev check already accepts, and adds it to pack.json', async () => {
    const pack = path.join(box.root, 'pack');
    await fs.cp(samplePack, pack, { recursive: true });
    const created = await box.run(['dev', 'new', '03-weekly-report', '--pack', pack, '--json']);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).files).toEqual(
      expect.arrayContaining(['exercise.json', 'brief.md', 'brief.ja.md', 'starter/request.txt', 'solution/answer.md', 'rehearsal.json', 'variants/fail-no-deadline/expect.json']),
    );
    expect(JSON.parse(await fs.readFile(path.join(pack, 'pack.json'), 'utf8')).exercises).toEqual(['01-meeting-summary', '02-sort-files', '03-weekly-report']);
    const check = await box.run(['dev', 'check', pack]);
    expect(check.stdout).toMatch(/03-weekly-report +variants\/fail-request-edited +fail +fail/);
    expect(check.code).toBe(0);
    const again = await box.run(['dev', 'new', '03-weekly-report', '--pack', pack]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });

  it('dev new in an empty folder starts a new pack; without --pack it needs a pack folder', async () => {
    const fresh = path.join(box.root, 'my-pack');
    const created = await box.run(['dev', 'new', 'first', '--pack', fresh]);
    expect(created.code).toBe(0);
    expect(JSON.parse(await fs.readFile(path.join(fresh, 'pack.json'), 'utf8'))).toMatchObject({ id: 'my-pack', languages: ['en', 'ja'], exercises: ['first'] });
    expect((await box.run(['dev', 'check', fresh])).code).toBe(0);
    const nowhere = await box.run(['dev', 'new', 'x']);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('inside a pack folder');
  });
});
