import type { z } from 'zod';
import { type EditChange, type Finding, finding } from '../findings.js';
import { matchesAnyGlob } from '../glob.js';
import type { Check, EditsCheck, Term } from '../pack-schema.js';
import { type SnapshotFile, type WorkspaceSnapshot, decodeText } from '../snapshot.js';
import { containsTerm, normalizeForMatch, plainText } from '../text.js';
import { type Hunk, type Token, type TokenizedText, alignKeys, collapseSpellings, termKey, tokenize } from '../word-diff.js';
import { type CheckOutcome, type GradeContext, failed } from './context.js';

/**
 * `edits`: "only these changes". Every file under `paths` may differ from its starting version only
 * by the declared replacements (`replace`: any spelling of the old name → any form of the new one)
 * and, inside the declared sections, by bringing back text of a reference copy (`restore`). Anything
 * else is named, per file, in plain words: a number changed, words added or removed, a name dropped
 * instead of replaced, an earlier change undone, words that were never in the reference.
 *
 * The comparison is word by word (word-diff.ts), so line endings, a BOM, trailing spaces, wrapping,
 * table padding, list markers and bold or italic marks never count as changes.
 */
type Edits = z.infer<typeof EditsCheck>;

/** How many changes a finding quotes for one file, and how many files get a finding of their own. */
const CHANGES_SHOWN = 3;
const FILES_SHOWN = 3;
const EXCERPT_CHARS = 60;

/** The placeholder key of replacement rule `index`: every spelling of its `from` and `to` collapses into it. */
const placeholder = (index: number) => `\u0000${index}`;
const isPlaceholder = (key: string) => key.startsWith('\u0000');

function spellingsOf(term: Term): string[] {
  return (Array.isArray(term) ? term : [term]).map(termKey).filter(Boolean);
}

interface Version {
  tokenized: TokenizedText;
  tokens: Token[];
}

function readVersion(file: SnapshotFile | undefined, check: Edits): Version | undefined {
  if (!file?.bytes || looksBinary(file.bytes)) return undefined;
  const tokenized = tokenize(plainText(decodeText(file.bytes)));
  let tokens = tokenized.tokens;
  replacementSpellings(check).forEach((spellings, index) => {
    tokens = collapseSpellings(tokens, spellings, placeholder(index));
  });
  return { tokenized, tokens };
}

const spellingsCache = new WeakMap<Edits, string[][]>();

/** For each replacement rule, every spelling of `from` and `to` as token keys (worked out once per check). */
function replacementSpellings(check: Edits): string[][] {
  let spellings = spellingsCache.get(check);
  if (!spellings) {
    spellings = (check.replace ?? []).map((rule) => [...spellingsOf(rule.from), ...spellingsOf(rule.to)]);
    spellingsCache.set(check, spellings);
  }
  return spellings;
}

function looksBinary(bytes: Uint8Array): boolean {
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  return !utf16 && bytes.subarray(0, 8000).includes(0);
}

/** The files an edits check compares with their starting version: what the grader needs the baseline bytes of. */
export function editedPaths(check: Edits, baseline: WorkspaceSnapshot, current: WorkspaceSnapshot): string[] {
  const paths: string[] = [];
  for (const [path, file] of current.files) {
    const before = baseline.files.get(path);
    if (before && before.hash !== file.hash && matchesAnyGlob(path, check.paths)) paths.push(path);
  }
  return paths.sort();
}

function referencePath(folder: string, path: string): string {
  return `${folder.replace(/\/+$/, '')}/${path}`;
}

/**
 * The baseline files whose bytes the checks of an exercise need (edited files under an `edits` check,
 * and their reference copies). A baseline read from Git has hashes only; the session reads exactly
 * these blobs, so grading stays a pure function of two snapshots.
 */
export function baselineBytesNeeded(checks: readonly Check[], baseline: WorkspaceSnapshot, current: WorkspaceSnapshot): string[] {
  const needed = new Set<string>();
  for (const check of checks) {
    if (check.type !== 'edits') continue;
    for (const path of editedPaths(check, baseline, current)) {
      needed.add(path);
      for (const rule of check.restore ?? []) {
        const reference = referencePath(rule.from, path);
        if (baseline.files.has(reference)) needed.add(reference);
      }
    }
  }
  return [...needed].sort();
}

export function checkEdits(check: Edits, ctx: GradeContext): CheckOutcome {
  const inScope = (paths: string[]) => paths.filter((path) => matchesAnyGlob(path, check.paths));
  const added = inScope(ctx.changes.added);
  const removed = inScope(ctx.changes.removed);
  const unavailable: string[] = [];
  const rewritten: string[] = [];
  const unreadable: string[] = [];
  const perFile: Array<{ file: string; changes: EditChange[] }> = [];

  for (const path of editedPaths(check, ctx.baseline, ctx.current)) {
    const beforeFile = ctx.baseline.files.get(path);
    if (!beforeFile?.bytes) {
      unavailable.push(path);
      continue;
    }
    const before = readVersion(beforeFile, check);
    const now = readVersion(ctx.current.files.get(path), check);
    if (!before || !now) {
      unreadable.push(path);
      continue;
    }
    const reference = referenceVersion(check, path, ctx);
    const changes = compareVersions(before, now, reference, check);
    if (changes === 'rewritten') rewritten.push(path);
    else if (changes.length > 0) perFile.push({ file: path, changes: grouped(changes) });
  }

  const findings: Finding[] = [];
  if (added.length) findings.push(finding('files-added', { files: added }));
  if (removed.length) findings.push(finding('files-removed', { files: removed }));
  if (unreadable.length) findings.push(finding('files-edited', { files: unreadable }));
  for (const { file, changes } of perFile.slice(0, FILES_SHOWN)) {
    findings.push(finding('edits-unexpected', { file, changes: changes.slice(0, CHANGES_SHOWN), more: Math.max(0, changes.length - CHANGES_SHOWN) }));
  }
  if (perFile.length > FILES_SHOWN) findings.push(finding('edits-more-files', { files: perFile.slice(FILES_SHOWN).map((entry) => entry.file) }));
  if (rewritten.length) findings.push(finding('edits-rewritten', { files: rewritten }));
  if (unavailable.length) findings.push(finding('edits-unavailable', { files: unavailable }));
  return findings.length === 0 ? { passed: true } : failed(...findings);
}

/** The same change made five times ("TaskNest" dropped from five table rows) is one change with a count. */
function grouped(changes: EditChange[]): EditChange[] {
  const byKey = new Map<string, EditChange>();
  for (const change of changes) {
    const key = JSON.stringify([change.kind, change.before, change.after, change.reference]);
    const twin = byKey.get(key);
    if (twin) twin.times = (twin.times ?? 1) + 1;
    else byKey.set(key, { ...change });
  }
  return [...byKey.values()];
}

interface Reference {
  path: string;
  version: Version;
  /** Its keys joined, to ask "is this run of words in the reference?". */
  joined: string;
}

function referenceVersion(check: Edits, path: string, ctx: GradeContext): Reference | undefined {
  for (const rule of check.restore ?? []) {
    const refPath = referencePath(rule.from, path);
    const file = ctx.baseline.files.get(refPath)?.bytes ? ctx.baseline.files.get(refPath) : ctx.current.files.get(refPath);
    const version = readVersion(file, check);
    if (version) return { path: refPath, version, joined: joinKeys(version.tokens.map((token) => token.key)) };
  }
  return undefined;
}

const SEP = '\u0001';
const joinKeys = (keys: readonly string[]) => `${SEP}${keys.join(SEP)}${SEP}`;

/** The token range [start, end) of the first section whose heading mentions one of the terms. */
function sectionRange(version: Version, sections: readonly Term[]): [number, number] | undefined {
  const { headings } = version.tokenized;
  const index = headings.findIndex((heading) => sections.some((term) => containsTerm(normalizeForMatch(heading.title), term)));
  if (index === -1) return undefined;
  const { line, level } = headings[index];
  const next = headings.slice(index + 1).find((heading) => heading.level <= level);
  const endLine = next ? next.line : Number.POSITIVE_INFINITY;
  const start = version.tokens.findIndex((token) => token.line >= line);
  if (start === -1) return undefined;
  let end = start;
  while (end < version.tokens.length && version.tokens[end].line < endLine) end += 1;
  return [start, end];
}

function compareVersions(before: Version, now: Version, reference: Reference | undefined, check: Edits): EditChange[] | 'rewritten' {
  const sections = (check.restore ?? []).map((rule) => rule.section);
  const beforeRange = reference && sections.length ? sectionRange(before, sections) : undefined;
  const nowRange = beforeRange ? sectionRange(now, sections) : undefined;
  const refRange = nowRange && reference ? sectionRange(reference.version, sections) : undefined;

  if (!beforeRange || !nowRange || !refRange || !reference) {
    const changes = outsideChanges(before, now, before.tokens, now.tokens, reference);
    return changes;
  }
  // Outside the restorable section nothing may change; inside, text may come back from the reference.
  const outside = (version: Version, [start, end]: [number, number]) => [...version.tokens.slice(0, start), ...version.tokens.slice(end)];
  const changes = outsideChanges(before, now, outside(before, beforeRange), outside(now, nowRange), reference);
  if (changes === 'rewritten') return changes;
  const inside = sectionChanges(before.tokens.slice(...beforeRange), now, now.tokens.slice(...nowRange), before, reference.version.tokens.slice(...refRange), reference);
  if (inside === 'rewritten') return inside;
  return [...changes, ...inside];
}

function keysOf(tokens: readonly Token[]): string[] {
  return tokens.map((token) => token.key);
}

function outsideChanges(before: Version, now: Version, a: Token[], b: Token[], reference: Reference | undefined): EditChange[] | 'rewritten' {
  const alignment = alignKeys(keysOf(a), keysOf(b));
  if (!alignment) return 'rewritten';
  return mergeClose(alignment.hunks).map((hunk) => describeHunk(hunk, a, b, before, now, reference));
}

/** Edits one or two tokens apart are one change for a reader (a rewritten Japanese sentence keeps a few particles). */
const GAP_MERGED = 2;

function mergeClose(hunks: Hunk[]): Hunk[] {
  const merged: Hunk[] = [];
  for (const hunk of hunks) {
    const last = merged[merged.length - 1];
    if (last && hunk.aStart - last.aEnd <= GAP_MERGED && hunk.bStart - last.bEnd <= GAP_MERGED) {
      last.aEnd = hunk.aEnd;
      last.bEnd = hunk.bEnd;
    } else merged.push({ ...hunk });
  }
  return merged;
}

function describeHunk(hunk: Hunk, a: Token[], b: Token[], before: Version, now: Version, reference: Reference | undefined): EditChange {
  const removedTokens = a.slice(hunk.aStart, hunk.aEnd);
  const addedTokens = b.slice(hunk.bStart, hunk.bEnd);
  const was = excerpt(before.tokenized.text, removedTokens);
  const is = excerpt(now.tokenized.text, addedTokens);
  if (reference && restoresReference(hunk, a, b, reference)) return { kind: 'undone', before: was, after: is };
  const droppedName = removedTokens.some((token) => isPlaceholder(token.key) && !addedTokens.some((other) => other.key === token.key));
  if (droppedName && addedTokens.length === 0) return { kind: 'name-dropped', before: was };
  if (removedTokens.length === 0) return { kind: 'added', after: is };
  if (addedTokens.length === 0) return { kind: 'removed', before: was };
  const numeric = (tokens: Token[]) => tokens.length <= 3 && tokens.some((token) => /^\p{Nd}/u.test(token.key));
  if (numeric(removedTokens) && numeric(addedTokens)) return { kind: 'number', before: was, after: is };
  return { kind: 'changed', before: was, after: is };
}

/** The edit puts back words of the reference (with their neighbours) where the starting version had others. */
function restoresReference(hunk: Hunk, a: Token[], b: Token[], reference: Reference): boolean {
  if (hunk.bEnd === hunk.bStart && hunk.aEnd === hunk.aStart) return false;
  const withContext = (tokens: Token[], start: number, end: number, left: Token | undefined, right: Token | undefined) =>
    joinKeys([...(left ? [left.key] : []), ...keysOf(tokens.slice(start, end)), ...(right ? [right.key] : [])]);
  const nowRun = withContext(b, hunk.bStart, hunk.bEnd, b[hunk.bStart - 1], b[hunk.bEnd]);
  const beforeRun = withContext(a, hunk.aStart, hunk.aEnd, a[hunk.aStart - 1], a[hunk.aEnd]);
  return reference.joined.includes(nowRun) && !reference.joined.includes(beforeRun);
}

/**
 * Inside a restorable section every word must be accounted for: kept from the starting version, or
 * brought back from the reference (in any order, so a rule put back at the end of the list is fine).
 * Words from neither are new; words of the starting version that were also in the reference (the
 * original text) may not go; the harmful change's own words may.
 */
function sectionChanges(a: Token[], now: Version, b: Token[], before: Version, r: Token[], reference: Reference): EditChange[] | 'rewritten' {
  const kept = alignKeys(keysOf(a), keysOf(b));
  const restored = alignKeys(keysOf(r), keysOf(b));
  const original = alignKeys(keysOf(r), keysOf(a));
  if (!kept || !restored || !original) return 'rewritten';
  const changes: EditChange[] = [];
  for (const run of runsByLine(b, (j) => !kept.keptB[j] && !restored.keptB[j])) {
    changes.push({ kind: 'not-from-reference', after: excerpt(now.tokenized.text, run), reference: reference.path });
  }
  for (const run of runsByLine(a, (i) => !kept.keptA[i] && original.keptB[i])) {
    changes.push({ kind: 'removed', before: excerpt(before.tokenized.text, run) });
  }
  return changes;
}

/** Tokens selected by `pick`, as runs from the first to the last picked token of each line. */
function runsByLine(tokens: Token[], pick: (index: number) => boolean): Token[][] {
  const runs: Token[][] = [];
  let current: { line: number; from: number; to: number } | undefined;
  tokens.forEach((token, index) => {
    if (!pick(index)) return;
    if (current && current.line === token.line) current.to = index;
    else {
      if (current) runs.push(tokens.slice(current.from, current.to + 1));
      current = { line: token.line, from: index, to: index };
    }
  });
  if (current) runs.push(tokens.slice(current.from, current.to + 1));
  return runs;
}

/** A short quote of the text the tokens span: one line, markdown marks dropped, long runs cut with "…". */
function excerpt(text: string, tokens: Token[]): string {
  if (tokens.length === 0) return '';
  const raw = text
    .slice(tokens[0].start, tokens[tokens.length - 1].end)
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return raw.length > EXCERPT_CHARS ? `${raw.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : raw;
}
