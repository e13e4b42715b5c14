import { createHash } from 'node:crypto';

/**
 * The SHA-256 a reviewer approves (issue 15): over every file's path, executable bit and bytes, in
 * path order, each length-prefixed so no two different folders give the same stream. Computed by the
 * server on what it stores; the CLI shows it, so "I approved a3f…" names exactly these files.
 */
export function skillDigest(files: ReadonlyArray<{ path: string; bytes: Uint8Array; executable: boolean }>): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const name = Buffer.from(file.path, 'utf8');
    hash.update(`${name.length}:`).update(name).update(file.executable ? 'x' : '-').update(`${file.bytes.length}:`).update(file.bytes);
  }
  return hash.digest('hex');
}
