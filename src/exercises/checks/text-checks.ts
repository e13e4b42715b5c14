import type { z } from 'zod';
import type { ChecklistCheck, ContainsCheck, MatchesCheck, Term } from '../pack-schema.js';
import { finding } from '../findings.js';
import { assignTermsToDistinct, containsTerm, normalizeForMatch } from '../text.js';
import { countMatchesBounded } from './bounded-regex.js';
import { type CheckOutcome, type GradeContext, failed, noFileMatches } from './context.js';

/** Checks about what files say: terms, patterns, task lists. All read the normalised text. */

export function checkContains(check: z.infer<typeof ContainsCheck>, ctx: GradeContext): CheckOutcome {
  const files = ctx.files(check.path);
  if (files.length === 0) return noFileMatches(check.path);
  const texts = files.map((path) => ctx.normalized(path));
  const mentioned = (term: Term) => texts.some((text) => containsTerm(text, term));

  const findings = [];
  const missing = (check.all ?? []).filter((term) => !mentioned(term));
  if (missing.length > 0) findings.push(finding('terms-missing', { terms: missing }));
  if (check.any?.length && !check.any.some(mentioned)) findings.push(finding('terms-none-of', { terms: check.any }));
  const forbidden = (check.none ?? []).filter(mentioned);
  if (forbidden.length > 0) findings.push(finding('terms-forbidden', { terms: forbidden }));
  return findings.length === 0 ? { passed: true } : failed(...findings);
}

export function checkMatches(check: z.infer<typeof MatchesCheck>, ctx: GradeContext): CheckOutcome {
  const files = ctx.files(check.path);
  if (files.length === 0) return noFileMatches(check.path);
  const flags = [...new Set(`${check.flags ?? ''}g`)].join('');
  const count = countMatchesBounded(new RegExp(check.regex, flags), files.map((path) => ctx.plain(path)));
  if (count === 'timeout') return failed(finding('pattern-too-slow', {}));
  const min = check.min ?? 1;
  if (count >= min) return { passed: true };
  return failed(count === 0 ? finding('pattern-absent', { files }) : finding('pattern-too-few', { count, min }));
}

/** "- [ ] text", "* [x] text", "1. [ ] text", "・[ ] text" (NFKC folds full-width brackets). */
const TASK_ITEM = /^\s*(?:[-*+•・]|\d{1,3}[.)])\s*\[([ xX✓✔])\]\s*(.*)$/;

export function taskListItems(plain: string): Array<{ done: boolean; text: string }> {
  const items: Array<{ done: boolean; text: string }> = [];
  for (const line of plain.split('\n')) {
    const match = TASK_ITEM.exec(line.normalize('NFKC'));
    if (match) items.push({ done: match[1] !== ' ', text: match[2] });
  }
  return items;
}

export function checkChecklist(check: z.infer<typeof ChecklistCheck>, ctx: GradeContext): CheckOutcome {
  const files = ctx.files(check.path);
  if (files.length === 0) return noFileMatches(check.path);
  const items = files.flatMap((path) => taskListItems(ctx.plain(path)));
  const terms = check.items ?? [];
  const min = check.min ?? (terms.length || 1);
  const findings = [];
  if (items.length < min) findings.push(finding('checklist-too-few', { count: items.length, min }));
  if (terms.length > 0) {
    const assignment = assignTermsToDistinct(
      terms,
      items.map((item) => normalizeForMatch(item.text)),
    );
    const unmatched = terms.filter((_term, index) => assignment[index] === -1);
    if (unmatched.length > 0) findings.push(finding('checklist-missing', { terms: unmatched }));
  }
  return findings.length === 0 ? { passed: true } : failed(...findings);
}
