import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { isErrno } from '../../src/core/errors.js';
import { formatZodIssues } from '../../src/core/validation.js';
import { LogLine } from '../../src/protocol/session-log.js';

/**
 * Reads a venue hub's `log.jsonl` for the outbox: from a byte offset, in bounded batches (a session
 * logged offline all day is never held in memory whole), only complete lines (an incomplete last
 * line is a write in progress), in file order, which is seq order: the hub numbers each line as it
 * queues it and its append log writes the queue in order.
 */
export interface BatchOptions {
  /** Byte offset of a line start to read from. */
  from: number;
  /** Lines with seq ≤ `after` are already on the server: passed over. */
  after: number;
  /** Lines with seq > `upTo` are not read yet (a live hub has not said they are on disk). */
  upTo?: number;
  maxLines: number;
  /** Bytes of line text per batch; one longer line still goes alone. */
  maxBytes: number;
}

export interface Batch {
  lines: LogLine[];
  /** Offset after the last line taken or passed over: where the next batch starts. */
  end: number;
  /** Highest seq taken (0 when none). */
  lastSeq: number;
  /** Lines that are not log records (damage, a hand edit): passed over, as the hub's reader does. */
  warnings: string[];
}

const CHUNK = 256 * 1024;
// The hub writes every record with `kind` then `seq` first; other key orders fall back to parsing.
const HEAD = /^\{"kind":"[a-z]+","seq":(\d+)[,}]/;

export async function readBatch(file: string, options: BatchOptions): Promise<Batch> {
  const batch: Batch = { lines: [], end: options.from, lastSeq: 0, warnings: [] };
  let bytes = 0;
  await eachLine(file, options.from, (text, end) => {
    const seq = seqOf(text);
    if (seq !== undefined && seq <= options.after) {
      batch.end = end;
      return true;
    }
    if (seq !== undefined && options.upTo !== undefined && seq > options.upTo) return false;
    const parsed = parseLine(text);
    if (!parsed.ok) {
      if (text.trim()) batch.warnings.push(`${file} at byte ${batch.end}: ${parsed.why}; not sent`);
      batch.end = end;
      return true;
    }
    const line = parsed.line;
    if (line.seq <= options.after) {
      batch.end = end;
      return true;
    }
    if (options.upTo !== undefined && line.seq > options.upTo) return false;
    const size = Buffer.byteLength(text);
    if (batch.lines.length >= options.maxLines || (batch.lines.length > 0 && bytes + size > options.maxBytes)) return false;
    batch.lines.push(line);
    bytes += size;
    batch.lastSeq = Math.max(batch.lastSeq, line.seq);
    batch.end = end;
    return true;
  });
  return batch;
}

/** The highest seq in the log, and how many lines come after `after` (for progress and status). */
export async function surveyLog(file: string, after: number): Promise<{ maxSeq: number; pending: number }> {
  let maxSeq = 0;
  let pending = 0;
  await eachLine(file, 0, (text) => {
    let seq = seqOf(text);
    if (seq === undefined) {
      const parsed = parseLine(text);
      if (!parsed.ok) return true;
      seq = parsed.line.seq;
    }
    maxSeq = Math.max(maxSeq, seq);
    if (seq > after) pending += 1;
    return true;
  });
  return { maxSeq, pending };
}

function seqOf(text: string): number | undefined {
  const head = HEAD.exec(text.slice(0, 60));
  return head ? Number(head[1]) : undefined;
}

function parseLine(text: string): { ok: true; line: LogLine } | { ok: false; why: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, why: 'not valid JSON' };
  }
  const parsed = LogLine.safeParse(raw);
  return parsed.success ? { ok: true, line: parsed.data } : { ok: false, why: formatZodIssues(parsed.error) };
}

/**
 * Calls `visit(text, endOffset)` for each complete line from `from` until it returns false or the
 * file ends. A missing file has no lines.
 */
async function eachLine(file: string, from: number, visit: (text: string, end: number) => boolean): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw error;
  }
  try {
    let position = from;
    let carry = Buffer.alloc(0);
    const buffer = Buffer.alloc(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0) return;
      const chunk = carry.length > 0 ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
      // Offset of chunk[0] in the file.
      const base = position - carry.length;
      position += bytesRead;
      let start = 0;
      for (;;) {
        const newline = chunk.indexOf(0x0a, start);
        if (newline === -1) break;
        if (!visit(chunk.toString('utf8', start, newline), base + newline + 1)) return;
        start = newline + 1;
      }
      carry = Buffer.from(chunk.subarray(start));
    }
  } finally {
    await handle.close();
  }
}
