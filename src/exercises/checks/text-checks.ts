import type { z } from 'zod';
import type { ChecklistCheck, ContainsCheck, MatchesCheck, Term } from '../pack-schema.js';
import { assignTermsToDistinct, containsTerm, describeTerm, normalizeForMatch } from '../text.js';
import { type CheckOutcome, type GradeContext, listPaths, noFileMatches } from './context.js';

/** Checks about what files say: terms, patterns, task lists. All read the normalised text. */

export function checkContains(check: z.infer<typeof ContainsCheck>, ctx: GradeContext): CheckOutcome {
  const files = ctx.files(check.path);
  if (files.length === 0) return noFileMatches(check.path);
  const texts = files.map((path) => ctx.normalized(path));
  const mentioned = (term: Term) => texts.some((text) => containsTerm(text, term));

  const problems: string[] = [];
  const missing = (check.all ?? []).filter((term) => !mentioned(term));
  if (missing.length > 0) problems.push(`does not mention ${missing.map(describeTerm).join(', ')}`);
  if (check.any?.length && !check.any.some(mentioned)) problems.push(`mentions none of ${check.any.map(describeTerm).join(', ')}`);
  const forbidden = (check.none ?? []).filter(mentioned);
  if (forbidden.length > 0) problems.push(`should not mention ${forbidden.map(describeTerm).join(', ')}`);
  const where = files.length === 1 ? files[0] : listPaths(files);
  return problems.length === 0 ? { passed: true } : { passed: false, detail: `${where}: ${problems.join('; ')}` };
}

/** Counting is capped: a runaway pattern on a huge file must not stall grading. */
const MAX_MATCHES = 10_000;

export function checkMatches(check: z.infer<typeof MatchesCheck>, ctx: GradeContext): CheckOutcome {
  const files = ctx.files(check.path);
  if (files.length === 0) return noFileMatches(check.path);
  const flags = [...new Set(`${check.flags ?? ''}g`)].join('');
  const pattern = new RegExp(check.regex, flags);
  let count = 0;
  for (const path of files) {
    for (const _match of ctx.plain(path).matchAll(pattern)) {
      count += 1;
      if (count >= MAX_MATCHES) break;
    }
  }
  const min = check.min ?? 1;
  return { passed: count >= min, detail: `${count} match(es) in ${listPaths(files)}; expected at least ${min}` };
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
  const problems: string[] = [];
  if (items.length < min) problems.push(`found ${items.length} task-list item(s) (like "- [ ] …"); expected at least ${min}`);
  if (terms.length > 0) {
    const assignment = assignTermsToDistinct(
      terms,
      items.map((item) => normalizeForMatch(item.text)),
    );
    const unmatched = terms.filter((_term, index) => assignment[index] === -1);
    if (unmatched.length > 0) problems.push(`no separate item for ${unmatched.map(describeTerm).join(', ')}`);
  }
  return problems.length === 0 ? { passed: true, detail: `${items.length} task-list item(s)` } : { passed: false, detail: problems.join('; ') };
}
