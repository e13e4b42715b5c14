import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { boardPlugin } from '../../facilitator/quests/board-routes.js';
import { registerQuestBoardCommand } from '../../src/cli/commands/quest-board.js';
import { UserError } from '../../src/core/errors.js';
import { BoardPaths } from '../../src/protocol/quests.js';
import { serverOfLink } from '../../src/report/server-target.js';
import { type HubLink, writeHubLink } from '../../src/report/hub-link.js';
import { cleanupTargets } from '../support/engines.js';
import { PROGRAMME, type TestServer, startTestServer } from '../server/helpers.js';
import { addParticipants } from './helpers.js';

/**
 * `workshop quest board`: the link a participant opens the board with carries a one-time code, never
 * their join token; the server and token come from the hub link `workshop join` wrote (a hub that
 * syncs, or a date hosted on the server); a facilitator uses --server and their token. Run in-process
 * through commander, as `workshop quest` registers it.
 */
afterAll(cleanupTargets);

describe('where the board is, from the hub link', () => {
  it('is the programme server a syncing hub names, or the server a hosted date lives on; a laptop hub alone has none', () => {
    expect(serverOfLink({ hubUrl: 'http://192.168.1.20:4545', followUpUrl: 'https://workshops.example.com/p' })).toBe('https://workshops.example.com');
    expect(serverOfLink({ hubUrl: 'https://workshops.example.com/s/2026-12-03' })).toBe('https://workshops.example.com');
    expect(serverOfLink({ hubUrl: 'http://192.168.1.20:4545' })).toBeUndefined();
  });
});

describe('workshop quest board', () => {
  let server: TestServer;
  let home: string;
  let join: string;
  const saved = { home: process.env.WORKSHOP_HOME, token: process.env.WORKSHOP_SERVER_TOKEN };
  let out = '';

  async function run(...args: string[]): Promise<string> {
    out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    try {
      const program = new Command('workshop').exitOverride();
      registerQuestBoardCommand(program.command('quest'));
      await program.parseAsync(['node', 'workshop', 'quest', 'board', ...args]);
      return out;
    } finally {
      spy.mockRestore();
    }
  }
  const link = (over: Partial<HubLink>): HubLink => ({
    schemaVersion: 1,
    hubUrl: `${server.url}/s/2026-04-01`,
    participantId: 'p1',
    token: join,
    session: { id: '2026-04-01', title: 'Day one', programmeId: PROGRAMME.id },
    name: 'Aiko',
    email: 'aiko@example.com',
    team: 'Finance',
    joinedAt: '2026-04-01T00:10:00.000Z',
    ...over,
  });

  beforeAll(async () => {
    server = await startTestServer('embedded', { plugins: [boardPlugin()] });
    join = (await addParticipants(server.store, PROGRAMME.id, [{ name: 'Aiko', email: 'aiko@example.com', team: 'Finance' }])).get('aiko@example.com')!;
    home = await mkdtemp(path.join(os.tmpdir(), 'board-cli-'));
    process.env.WORKSHOP_HOME = home;
  }, 120_000);
  afterEach(() => {
    if (saved.token === undefined) delete process.env.WORKSHOP_SERVER_TOKEN;
    else process.env.WORKSHOP_SERVER_TOKEN = saved.token;
  });
  afterAll(async () => {
    if (saved.home === undefined) delete process.env.WORKSHOP_HOME;
    else process.env.WORKSHOP_HOME = saved.home;
    await server?.close();
    await rm(home, { recursive: true, force: true });
  });

  it('says to join first when this laptop joined nothing', async () => {
    await expect(run()).rejects.toMatchObject({ said: { code: 'not-joined' } });
  });

  it('prints a link with a one-time code, never the join token; the code opens the board once', async () => {
    await writeHubLink(link({}));
    const printed = await run('--json');
    expect(printed).not.toContain(join);
    const { url, expiresAt } = JSON.parse(printed) as { url: string; expiresAt: string };
    expect(url).toMatch(new RegExp(`^${server.url}/board#once=[A-Za-z0-9_-]{20,}$`));
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const code = decodeURIComponent(url.split('#once=')[1]);
    const trade = () => server.call(BoardPaths.session.replace(':programmeId', PROGRAMME.id), { method: 'POST', body: { code } });
    expect((await trade()).status).toBe(200);
    expect((await trade()).status).toBe(401);

    const text = await run();
    expect(text).toMatch(/^Your quest board \(this link works once, for the next 10 minutes; it does not contain your token\):\n {2}http:\/\/127\.0\.0\.1:\d+\/board#once=\S+\n$/);
    expect(text).not.toContain(join);
  });

  it('finds the server through a syncing hub too, and says so plainly when the hub syncs nowhere', async () => {
    await writeHubLink(link({ hubUrl: 'http://192.168.1.20:4545', followUpUrl: `${server.url}/p` }));
    expect(JSON.parse(await run('--json')).url).toMatch(new RegExp(`^${server.url}/board#once=`));
    await writeHubLink(link({ hubUrl: 'http://192.168.1.20:4545' }));
    await expect(run()).rejects.toMatchObject({ said: { code: 'board-no-server', params: { hubUrl: 'http://192.168.1.20:4545' } } });
  });

  it("passes on the server's refusal of a join token it does not know, in one sentence", async () => {
    await writeHubLink(link({ token: 'x'.repeat(32) }));
    const error = (await run().catch((e: unknown) => e)) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.said).toMatchObject({ code: 'board-refused', params: { server: server.url, reason: expect.stringContaining('does not know this join token') } });
  });

  it('lets a facilitator ask with --server and their token', async () => {
    process.env.WORKSHOP_SERVER_TOKEN = await server.token('facilitator');
    const printed = JSON.parse(await run('--server', server.url, '--json')) as { url: string };
    expect(printed.url).toMatch(new RegExp(`^${server.url}/board#once=`));
    expect(JSON.stringify(printed)).not.toContain(process.env.WORKSHOP_SERVER_TOKEN);
  });
});
