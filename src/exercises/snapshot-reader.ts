import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { ExitCode, UserError, describeFsError } from '../core/errors.js';
import { isInside } from '../core/paths.js';
import { type WorkspaceSnapshot, addFile, emptySnapshot, gitBlobHash, normalizeRelativePath, parentDirs } from './snapshot.js';

/**
 * Reads a folder into a snapshot, fast (2,000 files well under the 500 ms grading budget): one
 * directory walk, then the files read in parallel batches.
 *
 * Two modes, because the two kinds of folder deserve different trust:
 * - `workspace` (the participant's exercise folder): symbolic links are recorded, never followed, so a
 *   link Codex made to /etc or C:\ is a changed file, not a way to read the disk.
 * - `pack` (starter/, solution/, variants/ of an exercise): a link pointing outside the folder is an
 *   error naming the file; a link to a file inside is read as that file.
 */
export type SnapshotMode = 'workspace' | 'pack';

export interface ReadSnapshotOptions {
  mode: SnapshotMode;
  /** Leave out these relative paths (e.g. a variant's expect.json). */
  exclude?: (relativePath: string) => boolean;
}

/** Files that appear when a person opens a folder, not when Codex works in it. */
const JUNK_FILE = /^(\.DS_Store|Thumbs\.db|desktop\.ini|~\$.*|\.~lock\..*#)$/i;
export const IGNORED_NAMES_DESCRIPTION = '.git folders, .DS_Store, Thumbs.db, desktop.ini and Office lock files (~$…)';

export function isIgnoredName(name: string, isDirectory: boolean): boolean {
  return isDirectory ? name === '.git' : JUNK_FILE.test(name);
}

/** Above this size a file is hashed as a stream and its bytes are not kept (a video in a photo folder). */
const MAX_BYTES_KEPT = 32 * 1024 * 1024;
const PARALLEL_READS = 48;

interface Found {
  absolute: string;
  relative: string;
  link?: string;
}

export async function readFolderSnapshot(root: string, options: ReadSnapshotOptions): Promise<WorkspaceSnapshot> {
  const snapshot = emptySnapshot();
  const files: Found[] = [];
  const realRoot = options.mode === 'pack' ? await fs.realpath(root).catch(() => path.resolve(root)) : path.resolve(root);

  const pending: string[] = [''];
  while (pending.length > 0) {
    const relativeDir = pending.pop() as string;
    const absoluteDir = path.join(root, relativeDir);
    let entries;
    try {
      entries = await fs.readdir(absoluteDir, { withFileTypes: true });
    } catch (error) {
      throw describeFsError(error, `read the folder ${absoluteDir}`);
    }
    for (const entry of entries) {
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (isIgnoredName(entry.name, entry.isDirectory())) continue;
      if (options.exclude?.(normalizeRelativePath(relative))) continue;
      const absolute = path.join(root, relative);
      if (entry.isDirectory()) {
        snapshot.dirs.add(normalizeRelativePath(relative));
        pending.push(relative);
      } else if (entry.isSymbolicLink()) {
        if (options.mode === 'workspace') {
          files.push({ absolute, relative, link: await fs.readlink(absolute) });
        } else {
          files.push({ absolute: await packLinkTarget(absolute, realRoot), relative });
        }
      } else if (entry.isFile()) {
        files.push({ absolute, relative });
      }
      // Sockets, FIFOs and devices are not workspace content; they are left out.
    }
  }

  for (let i = 0; i < files.length; i += PARALLEL_READS) {
    await Promise.all(files.slice(i, i + PARALLEL_READS).map((found) => readOne(found, snapshot)));
  }
  for (const dir of [...snapshot.dirs]) for (const parent of parentDirs(dir)) snapshot.dirs.add(parent);
  return snapshot;
}

async function packLinkTarget(link: string, realRoot: string): Promise<string> {
  let target: string;
  try {
    target = await fs.realpath(link);
  } catch {
    throw new UserError(`${link} is a symbolic link to something that does not exist. Replace it with the file itself.`, ExitCode.usage);
  }
  if (!isInside(realRoot, target)) {
    throw new UserError(`${link} is a symbolic link pointing outside the exercise folder (to ${target}). Exercise files must stay inside their folder: copy the file in instead.`, ExitCode.usage);
  }
  const stat = await fs.stat(target);
  if (!stat.isFile()) throw new UserError(`${link} is a symbolic link to a folder; use a real folder instead.`, ExitCode.usage);
  return target;
}

async function readOne(found: Found, snapshot: WorkspaceSnapshot): Promise<void> {
  const relative = normalizeRelativePath(found.relative);
  if (found.link !== undefined) {
    const bytes = new TextEncoder().encode(found.link);
    addFile(snapshot, { path: relative, hash: gitBlobHash(bytes), size: bytes.byteLength, linkTarget: found.link });
    return;
  }
  try {
    const handle = await fs.open(found.absolute, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_BYTES_KEPT) {
        addFile(snapshot, { path: relative, hash: await streamBlobHash(found.absolute, size), size });
        return;
      }
      const bytes = await handle.readFile();
      addFile(snapshot, { path: relative, hash: gitBlobHash(bytes), size: bytes.byteLength, bytes });
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw describeFsError(error, `read ${found.absolute}`);
  }
}

async function streamBlobHash(file: string, size: number): Promise<string> {
  const hash = createHash('sha1').update(`blob ${size}\0`);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
