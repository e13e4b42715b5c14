import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../facilitator/hub/host.js';
import { type HubLink, writeHubLink } from '../../src/report/hub-link.js';
import { FOLLOW_UP_AFTER_MS, flushOutbox } from '../../src/report/outbox.js';
import { recordEvent } from '../../src/state/event-log.js';
import { call, tempDir } from '../hub/helpers.js';
import { cleanupTargets, freshTarget } from '../support/engines.js';
import { PROGRAMME_ID, type TestServer, startTestServer, waitFor } from './helpers.js';

/**
 * Participants after the session (issue 13), on the laptop's side: the hub that syncs to a server
 * gives the laptop the server's participant address at join; the outbox sends there once the
 * session is over for that laptop (the hub gone on a later day, or for ten minutes, or a hub at the
 * address that no longer knows it), and to the hub otherwise, so the live dashboard misses nothing.
 */
let server: TestServer;
let root: { dir: string; cleanup: () => Promise<void> };
let dates = 0;

beforeAll(async () => {
  server = await startTestServer(await freshTarget('embedded'));
  root = await tempDir('sync-follow-up-');
});

afterAll(async () => {
  await server?.close();
  await root?.cleanup();
  await cleanupTargets();
});

/** A date at a venue hub syncing to the server; one laptop joined it (its config folder in `env`). */
async function joinedLaptop(options: { syncToken?: string } = {}): Promise<{ hub: RunningHub; env: NodeJS.ProcessEnv; link: HubLink }> {
  dates += 1;
  const sessionId = `2026-03-${String(dates).padStart(2, '0')}`;
  const hub = await startHub({
    dataDir: path.join(root.dir, `venue-${dates}`),
    sessionId,
    programmeId: PROGRAMME_ID,
    port: 0,
    bind: '127.0.0.1',
    stuckAfterMinutes: 10,
    kit: false,
    pack: false,
    sync: { url: server.url, token: options.syncToken ?? server.token, drainMs: 3000, backoff: { initialMs: 50, maxMs: 200 } },
  });
  const env = { ...process.env, WORKSHOP_HOME: path.join(root.dir, `laptop-${dates}`) };
  const joined = await call(hub.joinUrl, 'POST', '/v1/join', { body: { code: hub.meta.code, name: 'Ada', email: `ada${dates}@example.com`, team: 'Sales' } });
  const link: HubLink = {
    schemaVersion: 1,
    hubUrl: hub.joinUrl,
    participantId: joined.body.participantId,
    token: joined.body.token,
    session: joined.body.session,
    name: 'Ada',
    email: `ada${dates}@example.com`,
    team: 'Sales',
    joinedAt: new Date().toISOString(),
    followUpUrl: joined.body.followUpUrl,
  };
  expect(link.followUpUrl).toBe(`${server.url}/p`);
  await writeHubLink(link, env);
  return { hub, env, link };
}

const serverEvents = async (sessionId: string) => (await server.store.readLines(PROGRAMME_ID, sessionId)).filter((l) => l.origin === 'server').length;
const later = (ms: number) => () => Date.now() + ms;
const DAY = 24 * 60 * 60_000;

describe("a laptop's results after the session", () => {
  it('wait for a hub that is away on the day of the date, then go to the programme server after ten minutes', async () => {
    const { hub, env } = await joinedLaptop();
    await recordEvent({ type: 'hint.shown', exerciseId: '01-first-steps', hintIndex: 0 }, env);
    expect(await flushOutbox({ budgetMs: 3000, env })).toMatchObject({ status: 'delivered', via: 'hub', sent: 1 });
    await waitFor(() => hub.forwarder!.status.state === 'synced');
    await hub.close();

    await recordEvent({ type: 'hint.shown', exerciseId: '01-first-steps', hintIndex: 1 }, env);
    // The facilitator's laptop asleep for a few minutes: the event waits for the hub.
    expect(await flushOutbox({ budgetMs: 2000, env })).toMatchObject({ status: 'later', pending: 1 });
    expect(await flushOutbox({ budgetMs: 2000, env, now: later(FOLLOW_UP_AFTER_MS - 60_000) })).toMatchObject({ status: 'later' });
    expect(await serverEvents(hub.meta.id)).toBe(0);
    // Away for more than ten minutes: the session is over for this laptop.
    expect(await flushOutbox({ budgetMs: 3000, env, now: later(FOLLOW_UP_AFTER_MS + 60_000) })).toMatchObject({ status: 'delivered', via: 'follow-up', sent: 1 });
    expect(await serverEvents(hub.meta.id)).toBe(1);
  });

  it('the next day go straight to the programme server, and an event that reached both ways is counted once', async () => {
    const { hub, env } = await joinedLaptop();
    await recordEvent({ type: 'hint.shown', exerciseId: '01-first-steps', hintIndex: 0 }, env);
    expect(await flushOutbox({ budgetMs: 3000, env })).toMatchObject({ status: 'delivered', via: 'hub' });
    await hub.close();
    // As if the acknowledgement had been lost: the outbox sends everything again.
    const outbox = path.join(env.WORKSHOP_HOME!, 'outbox.json');
    const state = JSON.parse(await readFile(outbox, 'utf8'));
    await writeFile(outbox, JSON.stringify({ ...state, offset: 0 }));
    await recordEvent({ type: 'pulse.reported', since: '2026-03-03', until: '2026-03-09', days: [{ day: '2026-03-04', codexSessions: 3 }] }, env);

    const nextDay = await flushOutbox({ budgetMs: 3000, env, now: later(DAY) });
    expect(nextDay).toMatchObject({ status: 'delivered', via: 'follow-up', sent: 1, duplicates: 1 });
    const events = (await server.store.readLines(PROGRAMME_ID, hub.meta.id)).flatMap((l) => (l.line.kind === 'event' ? [l.line.event.type] : []));
    expect(events.sort()).toEqual(['hint.shown', 'pulse.reported']);
    // Once the server took them, it is asked first (the venue's address would only hang).
    await recordEvent({ type: 'hint.shown', exerciseId: '01-first-steps', hintIndex: 2 }, env);
    const started = Date.now();
    expect(await flushOutbox({ budgetMs: 3000, env, now: later(DAY) })).toMatchObject({ status: 'delivered', via: 'follow-up', sent: 1 });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('a hub at the address that no longer knows the laptop sends it to the server at once; a server that does not know it yet keeps the results', async () => {
    const { hub, env, link } = await joinedLaptop();
    await waitFor(() => hub.forwarder!.status.state === 'synced');
    await hub.close();
    // Another date's hub now answers at an address this laptop has (it does not know the token).
    const other = await joinedLaptop();
    await writeHubLink({ ...link, hubUrl: other.hub.joinUrl }, env);
    await recordEvent({ type: 'hint.shown', exerciseId: '01-first-steps', hintIndex: 0 }, env);
    expect(await flushOutbox({ budgetMs: 3000, env })).toMatchObject({ status: 'delivered', via: 'follow-up' });
    expect(await serverEvents(hub.meta.id)).toBe(1);
    await other.hub.close();

    // A venue whose records never reached the server (a wrong server token): the server cannot know the laptop.
    const unknown = await joinedLaptop({ syncToken: `wst_${'z'.repeat(43)}` });
    await unknown.hub.close();
    await recordEvent({ type: 'hint.shown', exerciseId: '01-first-steps', hintIndex: 0 }, unknown.env);
    const kept = await flushOutbox({ budgetMs: 3000, env: unknown.env, now: later(DAY) });
    expect(kept).toMatchObject({ status: 'later', pending: 1 });
    expect(kept.status === 'later' && kept.why).toMatch(/does not know this laptop yet/);
  });
});
