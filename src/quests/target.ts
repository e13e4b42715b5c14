import { promises as fs } from 'node:fs';
import { ExitCode, UsageError, UserError, isErrno, said } from '../core/errors.js';
import { type HubLink, readHubLink } from '../report/hub-link.js';
import { ServerPaths } from '../protocol/server-api.js';

/**
 * Where a `workshop quest …` command goes and as whom (issue 14). Two modes:
 *   - a participant: the join token of their hub link (`<config>/hub.json`), sent only in the
 *     Authorization header and never printed. The server is `--server`, else the one the hub link
 *     names: a venue hub that syncs gave `followUpUrl` = `<server>/p`; a date hosted on the server
 *     has `hubUrl` = `<server>/s/<id>`. A venue hub with no server has no quests: one sentence says so.
 *   - a facilitator: WORKSHOP_SERVER_TOKEN or `--token-file` (a `wst_…` token), `--server` (else the
 *     hub link's server) and `--programme` (else the hub link's).
 */
export interface QuestTargetOptions {
  server?: string;
  tokenFile?: string;
  programme?: string;
  env?: NodeJS.ProcessEnv;
}

export interface QuestTarget {
  url: string;
  programmeId: string;
  token: string;
  mode: 'participant' | 'facilitator';
  /** The participant's hub link (their name and team), when there is one. */
  link?: HubLink;
}

export const SERVER_TOKEN_ENV = 'WORKSHOP_SERVER_TOKEN';

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

/** `--server URL`: an http(s) origin. */
export function parseQuestServer(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(said('quest-invalid', { field: '--server', reason: `the programme server's address, such as https://workshop.example.com, not "${raw}"` }));
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    throw new UsageError(said('quest-invalid', { field: '--server', reason: 'an http:// or https:// address without a user name or password' }));
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

async function facilitatorToken(options: QuestTargetOptions, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (options.tokenFile) {
    let text: string;
    try {
      text = await fs.readFile(options.tokenFile, 'utf8');
    } catch (error) {
      const why = isErrno(error, 'ENOENT') ? 'no such file' : ((error as NodeJS.ErrnoException).code ?? 'unreadable');
      throw new UserError(said('quest-text-file', { file: options.tokenFile, why }), isErrno(error, 'ENOENT') ? ExitCode.usage : ExitCode.failure);
    }
    const token = text.trim();
    if (!token) throw new UsageError(said('quest-invalid', { field: '--token-file', reason: 'the file is empty' }));
    return token;
  }
  return env[SERVER_TOKEN_ENV]?.trim() || undefined;
}

export async function questTarget(options: QuestTargetOptions): Promise<QuestTarget> {
  const env = options.env ?? process.env;
  const link = await readHubLink(env);
  const token = await facilitatorToken(options, env);
  const explicit = options.server ? parseQuestServer(options.server) : undefined;
  if (token) {
    const url = explicit ?? (link ? serverOfLink(link) : undefined);
    if (!url) throw new UsageError(said('quest-missing', { flags: ['--server URL'] }));
    const programmeId = options.programme ?? link?.session.programmeId;
    if (!programmeId) throw new UsageError(said('quest-needs-programme', {}));
    return { url, programmeId, token, mode: 'facilitator', ...(link ? { link } : {}) };
  }
  if (!link) throw new UserError(said('quest-not-joined', {}), ExitCode.failure);
  const url = explicit ?? serverOfLink(link);
  if (!url) throw new UserError(said('quest-no-server', { hubUrl: link.hubUrl }), ExitCode.failure);
  const programmeId = options.programme ?? link.session.programmeId;
  if (!programmeId) throw new UsageError(said('quest-needs-programme', {}));
  return { url, programmeId, token: link.token, mode: 'participant', link };
}
