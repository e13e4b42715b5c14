import { createHash } from 'node:crypto';
import { importRoster } from '../../facilitator/programme/roster-import.js';
import { DEFAULT_SETTINGS, type Programme, emptyRoster } from '../../facilitator/programme/store.js';
import { parseUsageFile } from '../../facilitator/programme/usage-import.js';
import type { Store } from '../../facilitator/store/store.js';
import type { LogLine } from '../../src/protocol/session-log.js';
// @ts-expect-error plain JavaScript fixture shared with the benchmark
import { TIME_ZONE, buildSyntheticProgramme } from '../programme/fixtures/synthetic-programme.mjs';

type Fixture = ReturnType<typeof buildSyntheticProgramme>;

/** Join lines' token hashes are derived from the email: a test can look for them in what it reads. */
export const tokenHashOf = (email: string, session: string) => createHash('sha256').update(`${session}/${email}`).digest('hex');

/**
 * The synthetic 70-person programme (test/programme/fixtures) put into a store through the Store API,
 * as `workshop data migrate` or a venue's sync would leave it: programme, roster, both usage exports,
 * and each date's log lines as the hub writes them.
 */
export async function loadSyntheticProgramme(store: Store, programmeId = 'synthetic', scale = 1): Promise<Fixture> {
  const fixture: Fixture = buildSyntheticProgramme(scale);
  const programme: Programme = { schemaVersion: 1, id: programmeId, title: 'Codex for everyone', createdAt: '2026-02-01T00:00:00.000Z', timeZone: TIME_ZONE, settings: DEFAULT_SETTINGS, sessions: [] };
  await store.putProgramme(programme, 'test');
  await store.putRoster(programmeId, importRoster(fixture.rosterCsv.slice(1), emptyRoster(), { file: 'roster.csv' }).roster, 'test');
  for (const [file, text] of [['usage.jsonl', fixture.usagePagesJsonLines], ['usage.csv', fixture.usageCsv]] as const) {
    const parsed = parseUsageFile(text, file, TIME_ZONE);
    await store.addUsage(programmeId, parsed.days, { file, importedAt: '2026-04-01T00:00:00.000Z', format: parsed.format }, 'test');
  }
  for (const session of fixture.sessions as Array<{ id: string; startsAt: string }>) {
    await store.putSession(programmeId, { schemaVersion: 1, id: session.id, title: `Session ${session.id}`, programmeId, startsAt: session.startsAt, createdAt: session.startsAt, code: 'SYNT-0001' }, 'venue', 'test');
    const ids = new Map<string, string>();
    const lines: LogLine[] = [];
    for (const line of fixture.hub[session.id]) {
      const seq = lines.length + 1;
      if (line.kind === 'join') {
        const id = ids.get(line.email) ?? `p${ids.size + 1}`;
        ids.set(line.email, id);
        lines.push({ kind: 'join', seq, at: line.at, participant: { id, name: line.name, email: line.email, team: line.team }, tokenHash: tokenHashOf(line.email, session.id) });
      } else {
        lines.push({ kind: 'event', seq, receivedAt: line.received, participantId: ids.get(line.email)!, event: line.event });
      }
    }
    await store.appendLines(programmeId, session.id, 'hub', lines);
  }
  return fixture;
}
