import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ExitCode, UserError, isErrno, said } from '../core/errors.js';
import { SKILL_LIMITS, type SkillProblem } from '../protocol/skills.js';
import type { SkillInputFile } from './validate.js';

/**
 * Reads a skill folder for `workshop skills publish DIR` (issue 15). Everything in it counts,
 * hidden files too: what is not sent must be said, so a problem names it (a `.git` folder, a
 * socket, a symlink to a folder). A symbolic link is never followed out of the folder: its real
 * target is found first, and one outside is reported as such and never read. Reads are bounded: a
 * file over the per-file limit, or anything past the total limit, is measured but not read (the
 * checks refuse the skill for it anyway), and the walk stops counting at WALK_LIMIT entries.
 */
export interface SkillFolder {
  /** The folder, resolved. */
  folder: string;
  /** Its name: a skill's `name` must be the same (the Agent Skills rule). */
  folderName: string;
  files: SkillInputFile[];
  /** What the folder holds that is not sent (a `.git` folder, special files). */
  problems: SkillProblem[];
}

/** Entries walked at most: far over the file limit, so the count shown is real, yet bounded. */
export const WALK_LIMIT = 10_000;

export async function readSkillFolder(dir: string): Promise<SkillFolder> {
  const folder = path.resolve(dir);
  let stat;
  try {
    stat = await fs.stat(folder);
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) throw new UserError(said('skills-folder-missing', { folder }), ExitCode.usage);
    throw error;
  }
  if (!stat.isDirectory()) throw new UserError(said('skills-not-folder', { folder }), ExitCode.usage);
  const real = await fs.realpath(folder);
  const files: SkillInputFile[] = [];
  const problems: SkillProblem[] = [];
  let readBytes = 0;
  let walked = 0;

  const readBounded = async (file: string, size: number): Promise<Uint8Array> => {
    if (size > SKILL_LIMITS.fileBytes || readBytes + size > SKILL_LIMITS.totalBytes) return new Uint8Array(0);
    const bytes = await fs.readFile(file);
    // A file that grew since it was measured is cut at what was measured plus one byte, so its size still shows.
    const kept = bytes.length > size ? bytes.subarray(0, size + 1) : bytes;
    readBytes += kept.length;
    return kept;
  };

  const walk = async (relDir: string): Promise<void> => {
    const entries = (await fs.readdir(path.join(folder, relDir), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if ((walked += 1) > WALK_LIMIT) return;
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const full = path.join(folder, rel);
      if (entry.name === '.git') {
        problems.push({ code: 'git-folder', file: rel, values: {} });
        continue;
      }
      if (entry.isDirectory()) {
        await walk(rel);
      } else if (entry.isSymbolicLink()) {
        await readLink(rel, full);
      } else if (entry.isFile()) {
        const info = await fs.stat(full);
        files.push({ path: rel, bytes: await readBounded(full, info.size), size: info.size, executable: isExecutable(info.mode) });
      } else {
        problems.push({ code: 'special-file', file: rel, values: {} });
      }
    }
  };

  const readLink = async (rel: string, full: string): Promise<void> => {
    let target: string;
    try {
      target = await fs.realpath(full);
    } catch {
      problems.push({ code: 'special-file', file: rel, values: {} });
      return;
    }
    const inside = target === real || target.startsWith(`${real}${path.sep}`);
    if (!inside) {
      // Never opened: the checks see an absolute target and refuse it.
      files.push({ path: rel, bytes: new Uint8Array(0), size: 0, executable: false, symlinkTarget: target });
      return;
    }
    const info = await fs.stat(target);
    if (!info.isFile()) {
      problems.push({ code: 'special-file', file: rel, values: {} });
      return;
    }
    const relTarget = path.relative(path.dirname(path.join(real, rel)), target).split(path.sep).join('/');
    files.push({ path: rel, bytes: await readBounded(target, info.size), size: info.size, executable: isExecutable(info.mode), symlinkTarget: relTarget });
  };

  await walk('');
  if (walked > WALK_LIMIT) problems.push({ code: 'too-many-files', values: { count: WALK_LIMIT, max: SKILL_LIMITS.files } });
  return { folder, folderName: path.basename(folder), files, problems };
}

function isExecutable(mode: number): boolean {
  return process.platform !== 'win32' && (mode & 0o111) !== 0;
}
