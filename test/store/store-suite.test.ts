import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../facilitator/hub/tokens.js';
import type { LogLine } from '../../facilitator/hub/log-records.js';
import type { SessionMeta } from '../../facilitator/hub/session-meta.js';
import type { Programme, RosterPerson } from '../../facilitator/programme/store.js';
import { ConstraintViolation } from '../../facilitator/store/engine.js';
import { LATEST_VERSION, MIGRATIONS, migrate } from '../../facilitator/store/migrations.js';
import { Store } from '../../facilitator/store/store.js';
import { UsageError } from '../../src/core/errors.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';

/**
 * The store's promises, the same suite on each engine (issue 13): the schema is applied once, two
 * writers at once lose nothing, a line or an event is stored once however often it arrives, and
 * every change names who made it. (Errors: store-errors.test.ts; backups: test/data/.)
 */
afterAll(cleanupTargets);

const PROGRAMME: Programme = {
  schemaVersion: 1,
  id: 'spring',
  title: 'Spring',
  createdAt: '2026-03-01T00:00:00.000Z',
  timeZone: 'Asia/Tokyo',
  settings: { windowDays: 28, regularMinWeeks: 3 },
  sessions: [],
};

const META: SessionMeta = { schemaVersion: 1, id: '2026-03-03', title: 'Spring — day one', programmeId: 'spring', createdAt: '2026-03-02T23:00:00.000Z', code: 'ABCD-1234' };

const person = (n: number, team = 'Sales'): RosterPerson => ({ email: `p${n}@example.com`, name: `Person ${n}`, team });
const join = (seq: number, id: string, token: string): LogLine => ({
  kind: 'join',
  seq,
  at: '2026-03-03T00:10:00.000Z',
  participant: { id, name: id, email: `${id}@example.com`, team: 'Sales' },
  tokenHash: hashToken(token),
});
const event = (seq: number, participantId: string, eventId: string): LogLine => ({
  kind: 'event',
  seq,
  receivedAt: '2026-03-03T00:20:00.000Z',
  participantId,
  event: { id: eventId, ts: '2026-03-03T00:20:00.000Z', type: 'exercise.setup', exerciseId: '01-first' },
});
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe.each(ENGINES)('the store on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('applies the migrations once; opening again applies nothing', async () => {
    const target = await freshTarget(kind, { pristine: true });
    const first = await Store.open(target);
    const applied = await first.db.query<{ version: number }>('select version from schema_migrations order by version');
    expect(applied.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    await first.putProgramme(PROGRAMME, 'cli:ann');
    await first.close();
    const again = await Store.open(target);
    try {
      expect(await migrate(again.db)).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION });
      expect(await again.db.query('select version from schema_migrations')).toHaveLength(MIGRATIONS.length);
      expect(await again.getProgramme('spring')).toEqual(PROGRAMME);
    } finally {
      await again.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('two roster imports at once both land: nobody is lost', async () => {
    const target = await freshTarget(kind);
    const a = await Store.open(target);
    // PostgreSQL: a second Store is a second pool of connections, as a second process would be.
    // The embedded engine is one process's by design (a lock file): two callers share one Store.
    const b = kind === 'postgres' ? await Store.open(target) : a;
    try {
      await a.putProgramme(PROGRAMME, 'cli:ann');
      const importer = (store: Store, actor: string, people: RosterPerson[]) =>
        store.updateRoster('spring', actor, (current) => {
          const byEmail = new Map(current.people.map((p) => [p.email, p]));
          for (const p of people) byEmail.set(p.email, p);
          return { roster: { ...current, updatedAt: new Date().toISOString(), people: [...byEmail.values()] } };
        });
      const batches = Array.from({ length: 8 }, (_, i) => Array.from({ length: 25 }, (_, j) => person(i * 25 + j, `Team ${i}`)));
      await Promise.all(batches.map((people, i) => importer(i % 2 === 0 ? a : b, `cli:importer-${i}`, people)));
      const roster = await a.getRoster('spring');
      expect(roster.people).toHaveLength(200);
      expect(new Set(roster.people.map((p) => p.email)).size).toBe(200);
      const imports = (await a.changes('spring')).filter((c) => c.action === 'roster.import');
      expect(imports.map((c) => c.actor).sort()).toEqual(batches.map((_, i) => `cli:importer-${i}`).sort());
    } finally {
      if (b !== a) await b.close();
      await a.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('stores a log line once by its sequence number, and an event once by its id whichever way it came', async () => {
    const store = await Store.open(await freshTarget(kind));
    try {
      await store.putProgramme(PROGRAMME, 'cli:ann');
      await store.putSession('spring', META, 'venue', 'cli:ann');
      const venue = [join(1, 'p_ana', 'wsp_ana'), event(2, 'p_ana', uuid(1)), event(3, 'p_ana', uuid(2))];
      expect(await store.appendLines('spring', META.id, 'hub', venue)).toEqual({ stored: 3, skipped: 0 });
      // The outbox sends again after a lost acknowledgement: nothing doubles.
      expect(await store.appendLines('spring', META.id, 'hub', venue)).toEqual({ stored: 0, skipped: 3 });
      // After the session the participant reaches the server directly; one event the venue already sent.
      expect(await store.appendLines('spring', META.id, 'server', [event(1, 'p_ana', uuid(2)), event(2, 'p_ana', uuid(3))])).toEqual({ stored: 1, skipped: 1 });
      // …and the venue's outbox delivers, late, an event the server already has: stored once.
      expect(await store.appendLines('spring', META.id, 'hub', [event(4, 'p_ana', uuid(3))])).toEqual({ stored: 0, skipped: 1 });
      const lines = await store.readLines('spring', META.id);
      expect(lines.map((l) => [l.origin, l.seq])).toEqual([
        ['hub', 1],
        ['hub', 2],
        ['hub', 3],
        ['server', 2],
      ]);
      expect(lines.filter((l) => l.line.kind === 'event').map((l) => (l.line as { event: { id: string } }).event.id)).toEqual([uuid(1), uuid(2), uuid(3)]);
      expect(await store.lastHubSeq('spring', META.id)).toBe(3);
      expect(await store.participantByTokenHash(hashToken('wsp_ana'))).toEqual({ programmeId: 'spring', sessionId: META.id, participantId: 'p_ana' });
    } finally {
      await store.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('replaces a (source, day) of usage on a second import, keeping both import records', async () => {
    const store = await Store.open(await freshTarget(kind));
    try {
      await store.putProgramme(PROGRAMME, 'cli:ann');
      const day = (value: string, d: string, requests: number) => ({ source: { kind: 'keyId' as const, value }, day: d, requests });
      await store.addUsage('spring', [day('key_a', '2026-03-04', 5), day('key_b', '2026-03-04', 1)], { file: 'march.json', importedAt: '2026-03-05T00:00:00.000Z', format: 'usage-api' }, 'cli:ann');
      await store.addUsage('spring', [{ ...day('key_a', '2026-03-04', 7), inputTokens: 700 }], { file: 'march-fixed.csv', importedAt: '2026-03-06T00:00:00.000Z', format: 'csv' }, 'cli:bob');
      const usage = await store.getUsage('spring');
      expect(usage.days).toEqual([{ ...day('key_a', '2026-03-04', 7), inputTokens: 700 }, day('key_b', '2026-03-04', 1)]);
      expect(usage.imports.map((i) => [i.file, i.rows])).toEqual([
        ['march.json', 2],
        ['march-fixed.csv', 1],
      ]);
    } finally {
      await store.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('adds, lists and revokes facilitator tokens; a revoked token is found by nobody', async () => {
    const store = await Store.open(await freshTarget(kind));
    try {
      const token = `wst_${randomBytes(32).toString('base64url')}`;
      await store.addToken({ name: 'lead', role: 'owner', tokenHash: hashToken(token) }, 'cli:ann');
      await store.addToken({ name: 'manager', role: 'viewer', tokenHash: hashToken(`${token}x`) }, 'lead');
      await expect(store.addToken({ name: 'lead', role: 'viewer', tokenHash: hashToken('other') }, 'lead')).rejects.toBeInstanceOf(UsageError);
      expect(await store.tokenByHash(hashToken(token))).toEqual({ name: 'lead', role: 'owner' });
      expect(await store.countTokens()).toBe(2);
      expect(await store.revokeToken('lead', 'manager')).toBe(true);
      expect(await store.revokeToken('lead', 'manager')).toBe(false);
      expect(await store.tokenByHash(hashToken(token))).toBeUndefined();
      expect(await store.countTokens()).toBe(1);
      const listed = await store.listTokens();
      expect(listed.map((t) => [t.name, t.role, t.createdBy, t.revokedBy])).toEqual([
        ['lead', 'owner', 'cli:ann', 'manager'],
        ['manager', 'viewer', 'lead', undefined],
      ]);
      // Only hashes are stored: the token itself appears nowhere in the database.
      const dump = JSON.stringify(await store.db.query('select * from facilitator_tokens')) + JSON.stringify(await store.changes());
      expect(dump).not.toContain(token);
      // The name is free again once revoked.
      await store.addToken({ name: 'lead', role: 'facilitator', tokenHash: hashToken(`${token}y`) }, 'manager');
      expect(await store.tokenByHash(hashToken(`${token}y`))).toEqual({ name: 'lead', role: 'facilitator' });
    } finally {
      await store.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('records every change with its actor, in the same transaction as the change', async () => {
    const store = await Store.open(await freshTarget(kind));
    try {
      await store.putProgramme(PROGRAMME, 'cli:ann');
      await store.updateProgramme('spring', 'lead', 'programme.set', (p) => ({ ...p, title: 'Spring 2026' }));
      await store.updateRoster('spring', 'facilitator-osaka', (r) => ({ roster: { ...r, people: [person(1)] } }));
      await store.addUsage('spring', [], { file: 'empty.csv', importedAt: '2026-03-05T00:00:00.000Z', format: 'csv' }, 'facilitator-osaka');
      await store.putSession('spring', META, 'server', 'lead');
      await store.addToken({ name: 'viewer', role: 'viewer', tokenHash: hashToken('wst_v') }, 'lead');
      await store.revokeToken('viewer', 'cli:ann');
      const changes = await store.changes();
      expect(changes.map((c) => [c.action, c.actor, c.programmeId ?? null]).reverse()).toEqual([
        ['programme.put', 'cli:ann', 'spring'],
        ['programme.set', 'lead', 'spring'],
        ['roster.import', 'facilitator-osaka', 'spring'],
        ['usage.import', 'facilitator-osaka', 'spring'],
        ['session.put', 'lead', 'spring'],
        ['token.add', 'lead', null],
        ['token.revoke', 'cli:ann', null],
      ]);
      for (const c of changes) expect(Date.parse(c.at)).not.toBeNaN();
      // A write that fails leaves no record behind (the record is part of its transaction).
      const before = (await store.changes()).length;
      await expect(store.putSession('nowhere', { ...META, programmeId: 'nowhere' }, 'venue', 'lead')).rejects.toBeInstanceOf(ConstraintViolation);
      expect(await store.changes()).toHaveLength(before);
    } finally {
      await store.close();
    }
  });
});
