import { promises as fs } from 'node:fs';
import { isErrno } from '../../src/core/errors.js';
import { formatZodIssues } from '../../src/core/validation.js';
import { LogLine } from './log-records.js';

/**
 * Reads a session log. Every complete line is validated; a line that is not valid JSON or not a log
 * record is skipped with a warning naming its line number (a hand edit, a disk error) and never
 * stops the read. The bytes after the last newline are a torn line: a write that a crash or kill
 * interrupted. It was never acknowledged (the hub acknowledges only after the whole line is flushed),
 * so it is reported and left out; `durableSize` is where the complete lines end.
 */
export interface LogRead {
  lines: LogLine[];
  warnings: string[];
  /** Length in bytes of the part of the file that ends on a complete line. */
  durableSize: number;
  /** The incomplete last line, if any (bytes after the last newline). */
  tornTail?: Buffer;
}

export async function readLogFile(file: string): Promise<LogRead> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return { lines: [], warnings: [], durableSize: 0 };
    throw error;
  }
  return parseLogBytes(bytes, file);
}

export function parseLogBytes(bytes: Buffer, file: string): LogRead {
  const lastNewline = bytes.lastIndexOf(0x0a);
  const durableSize = lastNewline + 1;
  const warnings: string[] = [];
  const tornTail = durableSize < bytes.length ? bytes.subarray(durableSize) : undefined;
  const text = bytes.toString('utf8', 0, durableSize);
  const lines: LogLine[] = [];
  let lineNumber = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNumber += 1;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      warnings.push(`${file} line ${lineNumber}: not valid JSON; skipped`);
      continue;
    }
    const parsed = LogLine.safeParse(raw);
    if (parsed.success) lines.push(parsed.data);
    else warnings.push(`${file} line ${lineNumber}: ${formatZodIssues(parsed.error)}; skipped`);
  }
  if (tornTail) {
    warnings.push(`${file} line ${lineNumber + 1}: incomplete (${tornTail.length} bytes, a write cut short by a crash); skipped — it had not been acknowledged`);
  }
  return { lines, warnings, durableSize, tornTail };
}
