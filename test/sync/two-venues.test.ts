import { cp, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../facilitator/hub/host.js';
import { loadProgrammeReportFromStore } from '../../facilitator/programme/load-from-store.js';
import { loadProgrammeReport } from '../../facilitator/programme/load.js';
import { type Roster, createProgramme, loadProgramme, saveRoster } from '../../facilitator/programme/store.js';
import { call, doctorEvent, tempDir } from '../hub/helpers.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';
import { PROGRAMME_ID, hintEvent, startTestServer, switchableLink, waitFor } from './helpers.js';

afterAll(cleanupTargets);

/**
 * Issue 13's acceptance test for venues: two laptop hubs host two dates of one programme and forward
 * to one server through the real outbox; one venue has no network to the server for a while. The
 * programme report built from the server's store must be the report built from the two laptops'
 * folders, byte for byte: every participant and every event once. After the session the laptops
 * are gone and participants send to the server directly, with the tokens their joins gave them.
 */
const NOW = new Date('2026-04-20T12:00:00.000Z');

interface Person {
  email: string;
  name: string;
  team: string;
}

const people: Person[] = Array.from({ length: 8 }, (_, i) => ({ email: `person${i}@example.com`, name: `Person ${i}`, team: i % 2 ? 'Sales' : 'Legal' }));
// Person 0–4 come to the first date, 3–7 to the second (3 and 4 to both).
const atA = people.slice(0, 5);
const atB = people.slice(3, 8);

describe.each(ENGINES)('two venues syncing two dates into one server (%s engine)', (kind) => {
  it.skipIf(!engineAvailable(kind))('the report from the store counts every participant and event once, one venue offline for a while', async () => {
    const root = await tempDir('sync-two-venues-');
    const server = await startTestServer(await freshTarget(kind));
    const link = await switchableLink(server.port);
    const hubs: RunningHub[] = [];
    try {
      const dataA = path.join(root.dir, 'laptop-a');
      const dataB = path.join(root.dir, 'laptop-b');
      for (const data of [dataA, dataB]) await createProgramme(data, { id: PROGRAMME_ID, title: 'Spring programme', timeZone: 'UTC', now: new Date('2026-03-01T00:00:00.000Z') });
      const hub = (dataDir: string, sessionId: string, url: string) =>
        startHub({
          dataDir,
          sessionId,
          programmeId: PROGRAMME_ID,
          title: `Date ${sessionId}`,
          port: 0,
          bind: '127.0.0.1',
          stuckAfterMinutes: 10,
          kit: false,
          pack: false,
          // The hub's clock on the day of its date (joins and receipts are dated by it).
          clock: () => new Date(`${sessionId}T09:30:00.000Z`),
          sync: { url, token: server.token, drainMs: 5000, backoff: { initialMs: 50, maxMs: 300 } },
        });
      const a = await hub(dataA, '2026-03-05', server.url);
      hubs.push(a);
      // Venue B's network to the server is down when the date starts.
      const b = await hub(dataB, '2026-03-12', link.url);
      hubs.push(b);

      const tokens = new Map<string, Array<{ hub: RunningHub; token: string; participantId: string }>>();
      const posted = new Map<string, number>();
      const attend = async (venue: RunningHub, person: Person) => {
        const joined = await call(venue.joinUrl, 'POST', '/v1/join', { body: { code: venue.meta.code, ...person } });
        expect(joined.status).toBe(201);
        expect(joined.body.followUpUrl).toBe(`${venue === a ? server.url : link.url}/p`);
        tokens.set(person.email, [...(tokens.get(person.email) ?? []), { hub: venue, token: joined.body.token, participantId: joined.body.participantId }]);
        const at = `${venue.meta.id}T09:40:00.000Z`;
        const events = [doctorEvent(true, [], new Date(at)), hintEvent(`${venue.meta.id}-${person.email}-1`, at), hintEvent(`${venue.meta.id}-${person.email}-2`, at)];
        const sent = await call(venue.joinUrl, 'POST', '/v1/events', { token: joined.body.token, body: { events } });
        expect(sent.body).toMatchObject({ accepted: 3 });
        // The laptop did not get the answer and sends the same events again.
        expect((await call(venue.joinUrl, 'POST', '/v1/events', { token: joined.body.token, body: { events } })).body).toMatchObject({ accepted: 0, duplicates: 3 });
        posted.set(venue.meta.id, (posted.get(venue.meta.id) ?? 0) + 3);
      };
      await Promise.all([...atA.map((p) => attend(a, p)), ...atB.map((p) => attend(b, p))]);

      await waitFor(() => a.forwarder!.status.state === 'synced' && a.forwarder!.status.lastAckedSeq === 20, 20_000, 'venue A synced');
      await waitFor(() => b.forwarder!.status.state === 'unreachable', 20_000, 'venue B offline');
      expect(await server.store.getSession(PROGRAMME_ID, '2026-03-12')).toBeUndefined();
      expect(b.forwarder!.status.waiting).toBe(20);

      // The network comes back during the date; more happens after.
      await link.up();
      await waitFor(() => b.forwarder!.status.state === 'synced', 20_000, 'venue B caught up');
      const late = tokens.get(atB[4].email)!.find((t) => t.hub === b)!;
      expect((await call(b.joinUrl, 'POST', '/v1/events', { token: late.token, body: { events: [hintEvent('late-at-b', '2026-03-12T11:00:00.000Z')] } })).body).toMatchObject({ accepted: 1 });
      posted.set('2026-03-12', posted.get('2026-03-12')! + 1);

      // The dates end: each hub sends what is left as it stops.
      for (const venue of hubs.splice(0)) await venue.close();
      expect(a.forwarder!.status).toMatchObject({ state: 'synced', waiting: 0 });
      expect(b.forwarder!.status).toMatchObject({ state: 'synced', waiting: 0, lastAckedSeq: 21 });

      // The ground truth: both laptops' folders side by side, reported as today.
      const together = path.join(root.dir, 'together');
      await cp(dataA, together, { recursive: true });
      await cp(path.join(dataB, 'programmes', PROGRAMME_ID, 'sessions', '2026-03-12'), path.join(together, 'programmes', PROGRAMME_ID, 'sessions', '2026-03-12'), { recursive: true });
      const roster: Roster = { schemaVersion: 1, updatedAt: '2026-03-02T00:00:00.000Z', people: people.map((p) => ({ email: p.email, name: p.name, team: p.team })) };
      await saveRoster(together, PROGRAMME_ID, roster);
      await server.store.putProgramme(await loadProgramme(together, PROGRAMME_ID), 'cli:test');
      await server.store.putRoster(PROGRAMME_ID, roster, 'cli:test');

      const fromFolders = await loadProgrammeReport({ dataDir: together, programmeId: PROGRAMME_ID, now: NOW });
      const fromStore = await loadProgrammeReportFromStore(server.store, PROGRAMME_ID, { now: NOW });
      expect(JSON.stringify(fromStore.report)).toBe(JSON.stringify(fromFolders.report));
      expect(fromStore.report.dates.map((d) => [d.session, d.attended])).toEqual([
        ['2026-03-05', 5],
        ['2026-03-12', 5],
      ]);
      expect(fromStore.report.funnel.attended).toBe(8);
      expect(fromStore.report.people.filter((p) => p.attended.length === 2).map((p) => p.email)).toEqual([people[3].email, people[4].email]);
      for (const [session, count] of posted) {
        const events = (await server.store.readLines(PROGRAMME_ID, session)).flatMap((l) => (l.line.kind === 'event' ? [l.line.event.id] : []));
        expect(events).toHaveLength(count);
        expect(new Set(events).size).toBe(count);
      }

      // After the session: the laptops are gone; participants send to the server with their join tokens.
      for (const person of atA) {
        const { token } = tokens.get(person.email)!.find((t) => t.hub === a)!;
        const pulse = { id: hintEvent(`pulse-${person.email}`).id, ts: '2026-03-20T09:00:00.000Z', type: 'pulse.reported', since: '2026-03-06', until: '2026-03-19', days: [{ day: '2026-03-10', codexSessions: 2 }, { day: '2026-03-17', codexSessions: 1 }] };
        // With one event the venue had already forwarded: counted once.
        const answer = await call(server.url, 'POST', '/p/v1/events', { token, body: { events: [pulse, hintEvent(`2026-03-05-${person.email}-1`)] } });
        expect(answer.body).toMatchObject({ accepted: 1, duplicates: 1 });
      }
      const after = await loadProgrammeReportFromStore(server.store, PROGRAMME_ID, { now: NOW });
      for (const person of atA) expect(after.report.people.find((p) => p.email === person.email)?.useDays).toBe(2);
      const firstDate = (await server.store.readLines(PROGRAMME_ID, '2026-03-05')).flatMap((l) => (l.line.kind === 'event' ? [l.line.event.id] : []));
      expect(firstDate).toHaveLength(posted.get('2026-03-05')! + atA.length);
      expect(new Set(firstDate).size).toBe(firstDate.length);

      // The server token travelled in headers only: not in the laptops' files, nor in the database.
      expect(await filesContaining(root.dir, server.token)).toEqual([]);
      const dump = JSON.stringify(await server.store.db.query('select * from session_lines')) + JSON.stringify(await server.store.db.query('select * from changes')) + JSON.stringify(await server.store.db.query('select * from hub_sessions'));
      expect(dump).not.toContain(server.token);
      for (const entries of tokens.values()) for (const entry of entries) expect(dump).not.toContain(entry.token);
    } finally {
      for (const venue of hubs) await venue.close().catch(() => undefined);
      await link.down();
      await server.close();
      await root.cleanup();
    }
  }, 120_000);
});

async function filesContaining(dir: string, secret: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await readFile(file)).includes(secret)) found.push(file);
  }
  return found;
}
