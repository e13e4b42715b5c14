import { UserError, ExitCode } from '../../src/core/errors.js';

/**
 * Reading what spreadsheets export. A small RFC 4180 parser of our own rather than a dependency:
 * it is a hundred lines, and we need things libraries make awkward: the line number where each
 * record starts (so problems are reported "line 7"), a per-record problem instead of an exception
 * for a stray quote, and the encodings Excel really writes (UTF-8 with a BOM, "Unicode text" =
 * UTF-16LE with tabs, and Shift_JIS from Japanese Excel's plain "CSV").
 */

export type SpreadsheetEncoding = 'utf-8' | 'utf-8 with BOM' | 'utf-16le' | 'utf-16be' | 'shift_jis';

export interface DecodedText {
  text: string;
  encoding: SpreadsheetEncoding;
}

export function decodeSpreadsheetBytes(bytes: Uint8Array, file: string): DecodedText {
  const b = bytes;
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    throw new UserError(
      `${file} is an Excel workbook (.xlsx), not a CSV file. In Excel choose File › Save As › "CSV UTF-8 (Comma delimited)" and import that file.`,
      ExitCode.usage,
    );
  }
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    return { text: strictDecode('utf-8', b.subarray(3), file), encoding: 'utf-8 with BOM' };
  }
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { text: strictDecode('utf-16le', b.subarray(2), file), encoding: 'utf-16le' };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { text: strictDecode('utf-16be', b.subarray(2), file), encoding: 'utf-16be' };
  if (b.includes(0)) {
    throw new UserError(
      `${file} contains NUL bytes: it is not a text CSV (perhaps UTF-16 without a byte-order mark, or a binary file). Save it from your spreadsheet as "CSV UTF-8" and import that.`,
      ExitCode.usage,
    );
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'utf-8' };
  } catch {
    // Not UTF-8. Japanese Excel's plain "CSV (Comma delimited)" writes Shift_JIS (code page 932).
  }
  try {
    return { text: new TextDecoder('shift_jis', { fatal: true }).decode(b), encoding: 'shift_jis' };
  } catch {
    throw new UserError(
      `${file} is not UTF-8 text (nor Shift_JIS). Save it from your spreadsheet as "CSV UTF-8 (Comma delimited)" and import that file.`,
      ExitCode.usage,
    );
  }
}

function strictDecode(encoding: string, bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${file} starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()} text. Save it again as "CSV UTF-8" and import that file.`, ExitCode.usage);
  }
}

export interface CsvRecord {
  /** 1-based line of the file where the record starts (a quoted newline makes a record span lines). */
  line: number;
  fields: string[];
  /** Set when the record is not well-formed CSV; its fields are then best effort. */
  problem?: string;
}

/** Picks the delimiter from the header line: comma, semicolon (European Excel) or tab ("Unicode text"). */
export function sniffDelimiter(text: string): string {
  const end = text.search(/\r|\n/);
  const header = end === -1 ? text : text.slice(0, end);
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t']) {
    let count = 0;
    let quoted = false;
    for (const ch of header) {
      if (ch === '"') quoted = !quoted;
      else if (ch === candidate && !quoted) count += 1;
    }
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/**
 * RFC 4180 records: fields separated by `delimiter`, records by CRLF, LF or CR; a field in double
 * quotes may hold delimiters, newlines and doubled quotes (`""` → `"`). A quote inside an unquoted
 * field is kept as text (as Excel does); text after a closing quote, or a quote never closed, makes
 * that record a problem rather than failing the whole file. Entirely empty lines are skipped.
 */
export function parseCsv(text: string, delimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let problem: string | undefined;
    let endOfRecord = false;
    while (!endOfRecord) {
      let value = '';
      if (text[i] === '"') {
        const openedOn = line;
        i += 1;
        let closed = false;
        while (i < n) {
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i += 1;
            closed = true;
            break;
          }
          if (ch === '\r') {
            // A quoted CRLF or lone CR is one line break in the value.
            value += '\n';
            i += text[i + 1] === '\n' ? 2 : 1;
            line += 1;
            continue;
          }
          if (ch === '\n') line += 1;
          value += ch;
          i += 1;
        }
        if (!closed) problem ??= `a quoted field opened on line ${openedOn} is never closed`;
        // Anything between the closing quote and the next delimiter is not CSV.
        let stray = '';
        while (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') stray += text[i++];
        if (stray.trim()) {
          problem ??= 'text follows a closing quote (a quote inside a field must be doubled: "")';
          value += stray;
        }
      } else {
        const start = i;
        while (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') i += 1;
        value = text.slice(start, i);
      }
      fields.push(value);
      if (i >= n) {
        endOfRecord = true;
      } else if (text[i] === delimiter) {
        i += 1;
        if (i >= n) fields.push('');
        endOfRecord = i >= n;
      } else {
        i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line += 1;
        endOfRecord = true;
      }
    }
    const empty = fields.every((f) => f.trim() === '') && !problem;
    if (!empty) records.push({ line: startLine, fields, ...(problem ? { problem } : {}) });
  }
  return records;
}

/** Header cells compared loosely: case, spaces, `-` and `_` do not matter (`E-mail`, `Team Name`). */
export function headerKey(cell: string): string {
  return cell.trim().toLowerCase().replace(/[\s_-]+/g, '');
}
