import { promises as fs } from 'node:fs';
import { ExitCode, UsageError, UserError, isErrno } from '../core/errors.js';
import { ServerPaths } from '../protocol/server-paths.js';
import { SERVER_TOKEN_ENV } from '../../facilitator/server/cli-support.js';
import { type HubLink, readHubLink } from './hub-link.js';

/**
 * Where a command that talks to the programme server goes, and as whom (quests, the quest board,
 * company skills: issues 14 and 15). Two modes:
 *   - a participant: the join token of their hub link (`<config>/hub.json`), sent only in the
 *     Authorization header and never printed. The server is `--server`, else the one the hub link
 *     names: a venue hub that syncs gave `followUpUrl` = `<server>/p`; a date hosted on the server
 *     has `hubUrl` = `<server>/s/<id>`. A venue hub that syncs nowhere leads to no server.
 *   - a facilitator: WORKSHOP_SERVER_TOKEN or `--token-file` (a `wst_…` token), `--server` (else the
 *     hub link's server) and `--programme` (else the hub link's).
 * Each command says what went wrong in its own words (`TargetWords`), in the participant's language.
 */
export interface ServerTargetOptions {
  server?: string;
  tokenFile?: string;
  programme?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ServerTarget {
  url: string;
  programmeId: string;
  token: string;
  mode: 'participant' | 'facilitator';
  /** The participant's hub link (their name and team), when there is one. */
  link?: HubLink;
}

/** The errors a command raises, worded by its own catalogue entries. */
export interface TargetWords {
  notJoined(): UserError;
  noServer(hubUrl: string): UserError;
  needsServer(): UsageError;
  needsProgramme(): UsageError;
  invalidServer(given: string, reason: 'not-an-address' | 'scheme-or-credentials'): UsageError;
  tokenFile(file: string, why: 'missing' | 'empty' | string): UserError;
}

/** The programme server a hub link leads to, or undefined for a venue hub that does not sync to one. */
export function serverOfLink(link: Pick<HubLink, 'hubUrl' | 'followUpUrl'>): string | undefined {
  if (link.followUpUrl) {
    const url = new URL(link.followUpUrl);
    const prefix = ServerPaths.participantPrefix;
    const path = url.pathname.replace(/\/+$/, '');
    return `${url.origin}${path.endsWith(prefix) ? path.slice(0, -prefix.length) : path}`;
  }
  const hosted = new URL(link.hubUrl);
  if (hosted.pathname.startsWith(`${ServerPaths.hostedPrefix}/`)) return hosted.origin;
  return undefined;
}

/** `--server URL`: an http(s) address without credentials in it. */
export function parseServerOption(raw: string, words: Pick<TargetWords, 'invalidServer'>): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw words.invalidServer(raw, 'not-an-address');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) throw words.invalidServer(raw, 'scheme-or-credentials');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

async function facilitatorToken(options: ServerTargetOptions, env: NodeJS.ProcessEnv, words: TargetWords): Promise<string | undefined> {
  if (options.tokenFile) {
    let text: string;
    try {
      text = await fs.readFile(options.tokenFile, 'utf8');
    } catch (error) {
      throw words.tokenFile(options.tokenFile, isErrno(error, 'ENOENT') ? 'missing' : ((error as NodeJS.ErrnoException).code ?? 'unreadable'));
    }
    const token = text.trim();
    if (!token) throw words.tokenFile(options.tokenFile, 'empty');
    return token;
  }
  return env[SERVER_TOKEN_ENV]?.trim() || undefined;
}

export async function serverTarget(options: ServerTargetOptions, words: TargetWords): Promise<ServerTarget> {
  const env = options.env ?? process.env;
  const link = await readHubLink(env);
  const token = await facilitatorToken(options, env, words);
  const explicit = options.server ? parseServerOption(options.server, words) : undefined;
  if (token) {
    const url = explicit ?? (link ? serverOfLink(link) : undefined);
    if (!url) throw words.needsServer();
    const programmeId = options.programme ?? link?.session.programmeId;
    if (!programmeId) throw words.needsProgramme();
    return { url, programmeId, token, mode: 'facilitator', ...(link ? { link } : {}) };
  }
  if (!link) throw words.notJoined();
  const url = explicit ?? serverOfLink(link);
  if (!url) throw words.noServer(link.hubUrl);
  const programmeId = options.programme ?? link.session.programmeId;
  if (!programmeId) throw words.needsProgramme();
  return { url, programmeId, token: link.token, mode: 'participant', link };
}

/** The exit code of a token file problem: a missing or empty file is a usage mistake. */
export function tokenFileExit(why: string): number {
  return why === 'missing' || why === 'empty' ? ExitCode.usage : ExitCode.failure;
}
