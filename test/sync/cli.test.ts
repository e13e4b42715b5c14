import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participantEnv, runCli } from '../hub/cli-helpers.js';
import { tempDir } from '../hub/helpers.js';
import { workshopBin } from '../support/run-workshop.js';
import { cleanupTargets, freshTarget } from '../support/engines.js';
import { PROGRAMME_ID, type TestServer, fillVenue, freePort, openVenueSession, startTestServer, waitFor } from './helpers.js';

/**
 * The commands of issue 13's venue side through the real CLI: `workshop host --sync`, a participant
 * joining it and, the day after, `workshop pulse` and `workshop share` reaching the programme server;
 * `workshop session push` with its answers for each failure. The server token never shows.
 */
let server: TestServer;
let root: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  server = await startTestServer(await freshTarget('embedded'));
  root = await tempDir('sync-cli-');
});

afterAll(async () => {
  await server?.close();
  await root?.cleanup();
  await cleanupTargets();
});

function facilitatorEnv(name: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1', WORKSHOP_HOME: path.join(root.dir, name, 'home'), WORKSHOP_DATA: path.join(root.dir, name, 'data'), ...extra };
  delete env.WORKSHOP_SERVER_TOKEN;
  return { ...env, ...extra };
}

function startHost(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; first: Record<string, string>; output: () => string }> {
  const child = spawn(process.execPath, [workshopBin, 'host', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (stdout.includes('\n') && !(child as { resolved?: boolean }).resolved) {
        (child as { resolved?: boolean }).resolved = true;
        resolve({ child, first: JSON.parse(stdout.split('\n')[0]), output: () => stdout + stderr });
      }
    });
    child.on('exit', (code) => reject(new Error(`host exited ${code}: ${stderr}`)));
  });
}

describe('workshop host --sync, and participants after the session', () => {
  it('forwards the date, tells laptops where to send later, and pulse and share reach the server the day after', async () => {
    const env = facilitatorEnv('venue', { WORKSHOP_SERVER_TOKEN: server.token });
    expect((await runCli(['programme', 'create', PROGRAMME_ID, '--title', 'Spring programme', '--time-zone', 'UTC'], env)).code).toBe(0);
    const host = await startHost(['--programme', PROGRAMME_ID, '--session', '2026-03-05', '--sync', server.url, '--json', '--port', '0', '--bind', '127.0.0.1'], env);
    let stopped = false;
    try {
      expect(host.first).toMatchObject({ session: '2026-03-05', sync: server.url, followUpUrl: `${server.url}/p` });
      const laptop = await participantEnv(path.join(root.dir, 'laptop'));
      const joined = await runCli(['join', host.first.joinUrl, '--code', host.first.code, '--name', 'Ada', '--email', 'ada@example.com', '--team', 'Sales', '--json'], laptop);
      expect(joined.code).toBe(0);
      const linkFile = path.join(laptop.WORKSHOP_HOME!, 'hub.json');
      const link = JSON.parse(await readFile(linkFile, 'utf8'));
      expect(link.followUpUrl).toBe(`${server.url}/p`);
      await waitFor(async () => (await server.store.readLines(PROGRAMME_ID, '2026-03-05')).some((l) => l.line.kind === 'join'), 20_000, 'the join on the server');

      host.child.kill('SIGTERM');
      await new Promise((resolve) => host.child.once('exit', resolve));
      stopped = true;
      expect(host.output()).toMatch(/Everything is on the programme server at http:\/\/127\.0\.0\.1:\d+\./);
      expect(host.output()).toMatch(/--sync http:\/\/127\.0\.0\.1:\d+/);
      expect(host.output()).not.toContain(server.token);

      // The day after: the venue laptop is gone.
      await writeFile(linkFile, JSON.stringify({ ...link, joinedAt: new Date(Date.now() - 26 * 3600_000).toISOString() }));
      const pulse = await runCli(['pulse', '--yes', '--since', '2026-03-01', '--json'], laptop);
      expect(pulse.code).toBe(0);
      const share = await runCli(['share', '--what', 'Draft the weekly pipeline summary', '--team', 'Sales', '--frequency', 'weekly', '--minutes', '45', '--risk', 'low', '--reusable', 'yes', '--json'], laptop);
      expect(share.code).toBe(0);
      const sync = await runCli(['sync', '--json'], laptop);
      expect(JSON.parse(sync.stdout)).toMatchObject({ synced: true, pending: 0 });
      const after = (await server.store.readLines(PROGRAMME_ID, '2026-03-05')).filter((l) => l.origin === 'server').map((l) => (l.line.kind === 'event' ? l.line.event.type : l.line.kind));
      expect(after.sort()).toEqual(['pulse.reported', 'usecase.shared']);
      for (const result of [pulse, share, sync]) expect(result.stderr).not.toMatch(/Could not reach/);
    } finally {
      if (!stopped) host.child.kill('SIGKILL');
    }
  });

  it('says what is missing: --programme for --sync, and the token', async () => {
    const env = facilitatorEnv('missing');
    const noProgramme = await runCli(['host', '--sync', server.url, '--port', '0'], { ...env, WORKSHOP_SERVER_TOKEN: server.token });
    expect(noProgramme.code).toBe(2);
    expect(noProgramme.stderr).toMatch(/--sync forwards a date of a programme.*--programme ID/);
    expect((await runCli(['programme', 'create', 'spring', '--title', 'Spring', '--time-zone', 'UTC'], env)).code).toBe(0);
    const noToken = await runCli(['host', '--programme', 'spring', '--sync', server.url, '--port', '0'], env);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/Set WORKSHOP_SERVER_TOKEN to a facilitator token/);
    const badUrl = await runCli(['host', '--programme', 'spring', '--sync', 'ftp://x', '--port', '0'], { ...env, WORKSHOP_SERVER_TOKEN: server.token });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/--sync must be an http/);
    for (const result of [noProgramme, noToken, badUrl]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('workshop session push', () => {
  it('sends a finished session, says when the server already has it, and for each failure what to do', async () => {
    const env = facilitatorEnv('push', { WORKSHOP_SERVER_TOKEN: server.token });
    const venue = await openVenueSession(env.WORKSHOP_DATA!, '2026-03-19');
    await fillVenue(venue.store, 3, 4, 'push');
    await venue.store.close();
    const push = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(['session', 'push', '--session', '2026-03-19', ...args], { ...env, ...extra });

    const unreachable = await push(['--sync', `http://127.0.0.1:${await freePort()}`]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/Could not reach the programme server at .*nothing is listening there.*Nothing is lost: the session stays in .*Run the same command again/s);

    const wrongToken = await push(['--sync', server.url], { WORKSHOP_SERVER_TOKEN: `wst_${'w'.repeat(43)}` });
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toMatch(/does not accept the token in WORKSHOP_SERVER_TOKEN/);
    const viewer = await push(['--sync', server.url], { WORKSHOP_SERVER_TOKEN: server.viewerToken });
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toMatch(/needs the facilitator or owner role/);

    const first = await push(['--sync', server.url, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ pushed: true, session: '2026-03-19', programme: PROGRAMME_ID, url: server.url, lastSeq: 15, stored: 15, skipped: 0 });
    const again = await push(['--sync', `${server.url}/`]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already has all of session 2026-03-19 \(up to line 15\)/);
    expect((await server.store.readLines(PROGRAMME_ID, '2026-03-19')).map((l) => l.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));

    const unknown = await runCli(['session', 'push', '--session', '2026-01-01', '--sync', server.url], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No session "2026-01-01"/);
    const noToken = await push(['--sync', server.url], { WORKSHOP_SERVER_TOKEN: '' });
    expect(noToken.code).toBe(2);
    const otherProgramme = await push(['--sync', server.url, '--programme', 'autumn']);
    expect(otherProgramme.code).toBe(2);

    for (const result of [unreachable, wrongToken, viewer, first, again, unknown, noToken, otherProgramme]) {
      expect(result.stdout + result.stderr).not.toContain(server.token);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
