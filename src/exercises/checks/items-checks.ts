import type { z } from 'zod';
import { dateIs } from '../dates.js';
import { type Finding, finding } from '../findings.js';
import { type DueReading, type OwnerReading, ownerIs, readDue, readOwners } from '../item-facts.js';
import { DEFAULT_IGNORE_LABELS, type ItemList, type ListedItem, itemLabel, parseItems } from '../items.js';
import { assignBest } from '../matching.js';
import type { ITEM_ASPECTS, ItemsCheck, LocalizedText } from '../pack-schema.js';
import { containsTerm, normalizeForMatch } from '../text.js';
import { type CheckOutcome, type GradeContext, failed, noFileMatches } from './context.js';

/**
 * The `items` check: a list judged item by item, as a reviewer reads an action list against its
 * source. Which listed item stands for which required item is decided once for all aspects (best
 * pairing: right words first, then right owner and date), so an item listed twice (first with the
 * date said first, then with the corrected one) is paired with its right copy and the other copy
 * counts as an extra. Forbidden things are judged per listed item, never per file, so a
 * "Not included: birthday cake" note passes, and only items not paired with a required item are
 * judged (a note inside a real item, "no new tote bags needed", is not a listed tote-bag order).
 */
type Check = z.infer<typeof ItemsCheck>;
type Aspect = (typeof ITEM_ASPECTS)[number];

interface Judged {
  item: ListedItem;
  normalized: string;
  owners?: OwnerReading;
  due?: DueReading;
  forbidden?: NonNullable<Check['forbidden']>[number];
}

function aspectsOf(check: Check): Set<Aspect> {
  if (check.judge) return new Set(check.judge);
  const aspects = new Set<Aspect>();
  if (check.shape) aspects.add('shape');
  if (check.count) aspects.add('count');
  if (check.required?.length) aspects.add('present');
  if (check.required?.some((item) => item.owner !== undefined)) aspects.add('owner');
  if (check.required?.some((item) => item.due !== undefined)) aspects.add('due');
  if (check.forbidden?.length) aspects.add('forbidden');
  return aspects;
}

/**
 * The file that holds the list: a checklist before any other shape (a summary file of plain bullets
 * beside the checklist is not the list), then the one with the most items, then the first in path order.
 */
function pickList(check: Check, ctx: GradeContext, files: string[]): ItemList | undefined {
  let best: ItemList | undefined;
  const rank = (list: ItemList) => (list.shape === 'checklist' ? 1_000_000 : 0) + list.items.length;
  for (const path of files) {
    const list = parseItems(ctx.plain(path), check.ignoreSections ?? DEFAULT_IGNORE_LABELS);
    if (list.items.length > 0 && (!best || rank(list) > rank(best))) best = list;
  }
  return best;
}

export function checkItems(check: Check, ctx: GradeContext): CheckOutcome {
  const files = ctx.files(check.path);
  if (files.length === 0) return noFileMatches(check.path);
  const list = pickList(check, ctx, files);
  if (!list || !list.shape) return failed(finding('items-none', { files }));
  const aspects = aspectsOf(check);
  const people = check.people ?? [];
  const required = check.required ?? [];

  const judged: Judged[] = list.items.map((item) => {
    const normalized = normalizeForMatch(item.text);
    return {
      item,
      normalized,
      owners: people.length > 0 ? readOwners(item, people) : undefined,
      due: required.some((r) => r.due !== undefined) ? readDue(item, check.referenceDate) : undefined,
      forbidden: check.forbidden?.find((entry) => containsTerm(normalized, entry.match)),
    };
  });

  const ownerOk = (r: (typeof required)[number], j: Judged) => r.owner === undefined || (j.owners !== undefined && ownerIs(j.owners, r.owner));
  const dueOk = (r: (typeof required)[number], j: Judged) => r.due === undefined || (j.due?.dates.some((date) => dateIs(date, r.due as string)) ?? false);
  const scores = required.map((r) =>
    judged.map((j) => {
      if (!containsTerm(j.normalized, r.match)) return 0;
      let score = 100;
      if (j.forbidden) score -= 50;
      // Owner and date guide the pairing even when this check does not judge them, so every check
      // of a list pairs the same way (the hotel item with the corrected date, not its twin).
      if (r.owner !== undefined && ownerOk(r, j)) score += 10;
      if (r.due !== undefined && dueOk(r, j)) score += 10;
      if (containsTerm(normalizeForMatch(j.item.head), r.match)) score += 1;
      return score;
    }),
  );
  const pairing = assignBest(scores);
  const paired = new Set(pairing.filter((index) => index >= 0));

  const findings: Finding[] = [];
  if (aspects.has('shape') && check.shape) {
    const fits = check.shape === 'list' ? list.shape === 'bullets' || list.shape === 'numbered' : list.shape === check.shape;
    if (!fits) findings.push(finding('items-shape', { found: list.shape, wanted: check.shape }));
  }

  if (aspects.has('present')) {
    const missing = required.filter((_r, index) => pairing[index] === -1).map((r) => r.name);
    if (missing.length > 0) findings.push(finding('items-missing', { items: missing }));
  }

  if (aspects.has('owner')) {
    const none: LocalizedText[] = [];
    const wrong: LocalizedText[] = [];
    required.forEach((r, index) => {
      const j = judged[pairing[index]];
      if (r.owner === undefined || !j || ownerOk(r, j)) return;
      const someone = (j.owners?.labelled.length ?? 0) > 0 || (j.owners?.named.length ?? 0) > 0;
      (someone ? wrong : none).push(r.name);
    });
    if (none.length > 0) findings.push(finding('items-owner-missing', { items: none }));
    if (wrong.length > 0) findings.push(finding('items-owner-wrong', { items: wrong }));
  }

  if (aspects.has('due')) {
    const none: LocalizedText[] = [];
    const superseded: LocalizedText[] = [];
    const wrong: LocalizedText[] = [];
    required.forEach((r, index) => {
      const j = judged[pairing[index]];
      if (r.due === undefined || !j || dueOk(r, j)) return;
      const dates = j.due?.dates ?? [];
      if (dates.some((date) => r.superseded?.some((old) => dateIs(date, old)))) superseded.push(r.name);
      else if (dates.length === 0) none.push(r.name);
      else wrong.push(r.name);
    });
    if (none.length > 0) findings.push(finding('items-due-missing', { items: none }));
    if (superseded.length > 0) findings.push(finding('items-due-superseded', { items: superseded }));
    if (wrong.length > 0) findings.push(finding('items-due-wrong', { items: wrong }));
  }

  const flagged = aspects.has('forbidden') ? judged.filter((j, index) => j.forbidden && !paired.has(index)) : [];
  if (flagged.length > 0) {
    findings.push(
      finding('items-forbidden', {
        items: flagged.map((j) => ({ text: itemLabel(j.item), ...(j.forbidden?.why !== undefined ? { why: j.forbidden.why } : {}) })),
      }),
    );
  }

  if (aspects.has('count') && check.count) {
    // Forbidden items already reported do not count twice: the count judges what is left.
    const counted = judged.length - flagged.length;
    const { min, max } = check.count;
    if ((min !== undefined && counted < min) || (max !== undefined && counted > max)) {
      const extra =
        max !== undefined && counted > max && required.length > 0
          ? judged.filter((j, index) => !paired.has(index) && !flagged.includes(j)).map((j) => itemLabel(j.item))
          : [];
      findings.push(finding('items-count', { count: judged.length, min, max, extra }));
    }
  }

  return findings.length === 0 ? { passed: true } : failed(...findings);
}
