import { matchDistinct } from './matching.js';
import type { WorkspaceSnapshot } from './snapshot.js';

/**
 * Content identity: where is each starter file now? A starter file is followed by its content (Git's
 * blob hash, which the baseline always has, even read from Git without bytes), not by its name, so
 * "DSC_0412.JPG is now called 2024-03-16_nara.jpg" is a fact the grader can check.
 *
 * Starter files with identical content are matched to the places holding that content one to one
 * (bipartite matching), so two identical starter files need two places, and a place that suits one of
 * them is not spent on the other.
 */
export interface Followed {
  /** The starter file (baseline path). */
  file: string;
  /** Where its content is now, or undefined when no place is left for it (deleted, edited, overwritten). */
  place?: string;
  /** The place fits what the caller requires of this file. */
  fits: boolean;
}

export interface FollowResult {
  followed: Followed[];
  /** Further places holding the content of a followed file: copies. */
  copies: string[];
}

function byHash(snapshot: WorkspaceSnapshot): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [path, file] of snapshot.files) {
    const list = map.get(file.hash);
    if (list) list.push(path);
    else map.set(file.hash, [path]);
  }
  for (const list of map.values()) list.sort();
  return map;
}

/**
 * Follows the starter files in `files` (baseline paths) to their places in `current`. `fits(file,
 * place)` says whether a place is right for a file; a place that fits is preferred, and among those a
 * place other than the file's old path (the exercise asked to move or rename). Starter files not
 * followed but sharing the content keep their claim on a place too (their old path first).
 */
export function followContent(
  baseline: WorkspaceSnapshot,
  current: WorkspaceSnapshot,
  files: readonly string[],
  fits: (file: string, place: string) => boolean,
): FollowResult {
  const followedSet = new Set(files);
  const baselineByHash = byHash(baseline);
  const currentByHash = byHash(current);
  const result = new Map<string, Followed>();
  const copies: string[] = [];

  const hashes = new Set(files.map((file) => baseline.files.get(file)?.hash).filter((hash): hash is string => hash !== undefined));
  for (const hash of hashes) {
    const owners = baselineByHash.get(hash) ?? [];
    const places = currentByHash.get(hash) ?? [];
    // Candidate places per owner, best first: fitting, then moved away from the old path.
    const edges = owners.map((owner) => {
      if (!followedSet.has(owner)) return [...places].sort((a, b) => Number(b === owner) - Number(a === owner));
      return places.filter((place) => fits(owner, place)).sort((a, b) => Number(a === owner) - Number(b === owner));
    });
    const placeIndex = new Map(places.map((place, index) => [place, index]));
    const assigned = matchDistinct(
      edges.map((candidates) => candidates.map((place) => placeIndex.get(place) as number)),
      places.length,
    );
    const ownerOfPlace = new Map<string, number>();
    assigned.forEach((column, owner) => {
      if (column !== -1) ownerOfPlace.set(places[column], owner);
    });

    const placeOfOwner = new Map<number, string>();
    for (const [place, owner] of ownerOfPlace) placeOfOwner.set(owner, place);
    const free = places.filter((place) => !ownerOfPlace.has(place));
    owners.forEach((owner, index) => {
      if (!followedSet.has(owner)) return;
      const place = placeOfOwner.get(index);
      if (place !== undefined) {
        result.set(owner, { file: owner, place, fits: true });
        return;
      }
      // No fitting place: the file is somewhere wrong (its old path first, as "not moved"), or gone.
      const wrong = free.includes(owner) ? owner : free[0];
      if (wrong !== undefined) free.splice(free.indexOf(wrong), 1);
      result.set(owner, { file: owner, place: wrong, fits: false });
    });
    if (owners.some((owner) => followedSet.has(owner))) copies.push(...free);
  }

  for (const file of files) if (!result.has(file)) result.set(file, { file, fits: false });
  return { followed: [...files].sort().map((file) => result.get(file) as Followed), copies: copies.sort() };
}

/** The file name of a path. */
export function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

export type LostKind = 'edited' | 'converted' | 'missing';

/**
 * Why a starter file's content is nowhere: edited (a file of the same name now holds other content),
 * converted (a new file of the same name but another type, whiteboard.HEIC → whiteboard.jpg), or
 * missing (deleted, overwritten, or renamed and edited: the two cannot be told apart).
 */
export function explainLost(file: string, baseline: WorkspaceSnapshot, current: WorkspaceSnapshot): { kind: LostKind; evidence?: string } {
  const baselineHashes = new Set([...baseline.files.values()].map((entry) => entry.hash));
  const fresh = [...current.files.values()].filter((entry) => !baselineHashes.has(entry.hash)).map((entry) => entry.path);
  if (current.files.has(file) && !baselineHashes.has(current.files.get(file)?.hash ?? '')) return { kind: 'edited', evidence: file };
  const name = fileName(file).toLowerCase();
  const sameName = fresh.find((path) => fileName(path).toLowerCase() === name);
  if (sameName) return { kind: 'edited', evidence: sameName };
  const sameStem = fresh.find((path) => stem(fileName(path)).toLowerCase() === stem(name));
  if (sameStem) return { kind: 'converted', evidence: sameStem };
  return { kind: 'missing' };
}

/** Current files whose content no starter file had (new files, and edited ones). */
export function freshFiles(baseline: WorkspaceSnapshot, current: WorkspaceSnapshot): string[] {
  const baselineHashes = new Set([...baseline.files.values()].map((entry) => entry.hash));
  return [...current.files.values()]
    .filter((entry) => !baselineHashes.has(entry.hash))
    .map((entry) => entry.path)
    .sort();
}
