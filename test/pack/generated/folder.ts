import { decodeText, snapshotFromEntries, type WorkspaceSnapshot } from '../../../src/exercises/snapshot.js';

/**
 * A whole exercise folder as plain data (path → bytes), the unit the case generators transform. Text
 * files are read and written as UTF-8 unless a transform chooses another encoding on purpose.
 */
export type Folder = Map<string, Uint8Array>;

const TEXT_FILE = /\.(md|markdown|txt|csv|tsv)$/i;

export function isTextPath(path: string): boolean {
  return TEXT_FILE.test(path);
}

export function folderFromSnapshot(snapshot: WorkspaceSnapshot): Folder {
  const folder: Folder = new Map();
  for (const [path, file] of snapshot.files) {
    if (!file.bytes) throw new Error(`${path}: the generators need the bytes of every file`);
    folder.set(path, file.bytes);
  }
  return folder;
}

export function toSnapshot(folder: Folder): WorkspaceSnapshot {
  return snapshotFromEntries(Object.fromEntries(folder));
}

export function readText(folder: Folder, path: string): string {
  return decodeText(folder.get(path) ?? new Uint8Array()).replace(/^\uFEFF/, '');
}

export function writeText(folder: Folder, path: string, text: string): void {
  folder.set(path, new TextEncoder().encode(text));
}

export function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b || a.byteLength !== b.byteLength) return false;
  return a.every((byte, index) => byte === b[index]);
}

/**
 * Text files the AI wrote: new content, or a starter file edited in place. A starter file left alone,
 * or only moved or renamed, is not output (reformatting it would be an edit a reviewer rejects).
 */
export function outputTextFiles(folder: Folder, starter: Folder): string[] {
  const starterContents = [...starter.values()];
  return [...folder.keys()]
    .filter((path) => isTextPath(path) && !starterContents.some((bytes) => sameBytes(bytes, folder.get(path))))
    .sort();
}

/** Paths whose content came from the starter but now sit somewhere else (moved or renamed files). */
export function movedFiles(folder: Folder, starter: Folder): string[] {
  const starterContents = [...starter.values()];
  return [...folder.keys()].filter((path) => !starter.has(path) && starterContents.some((bytes) => sameBytes(bytes, folder.get(path)))).sort();
}

export function copyFolder(folder: Folder): Folder {
  return new Map(folder);
}
