import { open, readFile, stat, writeFile, appendFile, truncate } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSession } from '../../facilitator/hub/store.js';
import { participantEnv, runCli } from './cli-helpers.js';
import { call, doctorEvent, event, joinAs, tempDir, testHub } from './helpers.js';

/**
 * Issue 12 (item 4): a session has bounds per participant, and a log over 2 GiB (Node's limit for one
 * buffer) still resumes and reports. Before: no limit (one laptop wrote 2 GiB in about 5 minutes), and
 * `workshop host` resume and `workshop report` failed with "File size … is greater than 2 GiB".
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(limits = { eventsPerSession: 10, bytesPerSession: 1024 * 1024, bytesPerEvent: 4096 }) {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  const hub = await testHub(dir, { participantLimits: limits });
  cleanups.push(() => hub.close());
  return { dir, hub };
}

describe('per participant limits', () => {
  it('refuses events past a participant\'s share (413 participant_limit, in words), others unaffected, also after a restart', async () => {
    const { dir, hub } = await setup();
    const ana = await joinAs(hub, 'Ana', 'ana@example.com');
    const ben = await joinAs(hub, 'Ben', 'ben@example.com');
    const ten = Array.from({ length: 10 }, () => event({ type: 'hint.shown', exerciseId: '01-intro', hintIndex: 0 }));
    expect((await call(hub.joinUrl, 'POST', '/v1/events', { token: ana.token, body: { events: ten } })).body.accepted).toBe(10);
    const over = await call(hub.joinUrl, 'POST', '/v1/events', { token: ana.token, body: { events: [doctorEvent(true)] } });
    expect(over.status).toBe(413);
    expect(over.body).toEqual({ error: 'participant_limit', reason: expect.stringMatching(/at most 10 events .* from one participant, and yours is full/) });
    // A resend of what was stored is still a duplicate, not a refusal.
    expect((await call(hub.joinUrl, 'POST', '/v1/events', { token: ana.token, body: { events: ten.slice(0, 2) } })).body).toMatchObject({ accepted: 0, duplicates: 2 });
    expect((await call(hub.joinUrl, 'POST', '/v1/events', { token: ben.token, body: { events: [doctorEvent(true)] } })).status).toBe(200);
    await hub.close();
    const again = await testHub(dir, { participantLimits: { eventsPerSession: 10 } });
    cleanups.push(() => again.close());
    expect((await call(again.joinUrl, 'POST', '/v1/events', { token: ana.token, body: { events: [doctorEvent(true)] } })).status).toBe(413);
    expect((await readSession(again.dir)).events).toHaveLength(11);
  });

  it('refuses one event larger than the hub takes with 400 naming it (the laptop sets it aside and sends the rest)', async () => {
    const { hub } = await setup({ eventsPerSession: 100, bytesPerSession: 1024 * 1024, bytesPerEvent: 1024 });
    const ana = await joinAs(hub, 'Ana', 'ana@example.com');
    const big = event({ type: 'hand.raised', message: 'x'.repeat(280) });
    const doctor = doctorEvent(false, Array.from({ length: 20 }, (_, i) => [`check-${i}`, `code_${'y'.repeat(40)}`] as [string, string]));
    const answer = await call(hub.joinUrl, 'POST', '/v1/events', { token: ana.token, body: { events: [big, doctor] } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'event_too_large', reason: expect.stringMatching(new RegExp(`^event ${doctor.id} is \\d+ KiB; the hub takes events of at most 1 KiB$`)) });
    expect((await call(hub.joinUrl, 'POST', '/v1/events', { token: ana.token, body: { events: [big] } })).body.accepted).toBe(1);
  });

  it('`workshop sync` tells the participant in words when their share is full (English and Japanese)', async () => {
    const { dir, hub } = await setup({ eventsPerSession: 1, bytesPerSession: 1024 * 1024, bytesPerEvent: 32 * 1024 });
    const env = await participantEnv(path.join(dir, 'home'));
    const joined = await runCli(['join', hub.joinUrl, '--code', hub.meta.code, '--name', 'Aiko', '--email', 'aiko@example.com', '--team', 'Finance'], env);
    expect(joined.code).toBe(0);
    expect((await runCli(['help', 'first'], env)).code).toBe(0);
    await runCli(['help', '--done'], env);
    const sync = await runCli(['sync'], env);
    expect(sync.code).not.toBe(0);
    expect(sync.stdout + sync.stderr).toMatch(/The hub at http:\/\/127\.0\.0\.1:\d+ takes no more results from you in this session: each person's share of a session is limited\. \d+ results? stays? on this laptop; tell your facilitator\./);
    const ja = await runCli(['sync', '--lang', 'ja'], env);
    expect(ja.stdout + ja.stderr).toMatch(/このセッションではもうあなたの結果を受け取りません/);
  }, 60_000);
});

describe('a log over 2 GiB', () => {
  // A sparse hole of 2.2 GB (no disk used) between real lines: the file is over Node's 2 GiB buffer limit.
  it('resumes in `workshop host` and reports with `workshop report`, the damaged stretch skipped with a warning', async () => {
    const { dir, hub } = await setup();
    const ana = await joinAs(hub, 'Ana', 'ana@example.com');
    await call(hub.joinUrl, 'POST', '/v1/events', { token: ana.token, body: { events: [doctorEvent(true)] } });
    await hub.close();
    const log = path.join(hub.dir, 'log.jsonl');
    const before = (await stat(log)).size;
    const hole = Math.floor(2.2 * 1024 ** 3);
    await truncate(log, before + hole);
    const late = { kind: 'event', seq: 99, receivedAt: new Date().toISOString(), participantId: ana.participantId, event: event({ type: 'hand.raised', message: 'after the hole' }) };
    await appendFile(log, `\n${JSON.stringify(late)}\n`);
    expect((await stat(log)).size).toBeGreaterThan(2 * 1024 ** 3);

    const warnings: string[] = [];
    const again = await testHub(dir, { warn: (m) => warnings.push(m) });
    cleanups.push(() => again.close());
    expect(again.participants).toBe(1);
    expect(again.events).toBe(2);
    expect(warnings.join('\n')).toMatch(/line 3: \d+ bytes, longer than any record \(damage\?\); skipped/);
    const state = await call(again.joinUrl, 'GET', '/v1/facilitator/state', { token: again.facilitatorToken });
    expect(state.body.cards[0].hand).toMatchObject({ message: 'after the hole' });
    await again.close();

    const env = await participantEnv(path.join(dir, 'home'), { WORKSHOP_DATA: dir });
    const report = await runCli(['report', '--session', 'test-session', '--data', dir, '--format', 'json'], env, 120_000);
    expect(report.stderr).not.toMatch(/greater than 2 GiB/);
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).participants).toHaveLength(1);
  }, 180_000);
});
