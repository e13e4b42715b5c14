import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writePrivateFile } from '../data/private-files.js';

/**
 * `sync.json` in a session folder: how far the programme server has acknowledged this venue's log
 * (the highest seq), and which server. A hint only: on every (re)connection the outbox asks the
 * server for its own figure and resumes from that, so a lost or stale file costs a resend (the
 * server stores each line once), never a line. It holds no secret.
 */
export const SYNC_FILE = 'sync.json';

export const SyncState = z.object({
  schemaVersion: z.literal(1),
  url: z.string(),
  programmeId: z.string(),
  lastAckedSeq: z.number().int().min(0),
  updatedAt: z.string(),
});
export type SyncState = z.infer<typeof SyncState>;

/** The state for this server, or undefined (none, damaged, or another server's). */
export async function readSyncState(dir: string, url: string): Promise<SyncState | undefined> {
  try {
    const parsed = SyncState.safeParse(JSON.parse(await fs.readFile(path.join(dir, SYNC_FILE), 'utf8')));
    return parsed.success && parsed.data.url === url ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeSyncState(dir: string, state: Omit<SyncState, 'schemaVersion' | 'updatedAt'>, now = new Date()): Promise<void> {
  await writePrivateFile(path.join(dir, SYNC_FILE), `${JSON.stringify({ schemaVersion: 1, ...state, updatedAt: now.toISOString() })}\n`);
}
