import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../core/atomic-write.js';
import { configDir } from '../core/paths.js';
import { readEventLog } from '../state/event-log.js';
import { localDay } from '../codex/session-logs.js';

/**
 * What `workshop pulse` remembers on the participant's laptop: their answer to the consent question
 * (asked once), whether the automatic offer was already made, and when counts were last reported.
 * A broken file is treated as "never asked": the worst case is one more question, never a report
 * sent without consent.
 */
export const PulseState = z
  .object({
    schemaVersion: z.literal(1),
    consent: z.enum(['granted', 'declined']).optional(),
    answeredAt: z.string().optional(),
    autoOfferedAt: z.string().optional(),
    lastReportedAt: z.string().optional(),
  })
  .strict();
export type PulseState = z.infer<typeof PulseState>;

export function pulseStatePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'pulse.json');
}

export async function readPulseState(env: NodeJS.ProcessEnv = process.env): Promise<PulseState> {
  try {
    const parsed = PulseState.safeParse(JSON.parse(await fs.readFile(pulseStatePath(env), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // missing or unreadable: never asked
  }
  return { schemaVersion: 1 };
}

export async function writePulseState(state: PulseState, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await writeFileAtomic(pulseStatePath(env), `${JSON.stringify(PulseState.parse(state), null, 2)}\n`);
}

/**
 * The day of the participant's first workshop session, as their own event log shows it: the first
 * exercise they set up or had graded (doctor runs do not count: people run doctor at home before).
 */
export async function firstSessionDay(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const { events } = await readEventLog(env);
  let first: number | undefined;
  for (const event of events) {
    if (event.type !== 'exercise.setup' && event.type !== 'exercise.graded') continue;
    const ms = Date.parse(event.ts);
    if (!Number.isNaN(ms) && (first === undefined || ms < first)) first = ms;
  }
  return first === undefined ? undefined : localDay(first);
}
