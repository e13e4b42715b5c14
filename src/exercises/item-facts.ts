import { type FoundDate, findDates } from './dates.js';
import type { ListedItem } from './items.js';
import type { Term } from './pack-schema.js';
import { labelText } from './items.js';
import { containsTerm, normalizeForMatch } from './text.js';

/**
 * What a listed item says about who does it and by when, read the way a reviewer reads it:
 * - a labelled owner or date wins ("Owner: Daniel", "担当:森さん", "Due: Fri 14 June", "期限:6/14",
 *   "6月14日まで", a table's Owner / Due column) over names and dates the item merely mentions
 *   ("send the draft to Yuki", "for the 2 July webinar");
 * - a date the item marks as the old one ("not the 14th", "was 13 June", "~~Thu 13 June~~",
 *   "6/13→6/14", "14日ではなく") is not its due date;
 * - a heading or group bullet naming exactly one person ("## Daniel Okafor") gives its items that owner;
 *   an "Attendees" line or a heading naming several people gives none.
 */
export interface Person {
  id: string;
  names: Term;
}

const ASCII_NAME = /^[A-Za-z][A-Za-z .'-]*$/;

function foldLatin(text: string): string {
  return text.normalize('NFKC').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/**
 * True when the text names the person by any of their names. Latin names must stand as a word
 * ("Mori" is not in "memorial"; "Okafor-san" and "Daniel's" are fine); Japanese names are found
 * inside the text, so 森さん, 森様, 田中氏 and ダニエル・オカフォー all name their person.
 */
export function namesPerson(text: string, names: Term): boolean {
  const list = Array.isArray(names) ? names : [names];
  const folded = foldLatin(text);
  const normalized = normalizeForMatch(text);
  return list.some((name) => {
    if (ASCII_NAME.test(name)) {
      const words = foldLatin(name).trim().split(/[\s.'-]+/).filter(Boolean).map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      return new RegExp(`(?<![a-z0-9])${words.join('[\\s.·・-]*')}(?![a-z0-9])`).test(folded);
    }
    return containsTerm(normalized, name);
  });
}

export function peopleNamed(text: string, people: readonly Person[]): string[] {
  return people.filter((person) => namesPerson(text, person.names)).map((person) => person.id);
}

const OWNER_LABEL = /\b(?:owners?|assignee|assigned\s+to|responsible|person\s+in\s+charge|who|lead|dri)\b|担当者?|責任者/gi;
const DUE_LABEL = /\b(?:due(?:\s+date)?|deadline|by|until|till|no\s+later\s+than|target\s+date|eta)\b|期限|締め?切り?|〆切|期日|納期|いつまで/gi;
/** Where a labelled field ends: the next separator, or the next field's label. */
const OWNER_END = /[·|;/()（）[\]【】—–\n。]|\.\s|\s-\s|\b(?:due|deadline|by|until)\b|期限|締め?切|〆切|期日/i;
const DUE_END = /[·|;()（）[\]【】—–\n。]|\.\s|\s-\s|\b(?:owners?|assignee|responsible|who)\b|担当|責任者/i;

function labelledRegions(text: string, label: RegExp, end: RegExp): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  label.lastIndex = 0;
  for (const match of text.matchAll(label)) {
    const start = (match.index ?? 0) + match[0].length;
    const rest = text.slice(start);
    // Skip the colon and emphasis right after the label ("**Owner:** …") before looking for the end.
    const lead = /^[\s*_:：=]*/.exec(rest)?.[0].length ?? 0;
    const stop = end.exec(rest.slice(lead));
    regions.push([start, start + lead + (stop ? stop.index : rest.length - lead)]);
  }
  return regions;
}

export interface OwnerReading {
  /** People in a labelled owner field (or the owner column). */
  labelled: string[];
  /** People the item names anywhere, plus the one person a group heading names. */
  named: string[];
}

export function readOwners(item: ListedItem, people: readonly Person[]): OwnerReading {
  const text = item.text.normalize('NFKC');
  const labelled = new Set<string>();
  if (item.cells?.owner !== undefined) peopleNamed(item.cells.owner, people).forEach((id) => labelled.add(id));
  else {
    for (const [start, end] of labelledRegions(text, OWNER_LABEL, OWNER_END)) peopleNamed(text.slice(start, end), people).forEach((id) => labelled.add(id));
  }
  const named = new Set(peopleNamed(text, people));
  // The nearest heading or group bullet that names exactly one person owns what is under it.
  for (const label of [...item.context].reverse()) {
    const inLabel = peopleNamed(label, people);
    if (inLabel.length === 1) {
      named.add(inLabel[0]);
      break;
    }
    if (inLabel.length > 1) break;
  }
  return { labelled: [...labelled], named: [...named] };
}

/** The item names this person as its owner: in its owner field if it has one, else anywhere in it. */
export function ownerIs(reading: OwnerReading, personId: string): boolean {
  return reading.labelled.length > 0 ? reading.labelled.includes(personId) : reading.named.includes(personId);
}

const SUPERSEDED_BEFORE =
  /(?:\b(?:not|instead\s+of|rather\s+than|originally|initially|previously|first\s+said|earlier|was|were|changed\s+from|moved\s+from|postponed\s+from)\b|当初|最初は|元々|もともと|変更前|旧)[^.;。\n|]{0,14}$/i;
const SUPERSEDED_AFTER = /^\s*(?:[(][^)]{1,6}[)])?\s*(?:→|->|⇒|=>|ではなく|じゃなく|でなく|から変更|から延期|から後ろ倒し)/;
const UNTIL_AFTER = /^\s*(?:[(][^)]{1,6}[)])?\s*(?:まで|迄)/;

export interface DueReading {
  /** The dates the item gives as its due date (labelled ones if any, else all it mentions). */
  dates: FoundDate[];
  /** Dates the item itself marks as the old, replaced one. */
  superseded: FoundDate[];
}

function datesIn(text: string, reference: string | undefined): { current: FoundDate[]; superseded: FoundDate[] } {
  // Struck-through text ("~~Thu 13 June~~ Fri 14 June") is what the writer crossed out.
  const struck: Array<[number, number]> = [];
  for (const match of text.matchAll(/~~[^~\n]+~~/g)) struck.push([match.index ?? 0, (match.index ?? 0) + match[0].length]);
  const current: FoundDate[] = [];
  const superseded: FoundDate[] = [];
  for (const date of findDates(text, { reference })) {
    const old =
      struck.some(([a, b]) => date.start >= a && date.end <= b) ||
      SUPERSEDED_BEFORE.test(text.slice(Math.max(0, date.start - 40), date.start)) ||
      SUPERSEDED_AFTER.test(text.slice(date.end, date.end + 12));
    (old ? superseded : current).push(date);
  }
  return { current, superseded };
}

export function readDue(item: ListedItem, reference: string | undefined): DueReading {
  if (item.cells?.due !== undefined) {
    const { current, superseded } = datesIn(item.cells.due.normalize('NFKC'), reference);
    if (current.length > 0 || superseded.length > 0) return { dates: current, superseded };
  }
  const text = item.text.normalize('NFKC');
  const { current, superseded } = datesIn(text, reference);
  const regions = labelledRegions(text, DUE_LABEL, DUE_END);
  const labelled = current.filter(
    (date) => regions.some(([start, end]) => date.start >= start && date.start < end) || UNTIL_AFTER.test(text.slice(date.end, date.end + 12)),
  );
  if (labelled.length > 0) return { dates: labelled, superseded };
  if (current.length > 0 || superseded.length > 0) return { dates: current, superseded };
  // Items grouped under a date ("### Due Fri 14 June", "6月14日(金)まで:") take that date.
  for (const label of [...item.context].reverse()) {
    const inLabel = datesIn(labelText(label), reference).current;
    if (inLabel.length > 0) return { dates: inLabel, superseded: [] };
  }
  return { dates: [], superseded: [] };
}
