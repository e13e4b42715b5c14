import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffAgainstBaseline } from '../../src/exercises/diff.js';
import { loadPack } from '../../src/exercises/pack-loader.js';
import { resetToBaseline, undoReset } from '../../src/exercises/reset.js';
import { isGitName } from '../../src/exercises/snapshot-reader.js';
import { createHash } from 'node:crypto';
import { countMatchesBounded } from '../../src/exercises/checks/bounded-regex.js';
import { devCheck } from '../../src/exercises/dev-check.js';
import { PACK_FILE_LIMIT } from '../../src/exercises/snapshot-reader.js';
import { recordPassInFolder, setUpExerciseFolder } from '../../src/exercises/workspace.js';
import { runCheck } from './helpers.js';

/**
 * A pack is untrusted input (issue 12): a starter must not be able to become the exercise folder's
 * Git repository, and nothing in a repository's own configuration may run a program when workshop
 * runs Git there.
 */
let root: string;
const savedHome = process.env.HOME;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'hostile-pack-'));
  process.env.HOME = path.join(root, 'home');
  await fs.mkdir(process.env.HOME);
});
afterEach(async () => {
  process.env.HOME = savedHome;
  await fs.rm(root, { recursive: true, force: true });
});

async function writeFiles(base: string, files: Record<string, string>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(base, relative)), { recursive: true });
    await fs.writeFile(path.join(base, relative), content);
  }
}

/** A one-exercise pack whose starter holds the given files. */
async function packWithStarter(starter: Record<string, string>, checks: unknown[] = [{ type: 'exists', path: 'done.txt', message: 'done' }]): Promise<string> {
  const dir = path.join(root, 'pack');
  await writeFiles(dir, {
    'pack.json': JSON.stringify({ id: 'hostile', version: '1', title: 'Hostile', languages: ['en'], exercises: ['01-x'] }),
    '01-x/exercise.json': JSON.stringify({
      id: '01-x',
      title: 'x',
      minutes: 5,
      suggestedPrompt: 'x',
      checks,
    }),
    '01-x/brief.md': '# x\n',
    '01-x/solution/done.txt': 'done\n',
    ...Object.fromEntries(Object.entries(starter).map(([relative, content]) => [`01-x/starter/${relative}`, content])),
  });
  return dir;
}

describe('names a case-insensitive disk or Windows takes for .git', () => {
  it('recognises every spelling of .git and .gitmodules, and nothing else', () => {
    for (const name of ['.git', '.GIT', '.Git', '.git.', '.git ', '.git. .', '.git::$INDEX_ALLOCATION', '.git:stream', 'GIT~1', 'git~2', '.g\u200cit', '.\u200bGIT', '.gitmodules', '.GitModules', '.gitmodules.', 'GITMOD~1']) {
      expect(isGitName(name), JSON.stringify(name)).toBe(true);
    }
    for (const name of ['.gitignore', '.gitattributes', 'git', 'my.git', '.github', 'notes.git.txt', 'gitlab']) {
      expect(isGitName(name), JSON.stringify(name)).toBe(false);
    }
  });

  it('never copies them from a starter into the exercise folder', async () => {
    const hostileConfig = '[core]\n\tfsmonitor = touch PWNED\n[filter "x"]\n\tclean = touch PWNED\n';
    const pack = await loadPack(
      await packWithStarter({
        'notes.txt': 'notes\n',
        '.GIT/config': hostileConfig,
        '.Git/hooks/pre-commit': '#!/bin/sh\ntouch PWNED\n',
        '.git./config': hostileConfig,
        'GIT~1/config': hostileConfig,
        '.gitmodules': '[submodule "x"]\n\tpath = x\n\turl = ../x\n',
        '.gitattributes': '* filter=x\n',
      }),
    );
    const folder = path.join(root, 'ws', '01-x');
    await setUpExerciseFolder(pack, pack.exercises[0], folder);
    const names = await fs.readdir(folder);
    expect(names.sort()).toEqual(['.git', '.gitattributes', 'notes.txt']);
    expect(existsSync(path.join(folder, 'PWNED'))).toBe(false);
    // What Git recorded as the starting point: only the ordinary files.
    const tracked = execFileSync('git', ['ls-tree', '-r', '--name-only', 'refs/workshop/baseline'], { cwd: folder, encoding: 'utf8' }).trim().split('\n');
    expect(tracked.sort()).toEqual(['.gitattributes', 'notes.txt']);
  });
});

describe('a repository whose own configuration tries to run programs', () => {
  it('runs none of them during setup, diff, reset, undo and recording a pass', async () => {
    const pack = await loadPack(await packWithStarter({ 'notes.txt': 'notes\n' }));
    const folder = path.join(root, 'ws', '01-x');
    await setUpExerciseFolder(pack, pack.exercises[0], folder);

    // Pre-seed the configuration the way a `.GIT` starter folder would on macOS or Windows.
    const marker = path.join(root, 'PWNED');
    const run = `sh -c 'echo ran >> ${marker}'`;
    await fs.mkdir(path.join(folder, 'evil-hooks'));
    for (const hook of ['pre-commit', 'post-commit', 'commit-msg', 'post-checkout', 'reference-transaction', 'post-index-change']) {
      await fs.writeFile(path.join(folder, 'evil-hooks', hook), `#!/bin/sh\necho ran >> ${marker}\n`, { mode: 0o755 });
    }
    await fs.appendFile(
      path.join(folder, '.git', 'config'),
      [
        '[core]',
        '\thooksPath = evil-hooks',
        `\tfsmonitor = ${run}`,
        `\tpager = ${run}`,
        '[filter "x"]',
        `\tclean = ${run}`,
        `\tsmudge = ${run}`,
        `\tprocess = ${run}`,
        '[diff "x"]',
        `\tcommand = ${run}`,
        `\ttextconv = ${run}`,
        '[diff]',
        `\texternal = ${run}`,
        '[commit]',
        '\tgpgsign = true',
        '[gpg]',
        `\tprogram = ${run}`,
        '',
      ].join('\n'),
    );
    await fs.writeFile(path.join(folder, '.gitattributes'), '* filter=x diff=x\n');
    await fs.writeFile(path.join(folder, 'notes.txt'), 'notes, changed\n');
    await fs.writeFile(path.join(folder, 'done.txt'), 'done\n');

    const diff = await diffAgainstBaseline(folder);
    expect(diff.added).toContain('done.txt');
    expect(diff.text).toContain('+notes, changed');
    await recordPassInFolder(folder, { exerciseId: '01-x', passedAt: new Date().toISOString(), score: 1, maxScore: 1, attempts: 1 });
    await resetToBaseline(folder);
    expect(await fs.readFile(path.join(folder, 'notes.txt'), 'utf8')).toBe('notes\n');
    await undoReset(folder);
    expect(await fs.readFile(path.join(folder, 'notes.txt'), 'utf8')).toBe('notes, changed\n');

    expect(existsSync(marker), 'a program named in the folder’s Git configuration ran').toBe(false);
  });
});

describe('pack files are bounded and links stay inside the pack', () => {
  it('copies a large starter file whole, as a stream, instead of an empty file', async () => {
    const dir = await packWithStarter({ 'notes.txt': 'notes\n' });
    const big = Buffer.alloc(40 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
    await fs.writeFile(path.join(dir, '01-x', 'starter', 'recording.mp4'), big);
    const pack = await loadPack(dir);
    const folder = path.join(root, 'ws', '01-x');
    await setUpExerciseFolder(pack, pack.exercises[0], folder);
    const copied = await fs.readFile(path.join(folder, 'recording.mp4'));
    expect(copied.byteLength).toBe(big.byteLength);
    expect(createHash('sha1').update(copied).digest('hex')).toBe(createHash('sha1').update(big).digest('hex'));
  });

  it('refuses a starter file over the limit, naming the file', async () => {
    const dir = await packWithStarter({ 'notes.txt': 'notes\n' });
    const huge = path.join(dir, '01-x', 'starter', 'huge.bin');
    await fs.writeFile(huge, '');
    await fs.truncate(huge, PACK_FILE_LIMIT + 1);
    const pack = await loadPack(dir);
    const attempt = setUpExerciseFolder(pack, pack.exercises[0], path.join(root, 'ws', '01-x'));
    await expect(attempt).rejects.toThrow(/huge\.bin is 101 MB; a file in an exercise pack may be at most 100 MB/);
    expect(existsSync(path.join(root, 'ws', '01-x'))).toBe(false);
  });

  it('refuses a brief or exercise.json that links outside the pack', async () => {
    const dir = await packWithStarter({ 'notes.txt': 'notes\n' });
    const secret = path.join(root, 'secret.txt');
    await fs.writeFile(secret, 'SECRET\n');
    await fs.rm(path.join(dir, '01-x', 'brief.md'));
    await fs.symlink(secret, path.join(dir, '01-x', 'brief.md'));
    await expect(loadPack(dir)).rejects.toThrow(/brief\.md: is a link pointing outside the pack/);
  });
});

describe('a pack pattern that backtracks forever', () => {
  const slow = { type: 'matches', path: 'notes.txt', regex: '^(a+)+$', message: 'm' };

  it('fails its check within the time bound instead of hanging grading', () => {
    const started = Date.now();
    const result = runCheck(slow, { 'notes.txt': `${'a'.repeat(40)}!` });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.passed).toBe(false);
    expect(result.findings).toEqual([{ code: 'pattern-too-slow', params: {} }]);
    // An ordinary pattern is unaffected, and counts as before.
    expect(countMatchesBounded(/b/g, ['abcb', 'b'])).toBe(3);
  });

  it('fails `dev check`, naming the exercise and the check', async () => {
    const dir = await packWithStarter({ 'notes.txt': 'notes\n' }, [{ ...slow, id: 'only-as' }, { type: 'exists', path: 'done.txt', message: 'done' }]);
    const report = await devCheck(await loadPack(dir));
    expect(report.ok).toBe(false);
    expect(report.slowPatterns).toEqual([{ exercise: '01-x', check: 'only-as' }]);
  });
});
