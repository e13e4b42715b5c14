import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, promises as fs, readFileSync, readSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { ExitCode, UserError, describeFsError } from '../core/errors.js';
import { isInside } from '../core/paths.js';
import { type WorkspaceSnapshot, addFile, emptySnapshot, gitBlobHash, normalizeRelativePath, parentDirs } from './snapshot.js';

/**
 * Reads a folder into a snapshot, fast (2,000 files well under the 500 ms grading budget). The reads
 * are synchronous on purpose: a CLI has nothing else to do meanwhile, and Node's promise-based file
 * handles cost four thread-pool round trips per file, several times slower than the plain system calls.
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
export const IGNORED_NAMES_DESCRIPTION = '.git folders (and names a case-insensitive disk or Windows takes for .git or .gitmodules), .DS_Store, Thumbs.db, desktop.ini and Office lock files (~$…)';

/** Characters HFS+ ignores in names, and the bidi/zero-width ones that hide a name's real spelling. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g;

/**
 * A name that is, or that a case-insensitive disk (macOS, Windows) or Windows' own name rules would
 * treat as, Git's own folder or its submodule list: `.git`, `.GIT`, `.Git`, `.git.`, `.git ` (trailing
 * dots and spaces are dropped by Windows), `.git::$INDEX_ALLOCATION` (an NTFS stream of the folder),
 * `GIT~1` (its 8.3 short name), with invisible characters ignored; likewise `.gitmodules`. A starter
 * must never create one: copied into a folder about to become a repository, it would become the
 * repository's configuration (see git.ts).
 */
export function isGitName(name: string): boolean {
  const visible = name.normalize('NFC').replace(INVISIBLE, '').toLowerCase();
  return /^\.git(?:modules)?[. ]*(?::.*)?$/.test(visible) || /^(?:git|gitmod)~\d+$/.test(visible);
}

export function isIgnoredName(name: string, isDirectory: boolean): boolean {
  return isGitName(name) || (!isDirectory && JUNK_FILE.test(name));
}

/**
 * Above this size a file is hashed as a stream and its bytes are not kept (a video in a photo folder);
 * whoever needs its content (setting up an exercise) copies it from `source` as a stream. Pack folders
 * keep less in memory: their large files are only ever copied, never graded as text.
 */
const MAX_BYTES_KEPT: Record<SnapshotMode, number> = { workspace: 32 * 1024 * 1024, pack: 8 * 1024 * 1024 };

/** A pack is untrusted input: one file, and one folder of it (a starter, a solution, a variant), are bounded. */
export const PACK_FILE_LIMIT = 100 * 1024 * 1024;
export const PACK_FOLDER_LIMIT = 256 * 1024 * 1024;

const megabytes = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MB`;

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
      entries = readdirSync(absoluteDir, { withFileTypes: true });
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
          files.push({ absolute, relative, link: readlinkSync(absolute) });
        } else {
          files.push({ absolute: await packLinkTarget(absolute, realRoot), relative });
        }
      } else if (entry.isFile()) {
        files.push({ absolute, relative });
      }
      // Sockets, FIFOs and devices are not workspace content; they are left out.
    }
  }

  let total = 0;
  for (const found of files) {
    const size = readOne(found, snapshot, options.mode);
    total += size;
    if (options.mode === 'pack' && total > PACK_FOLDER_LIMIT) {
      throw new UserError(
        `${root} holds more than ${megabytes(PACK_FOLDER_LIMIT)} of files (${found.absolute} is where it went over). Exercise packs must stay small: keep large media out of starters, solutions and variants.`,
        ExitCode.usage,
      );
    }
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

/** Reads one file into the snapshot; returns its size. */
function readOne(found: Found, snapshot: WorkspaceSnapshot, mode: SnapshotMode): number {
  const relative = normalizeRelativePath(found.relative);
  if (found.link !== undefined) {
    const bytes = new TextEncoder().encode(found.link);
    addFile(snapshot, { path: relative, hash: gitBlobHash(bytes), size: bytes.byteLength, linkTarget: found.link });
    return bytes.byteLength;
  }
  let fd: number | undefined;
  try {
    fd = openSync(found.absolute, 'r');
    const { size } = fstatSync(fd);
    if (mode === 'pack' && size > PACK_FILE_LIMIT) {
      throw new UserError(`${found.absolute} is ${megabytes(size)}; a file in an exercise pack may be at most ${megabytes(PACK_FILE_LIMIT)}. Keep large media out of the pack.`, ExitCode.usage);
    }
    if (size > MAX_BYTES_KEPT[mode]) {
      addFile(snapshot, { path: relative, hash: streamBlobHash(fd, size), size, source: found.absolute });
      return size;
    }
    const bytes = readFileSync(fd);
    addFile(snapshot, { path: relative, hash: gitBlobHash(bytes), size: bytes.byteLength, bytes });
    return bytes.byteLength;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw describeFsError(error, `read ${found.absolute}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Hashes a large file in 1 MB pieces without holding it in memory. */
function streamBlobHash(fd: number, size: number): string {
  const hash = createHash('sha1').update(`blob ${size}\0`);
  const buffer = Buffer.alloc(1024 * 1024);
  let position = 0;
  for (;;) {
    const read = readSync(fd, buffer, 0, buffer.length, position);
    if (read === 0) break;
    hash.update(buffer.subarray(0, read));
    position += read;
  }
  return hash.digest('hex');
}
