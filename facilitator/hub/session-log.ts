import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describeFsError } from '../../src/core/errors.js';
import { AppendLog } from './append-log.js';
import type { LogLine } from './log-records.js';
import { type ScanOptions, scanLogFile } from './read-log.js';
import type { UsageCounter } from './session-limits.js';

/**
 * Where a hub session's lines are kept. The hub's SessionStore keeps its memory (who joined, which
 * event ids it has) and needs from its log only this: every stored line once at open, then appends
 * that resolve when the lines are durable. The hub answers a participant only after that, so an
 * acknowledged event survives kill -9 on either kind of log:
 *
 * - FileSessionLog: `log.jsonl` in the session folder (a laptop hub), flushed with fdatasync;
 * - DbSessionLog (db-session-log.ts): the programme store's `session_lines` (a date hosted on the
 *   programme server), committed in a transaction.
 */
export interface SessionLogReplay {
  /** Lines left out (damage, over the participant limits), for the host to print. */
  warnings: string[];
  /** The highest seq stored: the next line continues after it. */
  maxSeq: number;
  /** What each participant stored, within the limits (the hub goes on counting from here). */
  usage: UsageCounter;
}

export interface SessionLog {
  /** Where the lines are, for messages: the file, or the session in the database. */
  readonly where: string;
  /** Streams every stored line to `onLine` in seq order; called once, before the first append. */
  replay(onLine: (line: LogLine) => void, options: ScanOptions): Promise<SessionLogReplay>;
  /**
   * Stores lines after those already stored; resolves once they are durable, rejects with a
   * StorageError (nothing of that call is then stored). `rendered`, when given, is each line's JSON
   * text ending in a newline, as the caller already made it (saves doing it twice on the hot path).
   */
  append(lines: LogLine[], rendered?: string[]): Promise<void>;
  /** Resolves once every append made so far has settled. */
  flushed(): Promise<void>;
  /** Waits for pending appends, then releases the log. */
  close(): Promise<void>;
}

/** The hub could not save: the request is answered 503 and the client keeps the events to retry. */
export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}

export const LOG_FILE = 'log.jsonl';

/** The laptop hub's log: `log.jsonl`, group-committed by AppendLog. Behaviour as before the interface. */
export class FileSessionLog implements SessionLog {
  readonly where: string;
  #append: AppendLog | undefined;

  constructor(dir: string) {
    this.where = path.join(dir, LOG_FILE);
  }

  async replay(onLine: (line: LogLine) => void, options: ScanOptions): Promise<SessionLogReplay> {
    const file = this.where;
    // The log is not open for writing until it has been read (its torn tail is cut then).
    const read = await scanLogFile(file, onLine, options);
    const warnings = [...read.warnings];
    if (read.tornTail) {
      // Keep the cut-off bytes for inspection, then cut them so the next line starts clean.
      const aside = `${file}.torn-${Date.now()}`;
      await fs.writeFile(aside, read.tornTail, { mode: 0o600 }).catch(() => undefined);
      warnings.push(`the incomplete last line was moved to ${aside}`);
    }
    this.#append = await AppendLog.open(file, read.durableSize);
    return { warnings, maxSeq: read.maxSeq, usage: read.usage };
  }

  async append(lines: LogLine[], rendered?: string[]): Promise<void> {
    const text = (rendered ?? lines.map((line) => `${JSON.stringify(line)}\n`)).join('');
    try {
      await this.#open().append(text);
    } catch (error) {
      throw new StorageError(describeFsError(error, `save to ${this.where}`).message, { cause: error });
    }
  }

  async flushed(): Promise<void> {
    await this.#append?.flushed();
  }

  async close(): Promise<void> {
    await this.#append?.close();
  }

  #open(): AppendLog {
    if (!this.#append) throw new Error('the session log was not replayed before the first append');
    return this.#append;
  }
}
