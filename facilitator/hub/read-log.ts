import { createReadStream, promises as fs } from 'node:fs';
import { isErrno } from '../../src/core/errors.js';
import { formatZodIssues } from '../../src/core/validation.js';
import { LogLine } from './log-records.js';
import { type ParticipantLimits, UsageCounter } from './session-limits.js';

/**
 * Reads a session log. Every complete line is validated; a line that is not valid JSON or not a log
 * record is skipped with a warning naming its line number (a hand edit, a disk error) and never
 * stops the read. The bytes after the last newline are a torn line: a write that a crash or kill
 * interrupted. It was never acknowledged (the hub acknowledges only after the whole line is flushed),
 * so it is reported and left out; `durableSize` is where the complete lines end.
 *
 * Issue 12 (item 4): the log is streamed, line by line, never read whole, so a log of any size
 * (Node cannot hold a file over 2 GiB in one buffer) resumes and reports; and each participant's
 * events beyond the session limits (session-limits.ts) are counted and left out without being
 * parsed, so a flooded log costs neither memory nor much time.
 */
export interface LogScan {
  warnings: string[];
  /** Length in bytes of the part of the file that ends on a complete line. */
  durableSize: number;
  /** The incomplete last line, if any (bytes after the last newline; at most the last 64 KiB of it). */
  tornTail?: Buffer;
  /** The highest `seq` in the file, over-limit lines included (the next line continues after it). */
  maxSeq: number;
  /** What each participant stored (within the limits), for the hub to go on counting. */
  usage: UsageCounter;
}

export interface LogRead extends LogScan {
  lines: LogLine[];
}

export interface ScanOptions {
  limits?: Partial<ParticipantLimits>;
}

export async function readLogFile(file: string, options: ScanOptions = {}): Promise<LogRead> {
  const lines: LogLine[] = [];
  const scan = await scanLogFile(file, (line) => lines.push(line), options);
  return { ...scan, lines };
}

/** Streams the log's lines to `onLine`, in order. */
export async function scanLogFile(file: string, onLine: (line: LogLine) => void, options: ScanOptions = {}): Promise<LogScan> {
  const parser = new LineParser(file, onLine, options);
  try {
    await fs.access(file);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return parser.finish();
    throw error;
  }
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) parser.push(chunk as Buffer);
  return parser.finish();
}

/** The same over bytes already in memory (tests, small files). */
export function parseLogBytes(bytes: Buffer, file: string, options: ScanOptions = {}): LogRead {
  const lines: LogLine[] = [];
  const parser = new LineParser(file, (line) => lines.push(line), options);
  parser.push(bytes);
  return { ...parser.finish(), lines };
}

const MAX_TORN_KEPT = 64 * 1024;
/** No record comes near this (events are at most 32 KiB): a longer "line" is damage, skipped without being held. */
const MAX_LINE_BYTES = 1024 * 1024;
// Lines as the hub writes them: `{"kind":"event","seq":N,"receivedAt":"…","participantId":"p_…",…`.
const EVENT_HEAD = /^\{"kind":"event","seq":(\d+),"receivedAt":"[^"]*","participantId":"([^"]{1,64})"/;

class LineParser {
  readonly #file: string;
  readonly #onLine: (line: LogLine) => void;
  readonly #usage: UsageCounter;
  readonly #warnings: string[] = [];
  /** Bytes of a line that started in an earlier chunk. */
  #carry: Buffer[] = [];
  #carryLength = 0;
  /** The line being carried is longer than any record: its bytes are counted, not kept. */
  #oversized = false;
  #offset = 0;
  #durableSize = 0;
  #lineNumber = 0;
  #maxSeq = 0;
  /** Per participant: events left out for being over the limits. */
  #over = new Map<string, number>();

  constructor(file: string, onLine: (line: LogLine) => void, options: ScanOptions) {
    this.#file = file;
    this.#onLine = onLine;
    this.#usage = new UsageCounter(options.limits);
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline === -1) break;
      let line = chunk.subarray(start, newline);
      if (this.#oversized) {
        this.#lineNumber += 1;
        this.#warnings.push(`${this.#file} line ${this.#lineNumber}: ${this.#carryLength + line.length} bytes, longer than any record (damage?); skipped`);
        this.#carry = [];
        this.#carryLength = 0;
        this.#oversized = false;
      } else {
        if (this.#carryLength > 0) {
          line = Buffer.concat([...this.#carry, line]);
          this.#carry = [];
          this.#carryLength = 0;
        }
        this.#line(line);
      }
      start = newline + 1;
      this.#durableSize = this.#offset + start;
    }
    if (start < chunk.length) {
      this.#carryLength += chunk.length - start;
      // Copy: the stream may reuse its buffer. An oversized line keeps only its last 64 KiB.
      const piece = chunk.subarray(this.#oversized ? Math.max(start, chunk.length - MAX_TORN_KEPT) : start);
      this.#carry = this.#oversized ? [Buffer.from(piece)] : [...this.#carry, Buffer.from(piece)];
      if (!this.#oversized && this.#carryLength > MAX_LINE_BYTES) {
        this.#oversized = true;
        // Keep only the end (a torn tail is kept for inspection, at most its last 64 KiB).
        const tail = Buffer.concat(this.#carry);
        this.#carry = [tail.subarray(Math.max(0, tail.length - MAX_TORN_KEPT))];
      }
    }
    this.#offset += chunk.length;
  }

  finish(): LogScan {
    let tornTail: Buffer | undefined;
    if (this.#carryLength > 0) {
      const whole = Buffer.concat(this.#carry);
      tornTail = whole.length > MAX_TORN_KEPT ? whole.subarray(whole.length - MAX_TORN_KEPT) : whole;
      this.#warnings.push(`${this.#file} line ${this.#lineNumber + 1}: incomplete (${this.#carryLength} bytes, a write cut short by a crash); skipped — it had not been acknowledged`);
    }
    for (const [participantId, count] of this.#over) {
      const { limits } = this.#usage;
      this.#warnings.push(
        `${this.#file}: participant ${participantId} sent more than a session holds (${limits.eventsPerSession} events or ${Math.round(limits.bytesPerSession / 1024 / 1024)} MiB); their ${count} later events are left out`,
      );
    }
    return { warnings: this.#warnings, durableSize: this.#durableSize, tornTail, maxSeq: this.#maxSeq, usage: this.#usage };
  }

  #line(bytes: Buffer): void {
    this.#lineNumber += 1;
    const length = bytes.length + 1;
    // An event of a participant already at the limit is counted from its head alone, never parsed.
    const head = EVENT_HEAD.exec(bytes.toString('latin1', 0, Math.min(bytes.length, 160)));
    if (head) {
      this.#maxSeq = Math.max(this.#maxSeq, Number(head[1]));
      const participantId = head[2];
      if (this.#over.has(participantId) || length > this.#usage.limits.bytesPerEvent || !this.#usage.fits(participantId, 1, length)) {
        this.#over.set(participantId, (this.#over.get(participantId) ?? 0) + 1);
        return;
      }
    }
    const text = bytes.toString('utf8');
    if (text.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.#warnings.push(`${this.#file} line ${this.#lineNumber}: not valid JSON; skipped`);
      return;
    }
    const parsed = LogLine.safeParse(raw);
    if (!parsed.success) {
      this.#warnings.push(`${this.#file} line ${this.#lineNumber}: ${formatZodIssues(parsed.error)}; skipped`);
      return;
    }
    const line = parsed.data;
    this.#maxSeq = Math.max(this.#maxSeq, line.seq);
    if (line.kind === 'event') {
      if (!head) {
        // A line written in another key order (by hand): the same limits, checked after parsing.
        if (this.#over.has(line.participantId) || length > this.#usage.limits.bytesPerEvent || !this.#usage.fits(line.participantId, 1, length)) {
          this.#over.set(line.participantId, (this.#over.get(line.participantId) ?? 0) + 1);
          return;
        }
      }
      this.#usage.add(line.participantId, 1, length);
    } else if (line.kind === 'identity') {
      this.#usage.merge(line.participantId, line.into);
    }
    this.#onLine(line);
  }
}
