import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardPlugin } from '../../facilitator/quests/board-routes.js';
import { personRef } from '../../facilitator/quests/people.js';
import { QuestService } from '../../facilitator/quests/service.js';
import { BoardLinkResponse, BoardPaths, BoardResponse, BoardSessionResponse, QuestPaths, type QuestPostRequest } from '../../src/protocol/quests.js';
import { ENGINES, cleanupTargets, engineAvailable } from '../support/engines.js';
import { PROGRAMME, type TestServer, startTestServer } from '../server/helpers.js';
import { approvedSkill } from './board-helpers.js';
import { addParticipants } from './helpers.js';

/**
 * The board's routes on a real server, on each engine: who may read the data (a viewer's token, a
 * participant's join token, a board session; a wrong token is a 401), the one-time code a participant
 * trades once for a read-only session (used twice or too late: refused), the stale-claim sweep before
 * the board is built, and the page's strict policy.
 */
afterAll(cleanupTargets);

const at = (path: string) => path.replace(':programmeId', PROGRAMME.id);
const aiko = { name: 'Aiko', email: 'aiko@example.com', team: 'Finance' };
const ben = { name: 'Ben', email: 'ben@example.com', team: 'Sales' };
const post = (over: Partial<QuestPostRequest> = {}): QuestPostRequest => ({
  title: 'Weekly expense summary',
  today: 'Copy rows by hand',
  team: 'Finance',
  often: { times: 1, per: 'week' },
  minutesEach: 45,
  risk: 'low',
  sensitivity: 'internal',
  ...over,
});

describe.each(ENGINES)('the board routes on the %s engine', (kind) => {
  let server: TestServer;
  let now = new Date('2026-05-01T09:00:00.000Z');
  const clock = () => now;
  let tokens: Map<string, string>;
  let wonId = 0;

  beforeAll(async () => {
    if (!engineAvailable(kind)) return;
    server = await startTestServer(kind, { plugins: [boardPlugin({ clock })] });
    tokens = await addParticipants(server.store, PROGRAMME.id, [aiko, ben]);
    const service = new QuestService(server.store, PROGRAMME.id, clock);
    const a = { kind: 'participant' as const, ref: personRef(aiko) };
    const b = { kind: 'participant' as const, ref: personRef(ben) };
    const won = await service.post(a, post({ alreadyDone: { kind: 'prompt', text: 'The prompt', minutesAfter: 5 } }));
    await service.review(b, won.id, { verdict: 'approve', note: 'Ran it on April' });
    const claimed = await service.post(b, post({ title: 'Quarterly CRM export', team: 'Sales' }));
    await service.claim(a, claimed.id);
    wonId = won.id;
    // Skills (issue 15): one approved from the win and installed in two teams, one approved in Legal, one still pending.
    await approvedSkill(server.store, PROGRAMME.id, { name: 'expense-summary', team: 'Finance', description: 'Summarise a card export', author: a.ref, reviewer: b.ref, questId: won.id, installedBy: [a.ref, b.ref], uses: 4 });
    await approvedSkill(server.store, PROGRAMME.id, { name: 'clause-diff', team: 'Legal', description: 'List differing clauses', author: b.ref, reviewer: a.ref });
    await server.store.publishSkillVersion(
      PROGRAMME.id,
      { name: 'not-yet', team: 'Sales', description: 'Pending', files: [{ path: 'SKILL.md', content: Buffer.from('x').toString('base64'), executable: false }], bytes: 1, sha256: 'c'.repeat(64), scripts: [], by: b.ref, at: now.toISOString() },
      () => undefined,
      'test',
    );
  }, 120_000);
  afterAll(async () => server?.close());

  it.runIf(engineAvailable(kind))('serves the page, its script and stylesheet under a strict policy, with no inline script', async () => {
    for (const path of ['/board', '/board/board.js', '/board/board.css']) {
      const response = await server.call(path);
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe');
    }
    const page = await (await server.call('/board')).text();
    expect(page).toContain(`<meta name="workshop-programme" content="${PROGRAMME.id}">`);
    expect(page).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=/i);
  });

  it.runIf(engineAvailable(kind))('lets a viewer, a facilitator and a participant read it, timed in Server-Timing; "you" for the participant only', async () => {
    const viewer = await server.token('viewer', `Manager-${kind}`);
    const seen = await server.call(at(QuestPaths.boardData), { token: viewer });
    expect(seen.status).toBe(200);
    expect(seen.headers.get('server-timing')).toMatch(/auth;dur=[\d.]+, list;dur=[\d.]+, build;dur=[\d.]+, total;dur=[\d.]+/);
    const board = BoardResponse.parse(await seen.json());
    expect(board.viewer).toEqual({ kind: 'viewer', name: `Manager-${kind}` });
    expect(board.programme).toEqual({ id: PROGRAMME.id, title: PROGRAMME.title });
    expect(board.wins.quests.map((q) => [q.title, q.hours.perMonth, q.formula.en])).toEqual([['Weekly expense summary', 2.9, '(45 − 5) min × 4.33 a month × 1 person = 2.9 h a month']]);
    expect(board.inProgress.quests.map((q) => q.title)).toEqual(['Quarterly CRM export']);
    expect(board.points.you).toBeUndefined();

    const facilitator = await server.call(at(QuestPaths.boardData), { token: await server.token('facilitator') });
    expect(facilitator.status).toBe(200);

    const mine = await server.call(`${at(QuestPaths.boardData)}?team=Finance`, { token: tokens.get(aiko.email) });
    expect(mine.status).toBe(200);
    const hers = BoardResponse.parse(await mine.json());
    expect(hers.viewer).toEqual({ kind: 'participant', name: 'Aiko', key: personRef(aiko).key });
    expect(hers.team).toBe('Finance');
    expect(hers.inProgress.quests).toEqual([]);
    expect(hers.points.you).toMatchObject({ rank: 1, points: 10, wins: 1 });
  });

  it.runIf(engineAvailable(kind))('shows the approved company skills with author, installs by team, reported uses and the quest title; the team filter keeps a team\'s own and installed ones', async () => {
    const board = BoardResponse.parse(await (await server.call(at(QuestPaths.boardData), { token: tokens.get(ben.email) })).json());
    expect(board.skills.count).toBe(2);
    expect(board.skills.skills).toEqual([
      {
        name: 'expense-summary',
        description: 'Summarise a card export',
        team: 'Finance',
        author: personRef(aiko),
        version: 1,
        installs: { people: 2, byTeam: [{ team: 'Finance', people: 1 }, { team: 'Sales', people: 1 }], moreTeams: 0 },
        uses: 4,
        quest: { id: wonId, title: 'Weekly expense summary' },
      },
      { name: 'clause-diff', description: 'List differing clauses', team: 'Legal', author: personRef(ben), version: 1, installs: { people: 0, byTeam: [], moreTeams: 0 }, uses: 0 },
    ]);
    expect(board.teams).toContain('Legal');
    const sales = BoardResponse.parse(await (await server.call(`${at(QuestPaths.boardData)}?team=Sales`, { token: server.owner })).json());
    expect(sales.skills.skills.map((s) => s.name)).toEqual(['expense-summary']);
    const legal = BoardResponse.parse(await (await server.call(`${at(QuestPaths.boardData)}?team=Legal`, { token: server.owner })).json());
    expect(legal.skills.skills.map((s) => s.name)).toEqual(['clause-diff']);
  });

  it.runIf(engineAvailable(kind))('refuses a wrong token, no token, and another programme', async () => {
    for (const token of [undefined, 'wst_' + 'x'.repeat(43), 'not-a-join-token-at-all-123456', 'wsb_unknown-session']) {
      const response = await server.call(at(QuestPaths.boardData), { token });
      expect(response.status, String(token)).toBe(401);
      expect(await response.json()).toMatchObject({ error: expect.any(String), reason: expect.any(String) });
    }
    const elsewhere = await server.call(QuestPaths.boardData.replace(':programmeId', 'autumn'), { token: tokens.get(ben.email) });
    expect(elsewhere.status).toBe(404);
  });

  it.runIf(engineAvailable(kind))('trades a one-time code once for a read-only board session; a used or expired code is refused', async () => {
    const join = tokens.get(ben.email)!;
    const linked = await server.call(at(BoardPaths.link), { method: 'POST', token: join });
    expect(linked.status).toBe(200);
    const body = await linked.text();
    expect(body).not.toContain(join);
    const { code, expiresAt } = BoardLinkResponse.parse(JSON.parse(body));
    expect(Date.parse(expiresAt) - now.getTime()).toBe(10 * 60_000);

    const traded = await server.call(at(BoardPaths.session), { method: 'POST', body: { code } });
    expect(traded.status).toBe(200);
    const session = BoardSessionResponse.parse(await traded.json());
    expect(session.token).toMatch(/^wsb_/);
    const board = BoardResponse.parse(await (await server.call(at(QuestPaths.boardData), { token: session.token })).json());
    expect(board.viewer).toMatchObject({ kind: 'participant', name: 'Ben' });
    expect(board.points.you).toMatchObject({ points: 0 });

    const again = await server.call(at(BoardPaths.session), { method: 'POST', body: { code } });
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: 'board_code_refused' });

    // A session reads; it makes no more ways in, and it cannot change quests.
    const more = await server.call(at(BoardPaths.link), { method: 'POST', token: session.token });
    expect(more.status).toBe(403);

    const late = BoardLinkResponse.parse(await (await server.call(at(BoardPaths.link), { method: 'POST', token: join })).json());
    now = new Date(now.getTime() + 10 * 60_000 + 1);
    const expired = await server.call(at(BoardPaths.session), { method: 'POST', body: { code: late.code } });
    expect(expired.status).toBe(401);

    // The session itself lasts 12 hours.
    now = new Date(now.getTime() + 12 * 3_600_000);
    const over = await server.call(at(QuestPaths.boardData), { token: session.token });
    expect(over.status).toBe(401);
    expect(await over.json()).toMatchObject({ error: 'board_session_expired' });

    const facilitatorLink = await server.call(at(BoardPaths.link), { method: 'POST', token: await server.token('facilitator') });
    expect(facilitatorLink.status).toBe(200);
    const noToken = await server.call(at(BoardPaths.link), { method: 'POST' });
    expect(noToken.status).toBe(401);
  });

  it.runIf(engineAvailable(kind))('gives stale claims back before the board shows them as in progress', async () => {
    now = new Date(now.getTime() + 15 * 86_400_000);
    const board = BoardResponse.parse(await (await server.call(at(QuestPaths.boardData), { token: server.owner })).json());
    expect(board.inProgress.quests).toEqual([]);
    expect(board.open.teams.flatMap((t) => t.quests.map((q) => q.title))).toEqual(['Quarterly CRM export']);
    expect(board.viewer).toMatchObject({ kind: 'owner' });
  });
});
