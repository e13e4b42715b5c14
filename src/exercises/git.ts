import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type SimpleGit, simpleGit } from 'simple-git';
import { ExitCode, UserError, said } from '../core/errors.js';

/**
 * Git for exercise folders, through simple-git. Every exercise folder is its own small repository
 * with a baseline commit; the participant never needs to know Git, or to have configured it.
 *
 * Why the environment is cleaned: the participant's Git settings must not leak in (GIT_DIR from a
 * hook, a global hooksPath, autocrlf rewriting their files, a pager or editor waiting for input), and
 * simple-git refuses to run with some of those variables set at all.
 */
export const BASELINE_REF = 'refs/workshop/baseline';
export const PASSED_REF = 'refs/workshop/passed';
export const DISCARDED_PREFIX = 'refs/workshop/discarded/';
export const RESTORED_PREFIX = 'refs/workshop/restored/';

/** Written into each exercise repository's .git/config, so it works with no Git configuration at all. */
const LOCAL_CONFIG = `[user]
\tname = Codex workshop
\temail = workshop@codex-workshop.invalid
[commit]
\tgpgsign = false
[tag]
\tgpgsign = false
[core]
\tautocrlf = false
\tsafecrlf = false
\tquotepath = false
\thooksPath = .git/workshop-no-hooks
\tfsmonitor = false
[gc]
\tauto = 0
`;

/** Files a person's desktop adds to folders; never part of an exercise (also see snapshot-reader). */
export const JUNK_PATTERNS = ['.DS_Store', 'Thumbs.db', 'desktop.ini', '~$*', '.~lock.*#'];

const DROPPED_ENV = new Set(['editor', 'pager', 'prefix', 'ssh_askpass', 'visual', 'less']);

export function cleanGitEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    const lower = key.toLowerCase();
    if (lower.startsWith('git') || DROPPED_ENV.has(lower)) continue;
    env[key] = value;
  }
  return { ...env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', GIT_OPTIONAL_LOCKS: '0', ...extra };
}

/**
 * Given on every Git command line (`-c`), so it outranks whatever the folder's own .git/config says.
 * A pack is untrusted input, and on a case-insensitive disk a starter folder named `.GIT` would have
 * become the repository: nothing in a repository's configuration may run a program. Hooks point at a
 * folder that does not exist, no fsmonitor, no signing program, no pager, no network transport, and
 * Git itself refuses paths that NTFS or HFS+ would take for `.git`. Filters, diff and merge drivers
 * come from attributes, which `info/attributes` neutralises (ATTRIBUTES below); diffs also run with
 * --no-ext-diff --no-textconv.
 */
export const HARDENED_CONFIG = [
  'core.hooksPath=.git/workshop-no-hooks',
  'core.fsmonitor=false',
  'core.attributesFile=.git/workshop-no-attributes',
  'core.pager=cat',
  'core.protectNTFS=true',
  'core.protectHFS=true',
  'commit.gpgsign=false',
  'tag.gpgsign=false',
  'protocol.allow=never',
];

/** Highest-precedence attributes: every path's filter, diff, merge and encoding drivers unset. */
export const NEUTRAL_ATTRIBUTES = '# Added by codex-workshop: no attribute in the folder may name a filter or driver\n* !filter !diff !merge !text !eol !ident !working-tree-encoding !export-subst\n';

export function gitIn(folder: string, extraEnv: Record<string, string> = {}): SimpleGit {
  return simpleGit({
    baseDir: folder,
    maxConcurrentProcesses: 4,
    trimmed: false,
    config: [...HARDENED_CONFIG, `core.worktree=${path.resolve(folder)}`],
    // simple-git refuses these keys on a command line unless told: here they are what disables them.
    unsafe: { allowUnsafeHooksPath: true, allowUnsafeFsMonitor: true, allowUnsafePager: true, allowUnsafeProtocolOverride: true },
  }).env(cleanGitEnv(extraEnv));
}

/**
 * Runs a git command, turning "git is not installed" and other failures into advice.
 *
 * Speed note: simple-git waits an extra 50 ms after any command that printed nothing (its way of
 * telling "done" from "not started yet"), so commands here run without -q and with --verbose where
 * Git has it. Only `update-ref` and `read-tree` are silent by nature.
 */
export async function runGit(git: SimpleGit, args: string[], doing: string): Promise<string> {
  try {
    return await git.raw(args);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/ENOENT|not found|is not recognized/i.test(message) && /spawn|git/i.test(message)) {
      throw new UserError(said('git-missing', {}), ExitCode.failure, { cause: error });
    }
    throw new UserError(`Git failed while trying to ${doing}: ${message.trim().split('\n').slice(0, 3).join(' ')}`, ExitCode.failure, { cause: error });
  }
}

/** Makes `folder` a repository with the workshop's local configuration. */
export async function initRepository(folder: string): Promise<SimpleGit> {
  const git = gitIn(folder);
  // The branch name does not matter (nothing refers to it), so Git's own default is kept: one process less.
  await runGit(git, ['init'], `create a Git repository in ${folder}`);
  await fs.appendFile(path.join(folder, '.git', 'config'), LOCAL_CONFIG);
  await fs.mkdir(path.join(folder, '.git', 'info'), { recursive: true });
  await fs.writeFile(path.join(folder, '.git', 'info', 'exclude'), `# Added by codex-workshop: files a desktop adds, never part of an exercise\n${JUNK_PATTERNS.join('\n')}\n`);
  await fs.writeFile(path.join(folder, '.git', 'info', 'attributes'), NEUTRAL_ATTRIBUTES);
  return git;
}

export async function resolveRef(git: SimpleGit, ref: string): Promise<string | undefined> {
  try {
    const out = await git.raw(['rev-parse', '-q', '--verify', `${ref}^{commit}`]);
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

const junkPathspecs = JUNK_PATTERNS.map((pattern) => `:(exclude,glob)**/${pattern}`);

/**
 * Runs `fn` with a Git instance whose index is a temporary file holding the whole working tree (new,
 * ignored and deleted files included). Diffs, discarded-state snapshots and pass records use it, so
 * the participant's own index (if they use Git themselves) is never touched.
 */
export async function withWorkingTreeIndex<T>(folder: string, fn: (git: SimpleGit) => Promise<T>): Promise<T> {
  const indexFile = path.join(folder, '.git', `workshop-index-${process.pid}-${randomBytes(4).toString('hex')}`);
  const git = gitIn(folder, { GIT_INDEX_FILE: indexFile });
  try {
    await runGit(git, ['add', '-A', '-f', '--verbose', '--', '.', ...junkPathspecs], `read the files in ${folder}`);
    return await fn(git);
  } finally {
    await fs.rm(indexFile, { force: true }).catch(() => undefined);
  }
}

/** Commits the working tree (via the temporary index) without moving any branch; returns the commit id. */
export async function commitWorkingTree(git: SimpleGit, parent: string, message: string): Promise<string> {
  const tree = (await runGit(git, ['write-tree'], 'record the files')).trim();
  return (await runGit(git, ['commit-tree', tree, '-p', parent, '-m', message], 'record the files')).trim();
}

export async function treeOf(git: SimpleGit, commit: string): Promise<string> {
  return (await runGit(git, ['rev-parse', `${commit}^{tree}`], 'read a recorded state')).trim();
}

export async function listRefs(git: SimpleGit, prefix: string): Promise<string[]> {
  const out = await runGit(git, ['for-each-ref', '--format=%(refname)', prefix], 'list recorded states');
  return out.split('\n').filter(Boolean);
}

/** "Workshop-Exercise: 01-first" trailers of a commit message, as a record. */
export function parseTrailers(message: string): Record<string, string> {
  const trailers: Record<string, string> = {};
  for (const line of message.split('\n')) {
    const match = /^(Workshop-[A-Za-z-]+):\s*(.*)$/.exec(line.trim());
    if (match) trailers[match[1]] = match[2];
  }
  return trailers;
}

export async function commitInfo(git: SimpleGit, commit: string): Promise<{ date: string; trailers: Record<string, string> }> {
  const out = await runGit(git, ['show', '-s', '--format=%cI%n%B', commit], 'read a recorded state');
  const [date, ...body] = out.split('\n');
  return { date: new Date(date.trim()).toISOString(), trailers: parseTrailers(body.join('\n')) };
}
