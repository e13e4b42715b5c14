import { type Folder, copyFolder, movedFiles, outputTextFiles, readText, writeText } from './folder.js';

/**
 * AI-style reformattings of a right answer that a careful reviewer would still call right: other line
 * endings and encodings, other bullet and heading styles, reordered items, prose around the answer,
 * bold labels, other date forms, Japanese labels, full-width digits, other folder spellings. Each
 * returns undefined when it does not apply (nothing would change), so counts are honest.
 */
export interface Reformatting {
  name: string;
  apply(folder: Folder, starter: Folder): Folder | undefined;
}

/** Applies a text transform to every output text file; undefined when no file changed. */
function eachOutput(transform: (text: string, path: string) => string): Reformatting['apply'] {
  return (folder, starter) => {
    const next = copyFolder(folder);
    let changed = false;
    for (const path of outputTextFiles(folder, starter)) {
      const before = readText(folder, path);
      const after = transform(before, path);
      if (after !== before) {
        writeText(next, path, after);
        changed = true;
      }
    }
    return changed ? next : undefined;
  };
}

/** Only files the AI added (not starter files it edited): reordering a policy is not a reformatting. */
function eachAddedMarkdown(transform: (text: string) => string): Reformatting['apply'] {
  return (folder, starter) => {
    const next = copyFolder(folder);
    let changed = false;
    for (const path of outputTextFiles(folder, starter)) {
      if (starter.has(path) || !/\.(md|markdown|txt)$/i.test(path)) continue;
      const before = readText(folder, path);
      const after = transform(before);
      if (after !== before) {
        writeText(next, path, after);
        changed = true;
      }
    }
    return changed ? next : undefined;
  };
}

function encodeEach(encode: (text: string) => Uint8Array): Reformatting['apply'] {
  return (folder, starter) => {
    const outputs = outputTextFiles(folder, starter);
    if (outputs.length === 0) return undefined;
    const next = copyFolder(folder);
    for (const path of outputs) next.set(path, encode(readText(folder, path)));
    return next;
  };
}

const utf16le = (text: string) => {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    bytes[2 + i * 2] = code & 0xff;
    bytes[3 + i * 2] = code >> 8;
  }
  return bytes;
};

const LIST_LINE = /^(\s*)(?:[-*+]|\d{1,3}[.)])\s+/;

/** Top-level list items with their indented continuation lines, per block of consecutive items. */
function reorderListBlocks(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let block: string[][] = [];
  const flush = () => {
    if (block.length > 1) for (const item of [...block].reverse()) out.push(...item);
    else for (const item of block) out.push(...item);
    block = [];
  };
  for (const line of lines) {
    const top = /^(?:[-*+]|\d{1,3}[.)])\s+/.test(line);
    const child = block.length > 0 && /^\s+\S/.test(line);
    if (top) block.push([line]);
    else if (child) block[block.length - 1].push(line);
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out.join('\n');
}

function numberTopLevel(text: string): string {
  let n = 0;
  return text
    .split('\n')
    .map((line) => {
      if (/^[-*+]\s+/.test(line)) {
        n += 1;
        return line.replace(/^[-*+]\s+/, `${n}. `);
      }
      if (line.trim() === '' || /^#/.test(line)) n = 0;
      return line;
    })
    .join('\n');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\.?,?\\s+';
/** "Fri 14 June 2024", "14 June 2024", "June 14, 2024" → a date. */
const WRITTEN_DATE = new RegExp(`(?:${WEEKDAY})?(?:(\\d{1,2})\\s+(${MONTHS.join('|')})|(${MONTHS.join('|')})\\s+(\\d{1,2}),?)\\s+(20\\d\\d)`, 'g');

function rewriteWrittenDates(text: string, format: (year: number, month: number, day: number) => string): string {
  return text.replace(WRITTEN_DATE, (_whole, d1, m1, m2, d2, year) => {
    const month = MONTHS.indexOf(m1 ?? m2) + 1;
    return format(Number(year), month, Number(d1 ?? d2));
  });
}

const pad = (n: number) => String(n).padStart(2, '0');
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

export const REFORMATTINGS: Reformatting[] = [
  { name: 'CRLF line endings', apply: eachOutput((text) => text.replace(/\r?\n/g, '\r\n')) },
  { name: 'UTF-8 BOM', apply: encodeEach((text) => new TextEncoder().encode(`\uFEFF${text}`)) },
  { name: 'UTF-16 with BOM (Notepad "Unicode")', apply: encodeEach(utf16le) },
  { name: 'trailing spaces and a blank line after headings', apply: eachOutput((text) => text.replace(/([^\r\n])(\r?\n)/g, '$1  $2').replace(/^(#{1,6} [^\r\n]*)(\r?\n)/gm, '$1$2$2')) },
  { name: '* bullets', apply: eachOutput((text) => text.replace(/^(\s*)- /gm, '$1* ')) },
  { name: '+ bullets', apply: eachOutput((text) => text.replace(/^(\s*)- /gm, '$1+ ')) },
  { name: 'numbered top-level items', apply: eachAddedMarkdown(numberTopLevel) },
  { name: 'items in another order', apply: eachAddedMarkdown(reorderListBlocks) },
  { name: 'prose before and after', apply: eachAddedMarkdown((text) => `Here is the result of what you asked for.\n\n${text.trimEnd()}\n\nLet me know if you would like any changes.\n`) },
  { name: 'headings one level deeper', apply: eachAddedMarkdown((text) => text.replace(/^(#{1,5}) /gm, '#$1 ')) },
  { name: 'labels without bold', apply: eachAddedMarkdown((text) => text.replace(/\*\*([^*\n]{1,40}?:)\*\*/g, '$1')) },
  { name: 'bold labels', apply: eachAddedMarkdown((text) => text.replace(/^(\s*(?:[-*+]|\d{1,3}\.)\s+(?:\[[ xX]\]\s+)?)([A-Z][A-Za-z ]{1,30}):\s/gm, '$1**$2:** ')) },
  // Dates are rewritten only in files the AI wrote: in a document it was asked to edit, another date
  // form is an edit a reviewer would question.
  { name: 'ISO dates', apply: eachAddedMarkdown((text) => rewriteWrittenDates(text, (y, m, d) => `${y}-${pad(m)}-${pad(d)}`)) },
  { name: 'European dates (14.06.2024)', apply: eachAddedMarkdown((text) => rewriteWrittenDates(text, (y, m, d) => `${pad(d)}.${pad(m)}.${y}`)) },
  { name: 'Japanese dates (2024年6月14日)', apply: eachAddedMarkdown((text) => rewriteWrittenDates(text, (y, m, d) => `${y}年${m}月${d}日`)) },
  {
    name: 'Japanese labels',
    apply: eachAddedMarkdown((text) =>
      text
        .replace(/\bOwner\b/g, '担当者')
        .replace(/\bDue\b/g, '期限')
        .replace(/\bGrand total\b/gi, '総合計'),
    ),
  },
  { name: 'full-width digits in Japanese text', apply: eachAddedMarkdown((text) => (JAPANESE.test(text) ? text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)) : text)) },
  {
    name: 'moved files one folder deeper (sorted/…)',
    apply: (folder, starter) => {
      const moved = movedFiles(folder, starter).filter((path) => {
        const dir = path.split('/').slice(0, -1).join('/');
        return dir !== '' && ![...starter.keys()].some((old) => old.startsWith(`${dir}/`));
      });
      if (moved.length === 0) return undefined;
      const next = copyFolder(folder);
      for (const path of moved) {
        const bytes = next.get(path);
        next.delete(path);
        if (bytes) next.set(`sorted/${path}`, bytes);
      }
      return next;
    },
  },
  {
    name: 'capitalised new folder names',
    apply: (folder, starter) => {
      const moved = movedFiles(folder, starter).filter((path) => path.includes('/') && !starter.has(path) && ![...starter.keys()].some((old) => old.startsWith(`${path.split('/')[0]}/`)));
      if (moved.length === 0) return undefined;
      const next = copyFolder(folder);
      for (const path of moved) {
        const bytes = next.get(path);
        next.delete(path);
        const [top, ...rest] = path.split('/');
        if (bytes) next.set([top[0].toUpperCase() + top.slice(1), ...rest].join('/'), bytes);
      }
      return next;
    },
  },
];
