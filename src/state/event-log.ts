import { promises as fs } from 'node:fs';
import path from 'node:path';
import { appendLineDurably } from '../core/atomic-write.js';
import { configDir } from '../core/paths.js';
import { type NewParticipantEvent, ParticipantEvent, stampEvent } from '../protocol/events.js';

/**
 * The participant's local event log: every participant-facing event (doctor run, exercise set up,
 * graded, hint, reset, raised hand) is appended here, one JSON object per line, flushed to disk.
 * It is the source the hub outbox sends from, so an event is recorded even when no hub is joined.
 */
export function eventLogPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'events.jsonl');
}

export async function recordEvent(event: NewParticipantEvent, env: NodeJS.ProcessEnv = process.env): Promise<ParticipantEvent> {
  const stamped = stampEvent(event);
  await appendLineDurably(eventLogPath(env), JSON.stringify(stamped));
  return stamped;
}

export interface EventLogRead {
  events: ParticipantEvent[];
  /** Lines that could not be read (a torn last line after a crash, a hand edit); skipped, never fatal. */
  skippedLines: number;
}

export async function readEventLog(env: NodeJS.ProcessEnv = process.env): Promise<EventLogRead> {
  let text: string;
  try {
    text = await fs.readFile(eventLogPath(env), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], skippedLines: 0 };
    throw error;
  }
  const events: ParticipantEvent[] = [];
  let skippedLines = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = ParticipantEvent.safeParse(JSON.parse(line));
      if (parsed.success) events.push(parsed.data);
      else skippedLines += 1;
    } catch {
      skippedLines += 1;
    }
  }
  return { events, skippedLines };
}
