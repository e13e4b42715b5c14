import type { Term } from './pack-schema.js';
import { findMarkdownTables, splitMarkdownRow } from './tables.js';
import { containsTerm, normalizeForMatch, termVariants } from './text.js';

/**
 * Reads the items of a list the way a reviewer does: a checklist (`- [ ]`, `- [x]`, `1. [ ]`, `☐`),
 * a bullet or numbered list, or the data rows of a table. An item is its own line together with its
 * nested sub-lines ("- [ ] Send quote" / "  - Owner: Daniel" / "  - Due: 14 June" is one item), and it
 * remembers the headings and group bullets it stands under ("## Daniel Okafor"), so a check can read
 * an owner from a one-person group heading.
 *
 * What is not an item: prose paragraphs, headings, and everything under a heading or label that says
 * it was left out ("Not included", "除外", …: the `ignore` term), so a note naming the small talk that
 * was left out is never read as a listed action. When a file has checklist items, only they are the
 * items (summary or notes bullets around them are not); otherwise the rows of a task table, otherwise
 * the bullets and numbered lines, with label-like parents ("- **Daniel**:" then sub-bullets) read as
 * groups rather than items.
 */
export type ItemShape = 'checklist' | 'table' | 'bullets' | 'numbered';

export interface ListedItem {
  /** The item's own line, without its list marker or checkbox (NFKC). */
  head: string;
  /** The whole item: its line, its sub-lines and continuation lines (NFKC), one per line. */
  text: string;
  checkbox: boolean;
  /** Headings and group bullets the item stands under, outermost first. */
  context: string[];
  /** For a table row: the cells of the owner and due-date columns, when the header names them. */
  cells?: { owner?: string; due?: string };
  /** 1-based line in the file. */
  line: number;
}

export interface ItemList {
  /** Undefined when the file has no list or table at all. */
  shape?: ItemShape;
  items: ListedItem[];
}

/** Default labels of sections that hold what was left out on purpose, in English and Japanese. */
export const DEFAULT_IGNORE_LABELS: string[] = [
  'not included', 'not include', 'excluded', 'exclusions', 'left out', 'leaving out', 'out of scope', 'not in scope',
  'not action items', 'not an action item', 'not actions', 'non-action', 'no action', 'not tasks', 'not to do',
  'omitted', 'intentionally', 'deliberately', 'ignored', 'parked', 'rejected', 'declined', 'already done',
  'done already', 'completed', 'for reference', 'fyi', 'small talk', 'off topic',
  '含めなかった', '含めていない', '含まない', '含まれない', '入れなかった', '入れていない', '除外', '除いた', '対象外', '省いた', '省略',
  'アクションではない', 'アクションアイテムではない', 'タスクではない', '見送り', '却下', '保留', '完了済', '対応済', '実施済', '済み', '参考', '雑談',
];

const COLUMN_ROLES: Array<{ role: 'owner' | 'due' | 'task' | 'check'; term: string[] }> = [
  { role: 'owner', term: ['owner', 'who', 'assignee', 'assigned', 'responsible', 'person', 'lead', '担当', '責任者', '誰'] },
  { role: 'due', term: ['due', 'deadline', 'when', 'date', 'by when', 'until', '期限', '締切', '締め切り', '〆切', '期日', '日付', 'いつ', '納期'] },
  { role: 'task', term: ['action', 'task', 'item', 'what', 'to do', 'todo', 'description', 'deliverable', '内容', 'タスク', 'アクション', '項目', 'やること', '作業', '件名'] },
  { role: 'check', term: ['done', 'status', 'check', '完了', '状態', 'ステータス', '済'] },
];

const CHECKBOX = /^(?:\[([ xX✓✔])\]|([☐☑☒□]))\s*/;
const TASK_LINE = /^(\s*)(?:([-*+•・‣◦▪●]|\d{1,3}[.)])\s*)?(?:\[([ xX✓✔])\]|([☐☑☒□]))\s*(.*)$/;
const LIST_LINE = /^(\s*)(?:([-*+])\s+|([•・‣◦▪●○])\s*|(\d{1,3}[.)])\s+|([①-⑳])\s*)(.*)$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const FIELD_LINE = /^\s*[*_]*\s*[^\s:：][^:：]{0,23}[:：]/;
const RULE = /^\s{0,3}(?:[-*_=]\s*){3,}$/;

interface Node {
  indent: number;
  head: string;
  lines: string[];
  checkbox: boolean;
  numbered: boolean;
  children: Node[];
  parent?: Node;
  headings: string[];
  ignored: boolean;
  line: number;
}

function indentOf(raw: string): number {
  let width = 0;
  for (const char of raw) {
    if (char === ' ' || char === '\u3000') width += 1;
    else if (char === '\t') width += 4;
    else break;
  }
  return width;
}

/** The label a heading, bold line or group bullet gives: emphasis and a trailing colon removed. */
export function labelText(text: string): string {
  return text
    .replace(/[*_`~]+/g, '')
    .replace(/[:：]\s*$/, '')
    .trim();
}

function isIgnoreHeading(text: string, ignore: Term): boolean {
  return containsTerm(normalizeForMatch(text), ignore);
}

/** An item line that itself is a "Not included: …" note. */
function isIgnoreItem(text: string, ignore: Term, hasChildren: boolean): boolean {
  const label = normalizeForMatch(labelText(text).replace(/^[\s[\]()（）【】「」]+/, ''));
  if (termVariants(ignore).some((variant) => label.startsWith(variant))) return true;
  return hasChildren && labelText(text).length <= 60 && containsTerm(label, ignore);
}

/** A bold-only line or a short "Label:" line that stands as a heading over what follows. */
function pseudoHeading(trimmed: string): string | undefined {
  if (/^(\*\*|__)[^*_]+\1\s*[:：]?$/.test(trimmed)) return labelText(trimmed);
  if (trimmed.length <= 60 && /[:：]$/.test(trimmed) && !/^[|>]/.test(trimmed)) return labelText(trimmed);
  return undefined;
}

function wordCount(text: string): number {
  const latin = text.split(/\s+/).filter((word) => /[A-Za-z0-9]/.test(word)).length;
  const cjk = (text.match(/[\u3040-\u30ff\u3400-\u9fff]/g) ?? []).length;
  return latin + Math.ceil(cjk / 3);
}

/**
 * A parent bullet that groups items ("- **Daniel Okafor**" / "- Expo:" then sub-bullets) rather than
 * being an item with detail lines ("- Send quote" then "  - Owner: Daniel").
 */
function isGroup(node: Node): boolean {
  if (node.children.length === 0) return false;
  if (node.children.every((child) => FIELD_LINE.test(child.head) && child.children.length === 0)) return false;
  const label = labelText(node.head);
  return /[:：]\s*[*_]*\s*$/.test(node.head) || /^(\*\*|__)[^*_]+\1$/.test(node.head.trim()) || wordCount(label) <= 4;
}

function tableRole(header: string): 'owner' | 'due' | 'task' | 'check' | undefined {
  const normalized = normalizeForMatch(header);
  if (normalized === '') return undefined;
  return COLUMN_ROLES.find((column) => containsTerm(normalized, column.term))?.role;
}

function isCheckboxCell(cell: string): boolean {
  return /^\s*(?:\[[ xX✓✔]\]|[☐☑☒□✅✔✓])\s*$/.test(cell) || CHECKBOX.test(cell.trim());
}

interface TableBlock {
  start: number;
  end: number;
  header: string[];
  rows: Array<{ cells: string[]; line: number }>;
}

function tableBlocks(lines: string[]): TableBlock[] {
  const blocks: TableBlock[] = [];
  for (let i = 0; i + 1 < lines.length; i += 1) {
    if (!lines[i].includes('|')) continue;
    const [table] = findMarkdownTables(`${lines[i]}\n${lines[i + 1]}`);
    if (!table) continue;
    const rows: TableBlock['rows'] = [];
    let j = i + 2;
    while (j < lines.length && lines[j].includes('|') && lines[j].trim() !== '') {
      const cells = splitMarkdownRow(lines[j]);
      if (cells.some((cell) => cell !== '')) rows.push({ cells, line: j + 1 });
      j += 1;
    }
    blocks.push({ start: i, end: j, header: table.header, rows });
    i = j - 1;
  }
  return blocks;
}

export function parseItems(plain: string, ignore: Term = DEFAULT_IGNORE_LABELS): ItemList {
  const lines = plain.split('\n').map((line) => line.normalize('NFKC'));
  const tables = tableBlocks(lines);
  const tableAt = new Map(tables.map((table) => [table.start, table]));

  const headingStack: Array<{ level: number; text: string; ignored: boolean }> = [];
  const roots: Node[] = [];
  const rows: Array<{ item: ListedItem; ignored: boolean; checkbox: boolean; taskTable: boolean }> = [];
  let stack: Node[] = [];
  let blank = false;
  let firstHeading = true;

  const headings = () => headingStack.map((heading) => heading.text);
  const underIgnored = () => headingStack.some((heading) => heading.ignored);
  const pushHeading = (level: number, text: string) => {
    while (headingStack.length > 0 && headingStack[headingStack.length - 1].level >= level) headingStack.pop();
    // The document's title ("# Action items (small talk left out)") never hides the whole file.
    const ignored = !(firstHeading && level === 1) && isIgnoreHeading(text, ignore);
    firstHeading = false;
    headingStack.push({ level, text, ignored });
    stack = [];
  };

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    const table = tableAt.get(i);
    if (table) {
      const roles = table.header.map(tableRole);
      const taskTable = roles.some((role) => role === 'owner' || role === 'due' || role === 'task');
      for (const row of table.rows) {
        const cellOf = (role: 'owner' | 'due') => {
          const at = roles.indexOf(role);
          return at >= 0 ? row.cells[at] : undefined;
        };
        const text = row.cells.join(' | ');
        const checkbox = row.cells.some(isCheckboxCell);
        const head = row.cells.filter((cell) => !isCheckboxCell(cell) || cell.trim().length > 3).map((cell) => cell.replace(CHECKBOX, '')).join(' | ');
        rows.push({
          item: { head, text, checkbox, context: headings(), cells: { owner: cellOf('owner'), due: cellOf('due') }, line: row.line },
          ignored: underIgnored() || isIgnoreItem(row.cells.find((cell) => cell.trim() !== '' && !isCheckboxCell(cell)) ?? '', ignore, false),
          checkbox,
          taskTable,
        });
      }
      stack = [];
      blank = false;
      i = table.end - 1;
      continue;
    }

    if (line.trim() === '') {
      blank = true;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      pushHeading(heading[1].length, labelText(heading[2]));
      blank = false;
      continue;
    }
    if (RULE.test(line)) {
      stack = [];
      blank = false;
      continue;
    }

    const task = TASK_LINE.exec(line);
    const bullet = task ? undefined : LIST_LINE.exec(line);
    if (task || bullet) {
      const indent = indentOf(line);
      const head = task ? task[5] : (bullet as RegExpExecArray)[6];
      const numbered = task ? /\d/.test(task[2] ?? '') : Boolean(bullet?.[4] || bullet?.[5]);
      while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
      const parent = stack[stack.length - 1];
      const node: Node = {
        indent,
        head: head.trim(),
        lines: [head.trim()],
        checkbox: Boolean(task),
        numbered,
        children: [],
        parent,
        headings: headings(),
        ignored: underIgnored() || (parent?.ignored ?? false),
        line: i + 1,
      };
      if (parent) parent.children.push(node);
      else roots.push(node);
      stack.push(node);
      blank = false;
      continue;
    }

    const trimmed = line.trim();
    const top = stack[stack.length - 1];
    const label = pseudoHeading(trimmed);
    // A line under an open item belongs to it: indented, or right after it ("lazy" continuation),
    // unless it is a label such as "**Not included:**" at the left margin.
    if (top && (indentOf(line) > top.indent || (!blank && (label === undefined || indentOf(line) > 0)))) {
      top.lines.push(trimmed);
      blank = false;
      continue;
    }
    if (label !== undefined) pushHeading(7, label);
    else stack = [];
    blank = false;
  }

  // "Not included: …" bullets and group bullets labelled as left out hide themselves and what is under them.
  const markIgnored = (node: Node, inherited: boolean) => {
    node.ignored = inherited || node.ignored || isIgnoreItem(node.head, ignore, node.children.length > 0);
    node.children.forEach((child) => markIgnored(child, node.ignored));
  };
  roots.forEach((root) => markIgnored(root, false));

  const toItem = (node: Node, context: string[]): ListedItem => {
    const all: string[] = [];
    const collect = (n: Node) => {
      all.push(...n.lines);
      n.children.forEach(collect);
    };
    collect(node);
    return { head: node.head, text: all.join('\n'), checkbox: node.checkbox, context, line: node.line };
  };
  const groupContext = (node: Node): string[] => {
    const labels: string[] = [];
    for (let p = node.parent; p; p = p.parent) labels.unshift(labelText(p.head));
    return [...node.headings, ...labels];
  };

  // 1. A checklist: the top-most checkbox lines (sub-checkboxes are part of their item) and checkbox rows.
  const checklist: ListedItem[] = [];
  const walkChecklist = (node: Node) => {
    if (node.ignored) return;
    // A ticked-box label over ticked-box lines ("- [ ] Daniel" / "  - [ ] Send quote") is a group.
    if (node.checkbox && !(node.children.some((child) => child.checkbox) && isGroup(node))) checklist.push(toItem(node, groupContext(node)));
    else node.children.forEach(walkChecklist);
  };
  roots.forEach(walkChecklist);
  const checkboxRows = rows.filter((row) => row.checkbox && !row.ignored);
  if (checklist.length + checkboxRows.length > 0) {
    return { shape: 'checklist', items: sortByLine([...checklist, ...checkboxRows.map((row) => row.item)]) };
  }

  // 2. A task table (its header names an action, owner or due column).
  const taskRows = rows.filter((row) => row.taskTable && !row.ignored);
  if (taskRows.length > 0) return { shape: 'table', items: taskRows.map((row) => row.item) };

  // 3. Bullets and numbered lines: top-most non-group lines.
  const listed: Array<{ item: ListedItem; numbered: boolean }> = [];
  const walkList = (node: Node) => {
    if (node.ignored) return;
    if (isGroup(node)) node.children.forEach(walkList);
    else listed.push({ item: toItem(node, groupContext(node)), numbered: node.numbered });
  };
  roots.forEach(walkList);
  if (listed.length > 0) {
    const numbered = listed.filter((entry) => entry.numbered).length * 2 > listed.length;
    return { shape: numbered ? 'numbered' : 'bullets', items: listed.map((entry) => entry.item) };
  }

  // 4. Any other table.
  const otherRows = rows.filter((row) => !row.ignored);
  if (otherRows.length > 0) return { shape: 'table', items: otherRows.map((row) => row.item) };
  return { items: [] };
}

function sortByLine(items: ListedItem[]): ListedItem[] {
  return items.sort((a, b) => a.line - b.line);
}

/** The first words of an item, to name it in feedback ("Pick up the birthday cake…"). */
export function itemLabel(item: ListedItem, maxLength = 40): string {
  let text = item.head
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s|]+|[\s|]+$/g, '')
    .trim();
  // The task itself, without its owner, date or remarks: up to the first dash, bracket, field or sentence end.
  const end = /\s[—–-]\s|[.。;；]\s|\s?[(（]|\s\|\s|[,、]?\s*(?:owner|due|assignee|担当|期限)\s*[:：]/i.exec(text);
  if (end && end.index >= 4) text = text.slice(0, end.index).trim();
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxLength / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
