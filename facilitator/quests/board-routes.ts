import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BoardPaths, BoardSessionRequest, QuestPaths, type BoardLinkResponse, type BoardResponse, type BoardSessionResponse } from '../../src/protocol/quests.js';
import { HttpError, parseBody } from '../http/errors.js';
import { bearerToken } from '../hub/tokens.js';
import type { ProgrammeServerPlugin } from '../server/context.js';
import { thisProgramme } from '../server/http.js';
import { BoardAccess, isBoardSessionToken } from './board-access.js';
import { BOARD_CSS, BOARD_JS, boardPage } from './board-page/index.js';
import { type BoardViewer, buildBoard } from './board.js';
import { questIdentity } from './identify.js';
import type { QuestActor } from './people.js';
import { QuestService } from './service.js';

/**
 * The board on the programme server (issue 14): the page (`/board`, its script and stylesheet; public,
 * they hold nothing), its data (`GET QuestPaths.boardData?team=`, read by a viewer's `wst_` token, a
 * participant's join token or a board session token), and the one-time codes that let a participant
 * open the board without seeing their join token (`BoardPaths.link` → `/board#once=CODE` →
 * `BoardPaths.session`; see board-access.ts).
 *
 * The data answers with `Server-Timing` (auth, list, build, total) so the bench and an operator see
 * where its time goes without a profiler.
 */
export const BOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface BoardRoutesOptions {
  /** The board's "now" and the codes' clock (tests move it). */
  clock?: () => Date;
}

export function boardPlugin(options: BoardRoutesOptions = {}): ProgrammeServerPlugin {
  return (app) => boardRoutes(app, options);
}

export async function boardRoutes(app: FastifyInstance, options: BoardRoutesOptions = {}): Promise<void> {
  const clock = options.clock ?? (() => new Date());
  const { store, programmeId } = app;
  const service = new QuestService(store, programmeId, clock);
  const access = new BoardAccess(clock);
  // Wrong tokens and wrong codes count against the server's one failed-token limit per address.
  const refused = (request: FastifyRequest, error: HttpError): HttpError => app.auth.refused(request, error);
  const identity = questIdentity(store, programmeId, app.auth);
  const sameProgramme = thisProgramme(app);

  /** Who reads the board: a board session first (its own prefix), else a server or join token. */
  async function viewerOf(request: FastifyRequest): Promise<BoardViewer> {
    const token = bearerToken(request.headers.authorization);
    if (token && isBoardSessionToken(token)) {
      const viewer = access.session(token);
      if (!viewer) throw refused(request, new HttpError(401, 'board_session_expired', 'this board session is unknown or over (they last 12 hours): open the board again with `workshop quest board`'));
      return viewer;
    }
    return viewerOfActor(await identity.identify(request));
  }

  const serve = (body: string, type: string) => async (_request: FastifyRequest, reply: FastifyReply) => {
    reply.header('Content-Security-Policy', BOARD_CSP);
    reply.header('Cache-Control', 'no-cache');
    return reply.type(type).send(body);
  };
  const page = boardPage(programmeId);
  app.get(QuestPaths.board, serve(page, 'text/html; charset=utf-8'));
  app.get(`${QuestPaths.board}/`, serve(page, 'text/html; charset=utf-8'));
  app.get(`${QuestPaths.board}/board.js`, serve(BOARD_JS, 'text/javascript; charset=utf-8'));
  app.get(`${QuestPaths.board}/board.css`, serve(BOARD_CSS, 'text/css; charset=utf-8'));

  app.get<{ Params: { programmeId: string }; Querystring: { team?: string } }>(QuestPaths.boardData, async (request, reply): Promise<BoardResponse> => {
    const started = performance.now();
    const viewer = await viewerOf(request);
    await sameProgramme(request);
    const team = typeof request.query.team === 'string' ? request.query.team.trim().slice(0, 120) : '';
    const authed = performance.now();
    // list() first: it gives stale claims back before anyone sees them as in progress. The board shows
    // no long text, so none is read (a quest's row is then a few hundred bytes, whatever was typed).
    // The approved skills are one small query (a programme has tens of skills, not thousands), read alongside.
    const [quests, programme, skills] = await Promise.all([service.listCurrent({ withoutTexts: true }), store.getProgramme(programmeId), store.listSkills(programmeId, { approvedOnly: true })]);
    const listed = performance.now();
    const board = buildBoard(quests, { ...(team ? { team } : {}), viewer, now: clock(), programme: { id: programmeId, title: programme?.title ?? programmeId }, skills });
    const built = performance.now();
    reply.header('Server-Timing', `auth;dur=${ms(authed - started)}, list;dur=${ms(listed - authed)}, build;dur=${ms(built - listed)}, total;dur=${ms(built - started)}`);
    return board;
  });

  app.post<{ Params: { programmeId: string } }>(BoardPaths.link, async (request): Promise<BoardLinkResponse> => {
    const token = bearerToken(request.headers.authorization);
    // A board session reads the board; it does not make more ways in.
    if (token && isBoardSessionToken(token)) throw new HttpError(403, 'board_session_read_only', 'a board session only reads the board: ask for a link with your join token (`workshop quest board`)');
    const viewer = viewerOfActor(await identity.identify(request));
    await sameProgramme(request);
    const { code, expiresAt } = access.issueCode(viewer);
    return { code, expiresAt: expiresAt.toISOString() };
  });

  app.post<{ Params: { programmeId: string } }>(BoardPaths.session, async (request): Promise<BoardSessionResponse> => {
    await sameProgramme(request);
    const { code } = parseBody(BoardSessionRequest, request.body);
    const session = access.exchange(code);
    if (!session) {
      throw refused(request, new HttpError(401, 'board_code_refused', 'this board link was used already or is more than 10 minutes old: run `workshop quest board` again for a fresh one'));
    }
    return { token: session.token, expiresAt: session.expiresAt.toISOString() };
  });
}

function viewerOfActor(actor: QuestActor): BoardViewer {
  if (actor.kind === 'participant') return { kind: 'participant', name: actor.ref.name, key: actor.ref.key };
  // A token linked to a person (server token add --email) finds its holder's points as "you".
  return { kind: actor.role, name: actor.ref.name, ...(actor.ref.key.startsWith('p_') ? { key: actor.ref.key } : {}) };
}

const ms = (n: number) => n.toFixed(1);
