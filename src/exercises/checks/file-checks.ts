import type { z } from 'zod';
import { finding } from '../findings.js';
import { matchesAnyGlob, matchesGlob, matchesNameGlob } from '../glob.js';
import type { AbsentCheck, CountCheck, ExistsCheck, PlacementCheck, PreservedCheck, ScopeCheck, UnchangedCheck } from '../pack-schema.js';
import { parentDirs } from '../snapshot.js';
import { containsTerm, normalizeForMatch } from '../text.js';
import { type CheckOutcome, type GradeContext, failed } from './context.js';

/** Checks about which files exist, where they sit, and what changed: they look at paths and hashes only. */

function pathsMatching(ctx: GradeContext, glob: string): string[] {
  const files = ctx.files(glob);
  const dirs = [...ctx.current.dirs].filter((dir) => matchesGlob(dir, glob) || matchesGlob(`${dir}/`, glob));
  return [...files, ...dirs].sort();
}

export function checkExists(check: z.infer<typeof ExistsCheck>, ctx: GradeContext): CheckOutcome {
  const found = pathsMatching(ctx, check.path);
  return found.length > 0 ? { passed: true } : failed(finding('nothing-like', { glob: check.path }));
}

export function checkAbsent(check: z.infer<typeof AbsentCheck>, ctx: GradeContext): CheckOutcome {
  const found = pathsMatching(ctx, check.path);
  return found.length === 0 ? { passed: true } : failed(finding('still-there', { files: found }));
}

export function checkPreserved(check: z.infer<typeof PreservedCheck>, ctx: GradeContext): CheckOutcome {
  const contentsNow = new Set<string>();
  for (const file of ctx.current.files.values()) contentsNow.add(file.hash);
  const from = check.from ?? '**';
  const lost: string[] = [];
  for (const [path, file] of ctx.baseline.files) {
    if (!matchesGlob(path, from)) continue;
    if (!contentsNow.has(file.hash)) lost.push(path);
  }
  return lost.length > 0 ? failed(finding('lost', { files: lost.sort() })) : { passed: true };
}

/** Added, removed and edited files among `paths`, each kind one finding. */
function changeFindings(added: string[], removed: string[], edited: string[]): CheckOutcome {
  const findings = [
    ...(added.length ? [finding('files-added', { files: added.sort() })] : []),
    ...(removed.length ? [finding('files-removed', { files: removed.sort() })] : []),
    ...(edited.length ? [finding('files-edited', { files: edited.sort() })] : []),
  ];
  return findings.length === 0 ? { passed: true } : failed(...findings);
}

export function checkUnchanged(check: z.infer<typeof UnchangedCheck>, ctx: GradeContext): CheckOutcome {
  const added: string[] = [];
  const removed: string[] = [];
  const edited: string[] = [];
  const paths = new Set<string>();
  for (const path of ctx.baseline.files.keys()) if (matchesAnyGlob(path, check.paths)) paths.add(path);
  for (const path of ctx.current.files.keys()) if (matchesAnyGlob(path, check.paths)) paths.add(path);
  for (const path of paths) {
    const before = ctx.baseline.files.get(path);
    const now = ctx.current.files.get(path);
    if (!before) added.push(path);
    else if (!now) removed.push(path);
    else if (before.hash !== now.hash) edited.push(path);
  }
  return changeFindings(added, removed, edited);
}

export function checkCount(check: z.infer<typeof CountCheck>, ctx: GradeContext): CheckOutcome {
  const count = ctx.files(check.glob).length;
  const min = check.min ?? (check.max === undefined ? 1 : 0);
  if (count < min) return failed(finding('count-too-few', { glob: check.glob, count, min }));
  if (check.max !== undefined && count > check.max) return failed(finding('count-too-many', { glob: check.glob, count, max: check.max }));
  return { passed: true };
}

export function checkPlacement(check: z.infer<typeof PlacementCheck>, ctx: GradeContext): CheckOutcome {
  const findings = [];
  for (const rule of check.rules) {
    const files = [...ctx.current.files.keys()].filter((path) => matchesNameGlob(path, rule.files)).sort();
    if (files.length === 0) {
      findings.push(finding('no-file', { glob: rule.files }));
      continue;
    }
    const misplaced = files.filter((path) => !parentDirs(path).some((dir) => containsTerm(normalizeForMatch(dir.split('/').pop() ?? ''), rule.folder)));
    if (misplaced.length > 0) findings.push(finding('misplaced', { folder: rule.folder, files: misplaced }));
  }
  return findings.length === 0 ? { passed: true } : failed(...mergeMisplaced(findings));
}

/** Rules for *.jpg and *.png that share a folder are one finding: "5 files are not in a photos folder". */
function mergeMisplaced(findings: ReturnType<typeof finding>[]): ReturnType<typeof finding>[] {
  const merged: ReturnType<typeof finding>[] = [];
  for (const item of findings) {
    const twin = item.code === 'misplaced' ? merged.find((other) => other.code === 'misplaced' && JSON.stringify(other.params.folder) === JSON.stringify(item.params.folder)) : undefined;
    if (twin && twin.code === 'misplaced' && item.code === 'misplaced') twin.params.files = [...twin.params.files, ...item.params.files].sort();
    else merged.push(item);
  }
  return merged;
}

export function checkScope(check: z.infer<typeof ScopeCheck>, ctx: GradeContext): CheckOutcome {
  const outside = (paths: string[]) => paths.filter((path) => !matchesAnyGlob(path, check.allow));
  return changeFindings(outside(ctx.changes.added), outside(ctx.changes.removed), outside(ctx.changes.modified));
}
