import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isErrno } from '../../src/core/errors.js';
import type { ActionRecord, EventRecord, ParticipantProfile, SessionRecord } from './log-records.js';
import { toRecord } from './log-records.js';
import { readLogFile } from './read-log.js';
import { type SessionMeta, readSessionMeta, sessionExists } from './session-meta.js';
import { isValidFolderId, sessionsRoot } from './session-dir.js';

/**
 * The read API over a session folder, for reports and the programme features (issue 6). Read-only and
 * safe while a hub is writing the same folder: an incomplete last line is the hub's write in
 * progress and is left out (with a warning), nothing is repaired or locked.
 */
export interface ParticipantEntry extends ParticipantProfile {
  /** First time this participant joined this session (hub clock). */
  joinedAt: string;
  /** Number of joins (a second laptop or a repeated `workshop join` adds one). */
  joins: number;
}

export interface SessionData {
  dir: string;
  meta: SessionMeta;
  /** Latest profile of everyone who joined, in order of first join. */
  participants: ParticipantEntry[];
  /** Every record in log order: joins (without token hashes), events, facilitator actions. */
  records: SessionRecord[];
  /** Just the participants' events, in log order: `{seq, receivedAt, participantId, event}`. */
  events: EventRecord[];
  actions: ActionRecord[];
  warnings: string[];
}

export async function readSession(dir: string): Promise<SessionData> {
  const meta = await readSessionMeta(dir);
  const read = await readLogFile(path.join(dir, 'log.jsonl'));
  return { dir, meta, ...foldSessionRecords(read.lines.map(toRecord)), warnings: read.warnings };
}

/**
 * A session's records folded into participants, events and actions: the same for a folder's log and
 * for the lines the programme store holds (issue 13), so reports read both alike.
 */
export function foldSessionRecords(records: SessionRecord[]): Pick<SessionData, 'participants' | 'records' | 'events' | 'actions'> {
  const byId = new Map<string, ParticipantEntry>();
  const events: EventRecord[] = [];
  const actions: ActionRecord[] = [];
  for (const record of records) {
    if (record.kind === 'join') {
      const previous = byId.get(record.participant.id);
      byId.set(record.participant.id, {
        ...record.participant,
        joinedAt: previous?.joinedAt ?? record.at,
        joins: (previous?.joins ?? 0) + 1,
      });
    } else if (record.kind === 'event') events.push(record);
    else if (record.kind === 'facilitator') actions.push(record);
  }
  return { participants: [...byId.values()], records, events, actions };
}

/** Sessions under a data folder (stand-alone, or of one programme), oldest id first. */
export async function listSessions(dataDir: string, programmeId?: string): Promise<Array<{ id: string; dir: string; meta: SessionMeta }>> {
  const root = sessionsRoot(dataDir, programmeId);
  let names: string[];
  try {
    names = await fs.readdir(root);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  const sessions: Array<{ id: string; dir: string; meta: SessionMeta }> = [];
  for (const name of names.filter(isValidFolderId).sort()) {
    const dir = path.join(root, name);
    if (await sessionExists(dir)) sessions.push({ id: name, dir, meta: await readSessionMeta(dir) });
  }
  return sessions;
}
