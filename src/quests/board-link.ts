import { spawn } from 'node:child_process';
import { ExitCode, UserError, said } from '../core/errors.js';
import { sanitizeLine } from '../core/sanitize.js';
import { printJson } from '../core/terminal.js';
import { participantLanguage } from '../i18n/choose-language.js';
import { messages } from '../i18n/index.js';
import { BoardLinkResponse, BoardPaths, QuestPaths } from '../protocol/quests.js';
import { ServerPaths, WhoamiResponse } from '../protocol/server-api.js';
import { readHubLink } from '../report/hub-link.js';
import { type ServerAnswer, ServerUnreachable, requestServer } from '../report/server-request.js';
import { serverOfLink } from '../report/server-target.js';

/**
 * `workshop quest board`: opens the quest board (issue 14). The participant's join token must never be
 * printed (terminals end up in screenshots and chats), so this asks the programme server for a
 * one-time code (valid 10 minutes) with that token and prints/opens `<server>/board#once=CODE`; the
 * page trades the code once for a read-only board session. The server and the token come from the
 * hub link `workshop join` wrote: a hub that syncs gave `followUpUrl` (`<server>/p`), a date hosted on
 * the server is a hub at `<server>/s/<id>`. A facilitator gives --server and their token
 * (WORKSHOP_SERVER_TOKEN or --token-file) instead; the programme is the one that server holds.
 */
export interface QuestBoardOptions {
  /** A facilitator's way in: the server (parsed) and their token (read by the command, never printed). */
  facilitator?: { server: string; token: string };
  open?: boolean;
  json?: boolean;
}

const REQUEST_MS = 15_000;

export function boardOnceUrl(server: string, code: string): string {
  return `${server.replace(/\/+$/, '')}${QuestPaths.board}#once=${encodeURIComponent(code)}`;
}

export async function questBoardCommand(options: QuestBoardOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const words = messages(participantLanguage());
  const { server, token, programmeId } = await whereAndWho(options, env);
  const response = await post(server, BoardPaths.link.replace(':programmeId', encodeURIComponent(programmeId)), token);
  const { code, expiresAt } = BoardLinkResponse.parse(response);
  const url = boardOnceUrl(server, code);
  if (options.json) {
    printJson({ url, expiresAt });
    return ExitCode.ok;
  }
  process.stdout.write(`${words.questBoard.link({ url, minutes: 10 })}\n`);
  if (options.open) {
    process.stdout.write(`${words.questBoard.opening}\n`);
    if (!(await openInBrowser(url))) process.stdout.write(`${words.questBoard.openFailed}\n`);
  }
  return ExitCode.ok;
}

async function whereAndWho(options: QuestBoardOptions, env: NodeJS.ProcessEnv): Promise<{ server: string; token: string; programmeId: string }> {
  if (options.facilitator) {
    const { server, token } = options.facilitator;
    const who = WhoamiResponse.parse(await request(server, ServerPaths.whoami, token, 'GET'));
    return { server, token, programmeId: who.programme };
  }
  const link = await readHubLink(env);
  if (!link) throw new UserError(said('not-joined', {}), ExitCode.failure);
  const server = serverOfLink(link);
  const programmeId = link.session.programmeId;
  if (!server || !programmeId) throw new UserError(said('board-no-server', { hubUrl: link.hubUrl }), ExitCode.failure);
  return { server, token: link.token, programmeId };
}

const post = (server: string, path: string, token: string) => request(server, path, token, 'POST');

async function request(server: string, path: string, token: string, method: 'GET' | 'POST'): Promise<unknown> {
  let answer: ServerAnswer;
  try {
    answer = await requestServer({ url: server, path, token, method, timeoutMs: REQUEST_MS });
  } catch (error) {
    if (error instanceof ServerUnreachable) throw new UserError(said('board-unreachable', { server, why: sanitizeLine(error.why) }), ExitCode.failure);
    throw error;
  }
  if (!answer.ok) {
    const reason = typeof (answer.value as { reason?: unknown })?.reason === 'string' ? (answer.value as { reason: string }).reason : `HTTP ${answer.status}`;
    throw new UserError(said('board-refused', { server, reason: sanitizeLine(reason) }), ExitCode.failure);
  }
  return answer.value;
}

/** The system's way to open a link; false when there is none (a server without a desktop). */
function openInBrowser(url: string): Promise<boolean> {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler', url]] : ['xdg-open', [url]];
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, { stdio: 'ignore', detached: true });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
