/**
 * Table readers for the `table` and `number` checks: CSV (any of , ; or tab as delimiter, quoted
 * fields with embedded delimiters, quotes and newlines) and markdown pipe tables (with or without
 * outer pipes, any alignment row). Input is plain text (BOM removed, LF line endings).
 */
export interface Table {
  header: string[];
  rows: string[][];
  /** For markdown tables: the lines they span, [first, end) (0-based), so readers can treat the rest as prose. */
  lines?: [number, number];
}

/** Picks the delimiter that splits the first lines most consistently (outside quotes). */
export function detectDelimiter(text: string): string {
  const sample = text.split('\n').filter((line) => line.trim() !== '').slice(0, 5);
  let best = ',';
  let bestScore = 0;
  for (const delimiter of [',', ';', '\t']) {
    const counts = sample.map((line) => countOutsideQuotes(line, delimiter));
    const min = Math.min(...counts);
    if (min > bestScore) {
      best = delimiter;
      bestScore = min;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count += 1;
  }
  return count;
}

/** RFC 4180 parsing, lenient about stray quotes. Blank lines are dropped. */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): string[][] {
  // Most files have no quotes at all: splitting is then exact, and much faster than the scanner.
  if (!text.includes('"')) {
    return text
      .split('\n')
      .map((line) => line.split(delimiter).map((cell) => cell.trim()))
      .filter((cells) => cells.some((cell) => cell !== ''));
  }
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.map((cells) => cells.map((cell) => cell.trim())).filter((cells) => cells.some((cell) => cell !== ''));
}

const ALIGNMENT_CELL = /^:?-{1,}:?$/;

export function splitMarkdownRow(line: string): string[] {
  let body = line.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < body.length; i += 1) {
    if (body[i] === '\\' && body[i + 1] === '|') {
      cell += '|';
      i += 1;
    } else if (body[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += body[i];
  }
  cells.push(cell.trim());
  return cells;
}

function isAlignmentRow(line: string): boolean {
  if (!line.includes('-')) return false;
  const cells = splitMarkdownRow(line);
  return cells.length > 0 && cells.every((cell) => ALIGNMENT_CELL.test(cell.replace(/\s+/g, '')));
}

/** Every markdown table in the text: a header row, an alignment row, then the rows that follow. */
export function findMarkdownTables(text: string): Table[] {
  const lines = text.split('\n');
  const tables: Table[] = [];
  for (let i = 0; i + 1 < lines.length; i += 1) {
    if (!lines[i].includes('|') || !isAlignmentRow(lines[i + 1])) continue;
    const header = splitMarkdownRow(lines[i]);
    const rows: string[][] = [];
    let j = i + 2;
    while (j < lines.length && lines[j].includes('|') && lines[j].trim() !== '') {
      const cells = splitMarkdownRow(lines[j]);
      if (cells.some((cell) => cell !== '')) rows.push(cells);
      j += 1;
    }
    tables.push({ header, rows, lines: [i, j] });
    i = j - 1;
  }
  return tables;
}

/**
 * The CSV as candidate tables: the first non-empty row as header, and (for files that start with a
 * title line or two) each of the next few rows too. The check picks the candidate that fits.
 */
export function csvTableCandidates(text: string): Table[] {
  const rows = parseCsv(text);
  const candidates: Table[] = [];
  for (let h = 0; h < Math.min(rows.length, 5); h += 1) candidates.push({ header: rows[h], rows: rows.slice(h + 1) });
  return candidates;
}
