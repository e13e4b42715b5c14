import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProgramme, emptyRoster, saveRoster } from '../../facilitator/programme/store.js';
import { hostWarningLine } from '../../facilitator/hub/host-command.js';
import { participantEnv, runCli } from './cli-helpers.js';
import { call, event, joinAs, tempDir, testHub } from './helpers.js';
import { stampEvent } from '../../src/protocol/events.js';

/**
 * Issue 12 (item 6): no control character reaches the facilitator's terminal from what participants
 * sent or a roster holds: Markdown and CSV reports on stdout, `roster pending`, the host's terminal.
 * Every hostile string: a window-title OSC, a hyperlink OSC, a screen clear, a C1 CSI, a bidi
 * override and a carriage return.
 */
export const HOSTILE = 'A\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eB\rC\u001b]8;;http://evil.example\u001b\\link\u001b]8;;\u001b\\';
/** Anything that can drive a terminal: C0 but newline and tab, DEL, C1, bidi controls. */
export const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('facilitator output carries no control characters', () => {
  it('`workshop report` as Markdown and CSV on stdout: hand messages, exercise ids, check ids, platform', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const hub = await testHub(dir);
    const ana = await joinAs(hub, 'Ana', 'ana@example.com');
    const events = [
      stampEvent({ type: 'doctor.completed', ready: false, platform: HOSTILE.slice(0, 40), checks: [{ id: HOSTILE.slice(0, 60), status: 'fail', code: HOSTILE.slice(0, 60) }] }),
      event({ type: 'exercise.setup', exerciseId: HOSTILE.slice(0, 70) }),
      event({ type: 'exercise.graded', exerciseId: HOSTILE.slice(0, 70), passed: false, score: 0, maxScore: 1, noChange: false, failingChecks: [HOSTILE.slice(0, 70)], attempt: 1, codexSessions: 0, changedAfterCodex: false }),
      event({ type: 'hand.raised', message: HOSTILE }),
    ];
    const posted = await call(hub.joinUrl, 'POST', '/v1/events', { token: ana.token, body: { events } });
    expect(posted.status).toBe(200);
    await hub.close();
    const env = await participantEnv(path.join(dir, 'home'));
    const md = await runCli(['report', '--session', 'test-session', '--data', dir], env);
    expect(md.code).toBe(0);
    // What is left of the hostile string is its printable text (the OSC title and link targets go whole).
    expect(md.stdout).toMatch(/B.Clink/);
    expect(md.stdout).not.toMatch(CONTROL);
    const csv = await runCli(['report', '--session', 'test-session', '--data', dir, '--format', 'csv'], env);
    expect(csv.code).toBe(0);
    // CRLF ends CSV rows; nothing else.
    expect(csv.stdout.replace(/\r\n/g, '\n')).not.toMatch(CONTROL);
    expect(csv.stdout).toMatch(/B.Clink/);
  }, 60_000);

  it('`roster pending` (text and CSV) prints names, emails and teams from a roster without their control characters', async () => {
    const { dir, cleanup } = await tempDir();
    cleanups.push(cleanup);
    await createProgramme(dir, { id: 'spring', title: 'Spring', timeZone: 'Asia/Tokyo' });
    await saveRoster(dir, 'spring', { ...emptyRoster(new Date()), people: [{ email: `x${HOSTILE.slice(0, 20)}@example.com`, name: HOSTILE, team: HOSTILE }] });
    const env = await participantEnv(path.join(dir, 'home'));
    const text = await runCli(['roster', 'pending', '--programme', 'spring', '--data', dir], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/B.Clink/);
    expect(text.stdout + text.stderr).not.toMatch(CONTROL);
    const csv = await runCli(['roster', 'pending', '--programme', 'spring', '--data', dir, '--format', 'csv'], env);
    expect(csv.stdout.replace(/\r\n/g, '\n')).not.toMatch(CONTROL);
    const report = await runCli(['report', '--programme', 'spring', '--data', dir], env);
    expect(report.stdout + report.stderr).not.toMatch(CONTROL);
  }, 60_000);

  it('the host\'s terminal: every warning line goes through the sanitiser (what a log line or a pack said)', () => {
    const line = hostWarningLine(`could not read the exercise pack (${HOSTILE})`);
    expect(line).toMatch(/B.Clink/);
    expect(line.replace(/\u001b\[\d+m/g, '')).not.toMatch(CONTROL);
  });
});

