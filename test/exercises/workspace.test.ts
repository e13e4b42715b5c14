import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { diffAgainstBaseline, diffIsEmpty } from '../../src/exercises/diff.js';
import { type LoadedPack, loadPack } from '../../src/exercises/pack-loader.js';
import { resetToBaseline, undoReset } from '../../src/exercises/reset.js';
import { compareSnapshots } from '../../src/exercises/snapshot.js';
import { unwritableFolder } from './unwritable.js';
import { inspectFolder, readBaselineSnapshot, readWorkspaceSnapshot, recordPassInFolder, setUpExerciseFolder } from '../../src/exercises/workspace.js';
import { wordError } from '../../src/i18n/participant/word-error.js';

let pack: LoadedPack;
let root: string;
const savedHome = process.env.HOME;

beforeAll(async () => {
  pack = await loadPack(path.resolve('test/fixtures/sample-pack'));
});

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'workspace-'));
  // A home folder with no Git configuration at all: no name, no email.
  process.env.HOME = path.join(root, 'home');
  await fs.mkdir(process.env.HOME);
});
afterEach(async () => {
  process.env.HOME = savedHome;
  await fs.rm(root, { recursive: true, force: true });
});
afterAll(() => {
  process.env.HOME = savedHome;
});

const git = (folder: string, ...args: string[]) => execFileSync('git', args, { cwd: folder, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });

describe('setting up an exercise folder', () => {
  it('copies the starter files and records a baseline commit, with no Git configuration at all', async () => {
    const folder = path.join(root, 'ws', '01-meeting-summary');
    const result = await setUpExerciseFolder(pack, pack.exercises[0], folder);
    expect(result.reused).toBe(false);
    expect(await fs.readFile(path.join(folder, 'notes.txt'), 'utf8')).toMatch(/^Team meeting, Tuesday/);
    expect(git(folder, 'log', '--format=%an <%ae>|%s', 'refs/workshop/baseline').trim()).toBe('Codex workshop <workshop@codex-workshop.invalid>|workshop: baseline of 01-meeting-summary');
    expect(git(folder, 'status', '--porcelain').trim()).toBe('');
    const inspection = await inspectFolder(folder);
    expect(inspection).toMatchObject({ kind: 'exercise', exerciseId: '01-meeting-summary', packId: 'sample-pack', setupAt: result.setupAt });
    expect(inspection.baselineCommit).toBe(git(folder, 'rev-parse', 'HEAD').trim());
  });

  it('is not disturbed by a hostile global Git configuration (autocrlf, signing, hooks)', async () => {
    const hooks = path.join(root, 'hooks');
    await fs.mkdir(hooks);
    await fs.writeFile(path.join(hooks, 'pre-commit'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    await fs.writeFile(path.join(hooks, 'post-commit'), '#!/bin/sh\ntouch hooked.txt\n', { mode: 0o755 });
    await fs.writeFile(
      path.join(process.env.HOME as string, '.gitconfig'),
      `[core]\n\tautocrlf = true\n\thooksPath = ${hooks}\n[commit]\n\tgpgsign = true\n[gpg]\n\tprogram = false\n[init]\n\tdefaultBranch = trunk\n`,
    );
    const folder = path.join(root, 'ws', '01-meeting-summary');
    await setUpExerciseFolder(pack, pack.exercises[0], folder);
    await expect(fs.stat(path.join(folder, 'hooked.txt'))).rejects.toThrow();
    const baseline = await readBaselineSnapshot(folder);
    const current = await readWorkspaceSnapshot(folder);
    expect(compareSnapshots(baseline, current)).toEqual({ added: [], removed: [], modified: [], });
  });

  it('reuses a folder already set up for the same exercise and refuses a foreign one', async () => {
    const folder = path.join(root, 'ws', '01-meeting-summary');
    const first = await setUpExerciseFolder(pack, pack.exercises[0], folder);
    const again = await setUpExerciseFolder(pack, pack.exercises[0], folder);
    expect(again).toMatchObject({ reused: true, setupAt: first.setupAt });
    expect(again.baselineCommit).toBe(git(folder, 'rev-parse', 'refs/workshop/baseline').trim());
    expect(wordError(await setUpExerciseFolder(pack, pack.exercises[1], folder).catch((error) => error), 'en')).toMatch(/already holds another workshop exercise \(01-meeting-summary\)/);

    const foreign = path.join(root, 'ws', 'mine');
    await fs.mkdir(foreign, { recursive: true });
    await fs.writeFile(path.join(foreign, 'precious.txt'), 'mine');
    expect(wordError(await setUpExerciseFolder(pack, pack.exercises[0], foreign).catch((error) => error), 'en')).toMatch(/already exists and is not a workshop exercise folder.*nothing in it was touched/);
    expect(await fs.readFile(path.join(foreign, 'precious.txt'), 'utf8')).toBe('mine');
  });

  it('leaves nothing behind, with a clear message, when the workspace cannot be written', async () => {
    const locked = await unwritableFolder(root);
    const error = await setUpExerciseFolder(pack, pack.exercises[0], path.join(locked, 'ex')).catch((e) => e);
    expect(error.message).toMatch(/permission denied.*nothing was changed/);
    await expect(fs.stat(path.join(locked, 'ex'))).rejects.toThrow();
  });
});

describe('diff, reset and undo', () => {
  it('shows added, removed, modified and renamed files with their text', async () => {
    const folder = path.join(root, 'ws', '02-sort-files');
    await setUpExerciseFolder(pack, pack.exercises[1], folder);
    await fs.mkdir(path.join(folder, 'invoices'));
    await fs.rename(path.join(folder, 'invoice-2024-001.pdf'), path.join(folder, 'invoices', 'invoice-2024-001.pdf'));
    await fs.rm(path.join(folder, 'invoice-2024-002.pdf'));
    await fs.appendFile(path.join(folder, 'team-lunch.jpg'), 'edited by AI\n');
    await fs.writeFile(path.join(folder, 'メモ.md'), '# 新しいメモ\n');
    await fs.writeFile(path.join(folder, '.DS_Store'), 'junk');
    const diff = await diffAgainstBaseline(folder);
    expect(diff.renamed).toEqual([{ from: 'invoice-2024-001.pdf', to: 'invoices/invoice-2024-001.pdf' }]);
    expect(diff.removed).toEqual(['invoice-2024-002.pdf']);
    expect(diff.modified).toEqual(['team-lunch.jpg']);
    expect(diff.added).toEqual(['メモ.md']);
    expect(diff.text).toContain('+# 新しいメモ');
    expect(diff.text).not.toContain('\u001b[');
    const stat = await diffAgainstBaseline(folder, { stat: true, color: true });
    expect(stat.text).toContain('メモ.md');
    // Issue 12: never git's colours (they would pass the files' own escape sequences through);
    // src/exercises/render.ts colours the sanitised text.
    expect(stat.text).not.toContain('\u001b[');
  });

  it('reset returns to the baseline and undo brings the discarded work back, round trip', async () => {
    const folder = path.join(root, 'ws', '01-meeting-summary');
    await setUpExerciseFolder(pack, pack.exercises[0], folder);
    await fs.writeFile(path.join(folder, 'summary.md'), '# my work\n');
    await fs.writeFile(path.join(folder, 'notes.txt'), 'overwritten by AI\n');
    await fs.writeFile(path.join(folder, '.gitignore'), 'secret.log\n');
    await fs.writeFile(path.join(folder, 'secret.log'), 'ignored but precious\n');
    const before = await readWorkspaceSnapshot(folder);

    const reset = await resetToBaseline(folder);
    expect(reset.keptAs).toBe('refs/workshop/discarded/1');
    expect(diffIsEmpty(await diffAgainstBaseline(folder))).toBe(true);
    await expect(fs.stat(path.join(folder, 'secret.log'))).rejects.toThrow();

    const undo = await undoReset(folder);
    expect(undo).toEqual({ restored: 'refs/workshop/discarded/1', keptAs: undefined });
    const after = await readWorkspaceSnapshot(folder);
    expect(compareSnapshots(before, after)).toEqual({ added: [], removed: [], modified: [] });
    expect(git(folder, 'status', '--porcelain')).toContain('M notes.txt');
  });

  it('undo after new work keeps that work too, so a second undo returns to it', async () => {
    const folder = path.join(root, 'ws', '01-meeting-summary');
    await setUpExerciseFolder(pack, pack.exercises[0], folder);
    await fs.writeFile(path.join(folder, 'first.md'), 'first try');
    await resetToBaseline(folder);
    await fs.writeFile(path.join(folder, 'second.md'), 'second try');
    const undo = await undoReset(folder);
    expect(undo.keptAs).toBe('refs/workshop/discarded/2');
    expect(await fs.readdir(folder)).toContain('first.md');
    expect(await fs.readdir(folder)).not.toContain('second.md');
    await undoReset(folder);
    expect(await fs.readdir(folder)).toContain('second.md');
    expect(await fs.readdir(folder)).not.toContain('first.md');
  });

  it('reset of an untouched folder keeps nothing, and undo without a reset says so', async () => {
    const folder = path.join(root, 'ws', '01-meeting-summary');
    await setUpExerciseFolder(pack, pack.exercises[0], folder);
    expect(await resetToBaseline(folder)).toEqual({ keptAs: undefined });
    expect(wordError(await undoReset(folder).catch((error) => error), 'en')).toMatch(/nothing to undo/);
  });

  it('records a pass in the folder history, readable without any state file', async () => {
    const folder = path.join(root, 'ws', '01-meeting-summary');
    await setUpExerciseFolder(pack, pack.exercises[0], folder);
    await fs.writeFile(path.join(folder, 'summary.md'), 'done');
    await recordPassInFolder(folder, { exerciseId: '01-meeting-summary', passedAt: '2025-05-01T10:00:00.000Z', score: 5, maxScore: 5, attempts: 2 });
    const inspection = await inspectFolder(folder);
    expect(inspection.passed).toMatchObject({ at: '2025-05-01T10:00:00.000Z', score: 5, maxScore: 5, attempts: 2 });
    expect(git(folder, 'status', '--porcelain')).toContain('?? summary.md');
  });
});
