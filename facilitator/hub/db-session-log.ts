import { formatZodIssues } from '../../src/core/validation.js';
import { ConstraintViolation, DatabaseUnavailable } from '../store/engine.js';
import type { Store } from '../store/store.js';
import { LogLine } from './log-records.js';
import type { ScanOptions } from './read-log.js';
import { UsageCounter } from './session-limits.js';
import { type SessionLog, type SessionLogReplay, StorageError } from './session-log.js';

/**
 * The log of a date hosted on the programme server: the store's `session_lines` of that session,
 * origin 'hub'. An append resolves once its transaction committed, which is when the hub answers,
 * exactly as a laptop hub answers after fdatasync.
 *
 * Group commit, as AppendLog does on a laptop: appends that arrive while a transaction is in flight
 * go together into the next one, so 300 laptops posting at once cost a handful of commits instead of
 * 300. A batch the database refuses for something other than being down is retried one append at a
 * time, so one bad line fails only the request that brought it, never its neighbours.
 */
const PAGE = 5000;

interface Pending {
  lines: Array<{ seq: number; kind: LogLine['kind']; json: string }>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class DbSessionLog implements SessionLog {
  readonly where: string;
  #queue: Pending[] = [];
  #writing: Promise<void> | undefined;
  #closed = false;

  constructor(
    readonly store: Store,
    readonly programmeId: string,
    readonly sessionId: string,
  ) {
    this.where = `the database at ${store.where} (programme ${programmeId}, session ${sessionId})`;
  }

  async replay(onLine: (line: LogLine) => void, options: ScanOptions): Promise<SessionLogReplay> {
    const usage = new UsageCounter(options.limits);
    const warnings: string[] = [];
    // Per participant: events left out for being over the limits (the same rule as a laptop's log).
    const over = new Map<string, number>();
    let maxSeq = 0;
    for (;;) {
      const page = await this.store.readHubLinesAfter(this.programmeId, this.sessionId, maxSeq, PAGE);
      for (const row of page) {
        maxSeq = row.seq;
        const parsed = LogLine.safeParse(row.line);
        if (!parsed.success) {
          warnings.push(`${this.where} line ${row.seq}: ${formatZodIssues(parsed.error)}; skipped`);
          continue;
        }
        const line = parsed.data;
        if (line.kind === 'event') {
          // Measured as the laptop's log measures it: the line's JSON and its newline.
          const length = Buffer.byteLength(JSON.stringify(row.line)) + 1;
          if (over.has(line.participantId) || length > usage.limits.bytesPerEvent || !usage.fits(line.participantId, 1, length)) {
            over.set(line.participantId, (over.get(line.participantId) ?? 0) + 1);
            continue;
          }
          usage.add(line.participantId, 1, length);
        } else if (line.kind === 'identity') {
          usage.merge(line.participantId, line.into);
        }
        onLine(line);
      }
      if (page.length < PAGE) break;
    }
    for (const [participantId, count] of over) {
      warnings.push(
        `${this.where}: participant ${participantId} sent more than a session holds (${usage.limits.eventsPerSession} events or ${Math.round(usage.limits.bytesPerSession / 1024 / 1024)} MiB); their ${count} later events are left out`,
      );
    }
    return { warnings, maxSeq, usage };
  }

  append(lines: LogLine[], rendered?: string[]): Promise<void> {
    if (this.#closed) return Promise.reject(new StorageError(`${this.where} is closed`));
    if (lines.length === 0) return Promise.resolve();
    const entries = lines.map((line, i) => ({ seq: line.seq, kind: line.kind, json: rendered ? rendered[i].trimEnd() : JSON.stringify(line) }));
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ lines: entries, resolve, reject });
      this.#kick();
    });
  }

  async flushed(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  async close(): Promise<void> {
    await this.flushed();
    this.#closed = true;
  }

  #kick(): void {
    if (this.#writing) return;
    // Started after the requests that arrived with this one have queued their lines too. The embedded
    // engine runs in this thread and answers without yielding to I/O, so a transaction started at once
    // would carry one request's lines, and the next request would wait for it; 300 laptops would then
    // cost 300 commits instead of a handful.
    this.#writing = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#drain()).finally(() => {
      this.#writing = undefined;
      if (this.#queue.length > 0) this.#kick();
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#queue.length);
      try {
        await this.#insert(batch.flatMap((p) => p.lines));
        for (const p of batch) p.resolve();
      } catch (error) {
        if (batch.length === 1 || error instanceof DatabaseUnavailable) {
          for (const p of batch) p.reject(this.#storageError(error));
          continue;
        }
        for (const p of batch) {
          try {
            await this.#insert(p.lines);
            p.resolve();
          } catch (single) {
            p.reject(this.#storageError(single));
          }
        }
      }
    }
  }

  async #insert(lines: Pending['lines']): Promise<void> {
    await this.store.appendHostedLines(this.programmeId, this.sessionId, lines);
  }

  #storageError(error: unknown): StorageError {
    if (error instanceof ConstraintViolation && error.constraint === 'session_lines_pkey') {
      return new StorageError(`another process is writing this session into ${this.where}: host each date on one server only`, { cause: error });
    }
    // The store's own errors already say where and what to do; anything else gets the place added.
    if (error instanceof DatabaseUnavailable || error instanceof ConstraintViolation) return new StorageError(error.message, { cause: error });
    return new StorageError(`could not save to ${this.where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
