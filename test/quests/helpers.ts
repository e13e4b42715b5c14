import { randomBytes } from 'node:crypto';
import { hashToken } from '../../facilitator/hub/tokens.js';
import type { LogLine } from '../../facilitator/hub/log-records.js';
import type { Store } from '../../facilitator/store/store.js';

/**
 * Participants of a programme as the quests see them: a date on the server and one join line each,
 * as a venue hub that syncs (or a date hosted on the server) would have stored. Returns each person's
 * join token (what `workshop join` keeps in hub.json and the quest commands send).
 */
export interface QuestPerson {
  name: string;
  email: string;
  team: string;
}

export async function addParticipants(store: Store, programmeId: string, people: QuestPerson[], sessionId = '2026-04-01'): Promise<Map<string, string>> {
  if (!(await store.getSession(programmeId, sessionId))) {
    await store.putSession(programmeId, { schemaVersion: 1, id: sessionId, title: 'Day one', programmeId, createdAt: `${sessionId}T00:00:00.000Z`, code: 'ABCD-1234' }, 'venue', 'test');
  }
  const start = await store.lastHubSeq(programmeId, sessionId);
  const tokens = new Map<string, string>();
  const lines: LogLine[] = people.map((person, i) => {
    const token = randomBytes(24).toString('base64url');
    tokens.set(person.email, token);
    return { kind: 'join', seq: start + i + 1, at: `${sessionId}T00:10:00.000Z`, participant: { id: `p${start + i + 1}`, name: person.name, email: person.email, team: person.team }, tokenHash: hashToken(token) };
  });
  await store.appendLines(programmeId, sessionId, 'hub', lines);
  return tokens;
}
