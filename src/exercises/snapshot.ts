import { createHash } from 'node:crypto';

/**
 * A workspace snapshot: what the grader sees. It is plain data (paths → content hashes, and bytes
 * where they were read), so grading is a pure function that tests feed with in-memory snapshots.
 *
 * - Paths are relative, with forward slashes, in Unicode NFC (macOS may hand out decomposed names).
 * - `hash` is Git's blob id of the content, so a snapshot of the baseline can come straight from
 *   `git ls-tree` without reading any file, and the two compare directly.
 * - `bytes` is absent in a baseline read from Git: checks that compare with the baseline only need
 *   hashes.
 */
export interface SnapshotFile {
  path: string;
  hash: string;
  size: number;
  bytes?: Uint8Array;
  /** Last modification time, when read from a disk (used for Codex evidence, never for grading). */
  mtimeMs?: number;
  /** Set when the entry is a symbolic link (never followed): its target. */
  linkTarget?: string;
  /** Where a file too large to hold in memory was read from (no `bytes`): copy it from there. */
  source?: string;
}

export interface WorkspaceSnapshot {
  files: Map<string, SnapshotFile>;
  /** Every folder, including empty ones and the parents of files. */
  dirs: Set<string>;
}

/** Git's blob id: sha1("blob <size>\0" + content). */
export function gitBlobHash(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

export function normalizeRelativePath(relative: string): string {
  return relative.replace(/\\/g, '/').replace(/^\.\//, '').normalize('NFC');
}

/** All parent folders of a relative path ("a/b/c.txt" → "a", "a/b"). */
export function parentDirs(relative: string): string[] {
  const parts = relative.split('/');
  const dirs: string[] = [];
  for (let i = 1; i < parts.length; i += 1) dirs.push(parts.slice(0, i).join('/'));
  return dirs;
}

export function emptySnapshot(): WorkspaceSnapshot {
  return { files: new Map(), dirs: new Set() };
}

export function addFile(snapshot: WorkspaceSnapshot, file: SnapshotFile): void {
  snapshot.files.set(file.path, file);
  for (const dir of parentDirs(file.path)) snapshot.dirs.add(dir);
}

/**
 * Builds a snapshot from `{ "path": "text or bytes" }`; a key ending in "/" is an empty folder.
 * Used by tests, and by dev check to hand the grader a folder already read.
 */
export function snapshotFromEntries(entries: Record<string, string | Uint8Array>): WorkspaceSnapshot {
  const snapshot = emptySnapshot();
  for (const [rawPath, content] of Object.entries(entries)) {
    const relative = normalizeRelativePath(rawPath);
    if (relative.endsWith('/')) {
      const dir = relative.replace(/\/+$/, '');
      snapshot.dirs.add(dir);
      for (const parent of parentDirs(dir)) snapshot.dirs.add(parent);
      continue;
    }
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    addFile(snapshot, { path: relative, hash: gitBlobHash(bytes), size: bytes.byteLength, bytes });
  }
  return snapshot;
}

export interface SnapshotChanges {
  added: string[];
  removed: string[];
  modified: string[];
}

/** What differs between a baseline and a current snapshot, by path and content hash. */
export function compareSnapshots(baseline: WorkspaceSnapshot, current: WorkspaceSnapshot): SnapshotChanges {
  const added: string[] = [];
  const removed: string[] = [];
  const modified: string[] = [];
  for (const [path, file] of current.files) {
    const before = baseline.files.get(path);
    if (!before) added.push(path);
    else if (before.hash !== file.hash) modified.push(path);
  }
  for (const path of baseline.files.keys()) if (!current.files.has(path)) removed.push(path);
  return { added: added.sort(), removed: removed.sort(), modified: modified.sort() };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lossy = new TextDecoder('utf-8');

/**
 * Decodes a file's bytes the way a participant's editor would: UTF-8 (with or without BOM), UTF-16
 * with a BOM (Windows Notepad's "Unicode"), and Shift_JIS (Japanese Excel's CSV export) when the bytes
 * are not valid UTF-8.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return utf8.decode(bytes);
  } catch {
    try {
      return new TextDecoder('shift_jis', { fatal: true }).decode(bytes);
    } catch {
      return utf8Lossy.decode(bytes);
    }
  }
}
