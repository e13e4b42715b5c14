import { matchesAnyGlob, matchesGlob, matchesNameGlob } from '../glob.js';
import type { AbsentCheck, CountCheck, ExistsCheck, PlacementCheck, PreservedCheck, ScopeCheck, UnchangedCheck } from '../pack-schema.js';
import { parentDirs } from '../snapshot.js';
import { containsTerm, describeTerm, normalizeForMatch } from '../text.js';
import { type CheckOutcome, type GradeContext, listPaths } from './context.js';
import type { z } from 'zod';

/** Checks about which files exist, where they sit, and what changed: they look at paths and hashes only. */

function pathsMatching(ctx: GradeContext, glob: string): string[] {
  const files = ctx.files(glob);
  const dirs = [...ctx.current.dirs].filter((dir) => matchesGlob(dir, glob) || matchesGlob(`${dir}/`, glob));
  return [...files, ...dirs].sort();
}

export function checkExists(check: z.infer<typeof ExistsCheck>, ctx: GradeContext): CheckOutcome {
  const found = pathsMatching(ctx, check.path);
  return found.length > 0 ? { passed: true, detail: `found ${listPaths(found)}` } : { passed: false, detail: `nothing matches "${check.path}"` };
}

export function checkAbsent(check: z.infer<typeof AbsentCheck>, ctx: GradeContext): CheckOutcome {
  const found = pathsMatching(ctx, check.path);
  return found.length === 0 ? { passed: true } : { passed: false, detail: `still there: ${listPaths(found)}` };
}

export function checkPreserved(check: z.infer<typeof PreservedCheck>, ctx: GradeContext): CheckOutcome {
  const contentsNow = new Set<string>();
  for (const file of ctx.current.files.values()) contentsNow.add(file.hash);
  const from = check.from ?? '**';
  const lost: string[] = [];
  let considered = 0;
  for (const [path, file] of ctx.baseline.files) {
    if (!matchesGlob(path, from)) continue;
    considered += 1;
    if (!contentsNow.has(file.hash)) lost.push(path);
  }
  if (lost.length > 0) return { passed: false, detail: `missing or edited: ${listPaths(lost.sort())}` };
  return { passed: true, detail: `all ${considered} starter file(s) still there` };
}

export function checkUnchanged(check: z.infer<typeof UnchangedCheck>, ctx: GradeContext): CheckOutcome {
  const differing: string[] = [];
  const paths = new Set<string>();
  for (const path of ctx.baseline.files.keys()) if (matchesAnyGlob(path, check.paths)) paths.add(path);
  for (const path of ctx.current.files.keys()) if (matchesAnyGlob(path, check.paths)) paths.add(path);
  for (const path of paths) {
    const before = ctx.baseline.files.get(path);
    const now = ctx.current.files.get(path);
    if (!before) differing.push(`${path} (added)`);
    else if (!now) differing.push(`${path} (removed)`);
    else if (before.hash !== now.hash) differing.push(`${path} (edited)`);
  }
  return differing.length === 0 ? { passed: true } : { passed: false, detail: `changed: ${listPaths(differing.sort())}` };
}

export function checkCount(check: z.infer<typeof CountCheck>, ctx: GradeContext): CheckOutcome {
  const count = ctx.files(check.glob).length;
  const min = check.min ?? (check.max === undefined ? 1 : 0);
  const max = check.max ?? Number.POSITIVE_INFINITY;
  const range = max === Number.POSITIVE_INFINITY ? `at least ${min}` : min === 0 ? `at most ${max}` : `${min} to ${max}`;
  const passed = count >= min && count <= max;
  return { passed, detail: `${count} file(s) match "${check.glob}"; expected ${range}` };
}

export function checkPlacement(check: z.infer<typeof PlacementCheck>, ctx: GradeContext): CheckOutcome {
  const problems: string[] = [];
  for (const rule of check.rules) {
    const files = [...ctx.current.files.keys()].filter((path) => matchesNameGlob(path, rule.files)).sort();
    if (files.length === 0) {
      problems.push(`no file matches "${rule.files}"`);
      continue;
    }
    const misplaced = files.filter((path) => !parentDirs(path).some((dir) => containsTerm(normalizeForMatch(dir.split('/').pop() ?? ''), rule.folder)));
    if (misplaced.length > 0) problems.push(`not in a folder named like ${describeTerm(rule.folder)}: ${listPaths(misplaced)}`);
  }
  return problems.length === 0 ? { passed: true } : { passed: false, detail: problems.join('; ') };
}

export function checkScope(check: z.infer<typeof ScopeCheck>, ctx: GradeContext): CheckOutcome {
  const outside = [
    ...ctx.changes.added.map((path) => ({ path, how: 'added' })),
    ...ctx.changes.removed.map((path) => ({ path, how: 'removed' })),
    ...ctx.changes.modified.map((path) => ({ path, how: 'edited' })),
  ].filter(({ path }) => !matchesAnyGlob(path, check.allow));
  if (outside.length === 0) return { passed: true };
  return { passed: false, detail: `changed outside what was asked: ${listPaths(outside.map(({ path, how }) => `${path} (${how})`).sort())}` };
}
