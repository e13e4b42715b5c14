import { appendFile, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrResumeSession } from '../../facilitator/hub/session-meta.js';
import { SessionStore, listSessions, readSession, sessionDir } from '../../facilitator/hub/store.js';
import { doctorEvent, event, tempDir } from './helpers.js';

let data: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  data = await tempDir('store-test-');
});
afterEach(async () => {
  await data.cleanup();
});

describe('where sessions live', () => {
  it('puts a stand-alone session under sessions/ and a programme date under programmes/<id>/sessions/', () => {
    expect(sessionDir('/data', '2026-12-03')).toBe(path.join('/data', 'sessions', '2026-12-03'));
    expect(sessionDir('/data', '2026-12-03-pm', 'sales-2026')).toBe(path.join('/data', 'programmes', 'sales-2026', 'sessions', '2026-12-03-pm'));
  });

  it('refuses ids that would escape the data folder or break on Windows', () => {
    for (const bad of ['..', '../etc', 'a/b', 'a\\b', '.hidden', 'CON', 'nul.txt', '', 'x'.repeat(65)]) {
      expect(() => sessionDir('/data', bad)).toThrow(/can't be used as a folder name/);
    }
    expect(() => sessionDir('/data', 'ok', '../up')).toThrow(/programme id/);
  });
});

describe('the session log', () => {
  it('skips a torn last line after a crash with a warning, keeps it aside, and appends cleanly after it', async () => {
    const dir = sessionDir(data.dir, 's1');
    await createOrResumeSession(dir, { id: 's1', title: 'S1' });
    let opened = await SessionStore.open(dir);
    const joined = await opened.store.join({ name: 'Ana', email: 'ana@example.com', team: 'Ops' });
    const kept = doctorEvent(true);
    await opened.store.appendEvents(joined.participantId, [kept]);
    await opened.store.close();
    // A crash in the middle of a write leaves half a line.
    await appendFile(path.join(dir, 'log.jsonl'), '{"kind":"event","seq":3,"receivedAt":"2026-');

    opened = await SessionStore.open(dir);
    expect(opened.warnings.join('\n')).toMatch(/line 3: incomplete .*skipped/);
    expect(opened.records.map((r) => r.kind)).toEqual(['join', 'event']);
    const next = event({ type: 'exercise.setup', exerciseId: 'first-file' });
    await opened.store.appendEvents(joined.participantId, [next]);
    await opened.store.close();

    const read = await readSession(dir);
    expect(read.warnings).toEqual([]);
    expect(read.events.map((r) => r.event.id)).toEqual([kept.id, next.id]);
    const aside = (await readdir(dir)).filter((f) => f.startsWith('log.jsonl.torn-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(path.join(dir, aside[0]), 'utf8')).toBe('{"kind":"event","seq":3,"receivedAt":"2026-');
  });

  it('reads past a damaged line in the middle, naming its line number', async () => {
    const dir = sessionDir(data.dir, 's2');
    await createOrResumeSession(dir, { id: 's2' });
    const opened = await SessionStore.open(dir);
    const joined = await opened.store.join({ name: 'Bo', email: 'bo@example.com', team: 'Ops' });
    await opened.store.close();
    await appendFile(path.join(dir, 'log.jsonl'), 'garbage\n{"kind":"event"}\n');
    const again = await SessionStore.open(dir);
    await again.store.appendEvents(joined.participantId, [doctorEvent(true)]);
    await again.store.close();
    const read = await readSession(dir);
    expect(read.warnings).toHaveLength(2);
    expect(read.warnings[0]).toMatch(/line 2: not valid JSON/);
    expect(read.warnings[1]).toMatch(/line 3: /);
    expect(read.events).toHaveLength(1);
  });

  it('writes concurrent appends in one sequence, each acknowledged once and never twice', async () => {
    const dir = sessionDir(data.dir, 's3');
    await createOrResumeSession(dir, { id: 's3' });
    const { store } = await SessionStore.open(dir);
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => store.join({ name: `P${i}`, email: `p${i}@example.com`, team: 'T' })));
    const batches = people.flatMap((p) => Array.from({ length: 5 }, () => ({ id: p.participantId, events: [doctorEvent(true), doctorEvent(false)] })));
    // Every batch twice, concurrently: the second copy must count as duplicates.
    const results = await Promise.all([...batches, ...batches].map((b) => store.appendEvents(b.id, b.events)));
    await store.close();
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(200);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(200);
    const read = await readSession(dir);
    expect(read.events).toHaveLength(200);
    const seqs = read.records.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('lists the sessions of a data folder and of a programme', async () => {
    await createOrResumeSession(sessionDir(data.dir, 'b'), { id: 'b', title: 'B' });
    await createOrResumeSession(sessionDir(data.dir, 'a'), { id: 'a', title: 'A' });
    await createOrResumeSession(sessionDir(data.dir, '2026-12-03', 'prog'), { id: '2026-12-03', programmeId: 'prog' });
    expect((await listSessions(data.dir)).map((s) => s.meta.title)).toEqual(['A', 'B']);
    expect((await listSessions(data.dir, 'prog')).map((s) => s.meta.programmeId)).toEqual(['prog']);
    expect(await listSessions(data.dir, 'none')).toEqual([]);
  });
});
