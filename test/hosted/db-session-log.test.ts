import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DbSessionLog } from '../../facilitator/hub/db-session-log.js';
import { SESSION_SCHEMA_VERSION, type SessionMeta } from '../../facilitator/hub/session-meta.js';
import { SessionStore, StorageError } from '../../facilitator/hub/store.js';
import { Store, type StoreTarget } from '../../facilitator/store/store.js';
import { putTestProgramme } from '../support/hosted-server.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';
import { event } from '../hub/helpers.js';

/**
 * The hub's store over the database log (a date hosted on the programme server): what it
 * acknowledges is committed, it rebuilds the same memory from the database at open, and it never
 * lets a second writer's lines vanish.
 */
describe.each(ENGINES)('a hub session kept in the database (%s engine)', (kind) => {
  let target: StoreTarget;
  let db: Store;
  let meta: SessionMeta;
  let dates = 0;

  // One database per engine (the embedded one's first open is the slow part); each test hosts its own date in it.
  beforeAll(async () => {
    if (!engineAvailable(kind)) return;
    target = await freshTarget(kind);
    db = await Store.open(target);
    await putTestProgramme(db);
  });

  beforeEach(async (context) => {
    if (!engineAvailable(kind)) return context.skip();
    dates += 1;
    meta = { schemaVersion: SESSION_SCHEMA_VERSION, id: `2026-12-0${dates}`, title: 'Pilot', programmeId: 'pilot', createdAt: '2026-12-01T00:00:00.000Z', code: 'ABCD-1234' };
    await db.putSession('pilot', meta, 'server', 'test');
  });

  afterAll(async () => {
    await db?.close();
    await cleanupTargets();
  });

  const openHub = (options: Parameters<typeof SessionStore.openLog>[2] = {}) => SessionStore.openLog(meta, new DbSessionLog(db, 'pilot', meta.id), options);

  it('stores joins and events as committed lines and rebuilds the same memory at open', async () => {
    const { store } = await openHub();
    const aiko = await store.join({ name: 'Aiko', email: 'aiko@example.com', team: 'Finance' });
    const ben = await store.join({ name: 'Ben', email: 'ben@example.com', team: 'Sales' });
    const events = [event({ type: 'hint.shown', exerciseId: 'ex-1', hintIndex: 0 }), event({ type: 'hand.raised', message: 'help' })];
    // Many requests at once: they share transactions (group commit), each acknowledged once committed.
    const answers = await Promise.all([store.appendEvents(aiko.participantId, events), store.appendEvents(ben.participantId, [event({ type: 'exercise.setup', exerciseId: 'ex-1' })]), store.appendEvents(aiko.participantId, events)]);
    expect(answers.map((a) => a.accepted + a.duplicates)).toEqual([2, 1, 2]);
    expect(answers.reduce((n, a) => n + a.accepted, 0)).toBe(3);
    await store.close();

    const lines = await db.readLines('pilot', meta.id);
    expect(lines.map((l) => l.line.kind)).toEqual(['join', 'join', 'event', 'event', 'event']);
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(lines.every((l) => l.origin === 'hub')).toBe(true);
    // Only the hash of a participant's token is stored.
    expect(JSON.stringify(lines)).not.toContain(aiko.token);

    const again = await openHub();
    expect(again.store.participantCount).toBe(2);
    expect(again.store.eventCount).toBe(3);
    expect(again.records).toHaveLength(5);
    expect(again.store.authenticate(aiko.token)).toBe(aiko.participantId);
    // Idempotent after the reopen, and numbering goes on after the last line.
    expect(await again.store.appendEvents(aiko.participantId, events)).toEqual({ accepted: 0, duplicates: 2 });
    await again.store.recordRoom({ type: 'message', id: 'm1', text: 'break until 11:00' });
    expect((await db.readLines('pilot', meta.id)).at(-1)).toMatchObject({ seq: 6, line: { kind: 'room' } });
    await again.store.close();
  });

  it('applies the participant limits when it reads the log, as a laptop hub does', async () => {
    const { store } = await openHub();
    const p = await store.join({ name: 'Flood', email: 'flood@example.com', team: 'T' });
    for (let i = 0; i < 5; i += 1) await store.appendEvents(p.participantId, [event({ type: 'exercise.setup', exerciseId: `ex-${i}` })]);
    await store.close();
    const limited = await openHub({ limits: { eventsPerSession: 3 } });
    expect(limited.store.eventCount).toBe(3);
    expect(limited.warnings.join('\n')).toMatch(/their 2 later events are left out/);
    await limited.store.close();
  });

  it('refuses, instead of silently dropping, lines another process numbered the same', async () => {
    const first = await openHub();
    const second = await openHub();
    await first.store.join({ name: 'A', email: 'a@example.com', team: 'T' });
    const clash = second.store.join({ name: 'B', email: 'b@example.com', team: 'T' });
    await expect(clash).rejects.toBeInstanceOf(StorageError);
    await expect(clash).rejects.toThrow(/another process is writing this session/);
    await first.store.close();
    await second.store.close();
  });

  it('one refused line fails only its own request, never the others committed with it', async () => {
    const first = await openHub();
    const second = await openHub();
    await first.store.join({ name: 'A', email: 'a@example.com', team: 'T' });
    await first.store.join({ name: 'A2', email: 'a2@example.com', team: 'T' });
    const batches: number[] = [];
    const original = db.appendHostedLines.bind(db);
    db.appendHostedLines = (p, s, lines) => (batches.push(lines.length), original(p, s, lines));
    try {
      // The second hub's seqs 1 and 2 are taken, its 3 is free. B, C and D arrive together and go in one
      // statement, which the database refuses; then each is tried alone, and only D's stands.
      const results = await Promise.allSettled(['B', 'C', 'D'].map((name) => second.store.join({ name, email: `${name.toLowerCase()}@example.com`, team: 'T' })));
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(StorageError);
      expect(batches).toEqual([3, 1, 1, 1]);
    } finally {
      db.appendHostedLines = original;
    }
    expect((await db.readLines('pilot', meta.id)).map((l) => l.seq)).toEqual([1, 2, 3]);
    await first.store.close();
    await second.store.close();
  });

  it('stores an event with a NUL character (which PostgreSQL text cannot hold) with U+FFFD instead of refusing it for ever', async () => {
    const { store } = await openHub();
    const a = await store.join({ name: 'A', email: 'a@example.com', team: 'T' });
    expect(await store.appendEvents(a.participantId, [event({ type: 'hand.raised', message: 'bad \u0000 byte' })])).toMatchObject({ accepted: 1 });
    const [, stored] = await db.readLines('pilot', meta.id);
    expect(stored.line).toMatchObject({ kind: 'event', event: { message: 'bad \ufffd byte' } });
    await store.close();
  });

  it('answers a database that is gone with the hub\'s StorageError (503, retry), not a crash', async () => {
    const { store } = await openHub();
    const p = await store.join({ name: 'A', email: 'a@example.com', team: 'T' });
    await db.close();
    await expect(store.appendEvents(p.participantId, [event({ type: 'exercise.setup', exerciseId: 'ex-1' })])).rejects.toBeInstanceOf(StorageError);
    // The event was not acknowledged, so it is not remembered as stored: a retry is not a "duplicate".
    db = await Store.open(target);
    await store.close();
  });
});
