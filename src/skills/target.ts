import { promises as fs } from 'node:fs';
import { ExitCode, UsageError, UserError, isErrno, said } from '../core/errors.js';
import { ServerPaths } from '../protocol/server-api.js';
import { type HubLink, readHubLink } from '../report/hub-link.js';

/**
 * Where a `workshop skills …` command goes and as whom (issue 15). Skills live on the programme
 * server. Two modes:
 *   - a participant: the join token of their hub link (`<config>/hub.json`), sent only in the
 *     Authorization header and never printed. The server is `--server`, else the one the link names:
 *     a venue hub that syncs gave `followUpUrl` = `<server>/p`; a date hosted on the server has
 *     `hubUrl` = `<server>/s/<id>`. A venue hub with no server: one sentence says to ask for it.
 *   - a facilitator: WORKSHOP_SERVER_TOKEN or `--token-file` (a `wst_…` token), `--server` (else the
 *     hub link's server) and `--programme` (else the hub link's).
 */
export interface SkillTargetOptions {
  server?: string;
  tokenFile?: string;
  programme?: string;
  env?: NodeJS.ProcessEnv;
}

export interface SkillTarget {
  url: string;
  programmeId: string;
  token: string;
  mode: 'participant' | 'facilitator';
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

/** `--server URL`: an http(s) address without credentials in it. */
export function parseSkillServer(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(said('skills-invalid', { field: '--server', reason: `an address such as https://workshop.example.com, not "${raw}"` }));
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    throw new UsageError(said('skills-invalid', { field: '--server', reason: 'an http:// or https:// address without a user name or password' }));
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

async function facilitatorToken(options: SkillTargetOptions, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (options.tokenFile) {
    let text: string;
    try {
      text = await fs.readFile(options.tokenFile, 'utf8');
    } catch (error) {
      const why = isErrno(error, 'ENOENT') ? 'ENOENT' : ((error as NodeJS.ErrnoException).code ?? 'unreadable');
      throw new UserError(said('skills-token-file', { file: options.tokenFile, why }), isErrno(error, 'ENOENT') ? ExitCode.usage : ExitCode.failure);
    }
    const token = text.trim();
    if (!token) throw new UserError(said('skills-token-file', { file: options.tokenFile, why: 'empty' }), ExitCode.usage);
    return token;
  }
  return env[SERVER_TOKEN_ENV]?.trim() || undefined;
}

export async function skillTarget(options: SkillTargetOptions): Promise<SkillTarget> {
  const env = options.env ?? process.env;
  const link = await readHubLink(env);
  const token = await facilitatorToken(options, env);
  const explicit = options.server ? parseSkillServer(options.server) : undefined;
  if (token) {
    const url = explicit ?? (link ? serverOfLink(link) : undefined);
    if (!url) throw new UsageError(said('skills-needs-server', {}));
    const programmeId = options.programme ?? link?.session.programmeId;
    if (!programmeId) throw new UsageError(said('skills-needs-programme', {}));
    return { url, programmeId, token, mode: 'facilitator' };
  }
  if (!link) throw new UserError(said('skills-not-joined', {}), ExitCode.failure);
  const url = explicit ?? serverOfLink(link);
  if (!url) throw new UserError(said('skills-no-server', { hubUrl: link.hubUrl }), ExitCode.failure);
  const programmeId = options.programme ?? link.session.programmeId;
  if (!programmeId) throw new UsageError(said('skills-needs-programme', {}));
  return { url, programmeId, token: link.token, mode: 'participant' };
}
