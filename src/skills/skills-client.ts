import { z } from 'zod';
import { type ServerAnswer, ServerUnreachable, requestServer } from '../report/server-request.js';
import { ExitCode, UsageError, UserError, said } from '../core/errors.js';
import { HealthResponse, ServerPaths, serverPath } from '../protocol/server-api.js';
import { InstallReport, MarketplaceResponse, SkillPaths, SkillShowResponse, SkillUsesReport } from '../protocol/skills.js';
import { parseSkillServer, skillTarget } from './target.js';

/**
 * The laptop's side of the skills routes of the programme server: where the server is and which token
 * to send (a participant's join token from the hub link, or a facilitator's `wst_` token with
 * `--server`), and the requests `workshop skills install|update|remove` and the pulse make. The token
 * goes in the Authorization header only, never into a URL, a file or a message. Two kinds of failure,
 * acted on differently: the server could not be reached (work offline), or it answered with a refusal.
 */
export class SkillServerUnreachable extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = 'SkillServerUnreachable';
  }
}

export class SkillServerRefused extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'SkillServerRefused';
  }
}

export interface SkillServer {
  /** The programme server's address (origin, plus a path prefix if it has one). */
  url: string;
  programmeId: string;
  token: string;
  kind: 'participant' | 'facilitator';
}

const ErrorBody = z.object({ error: z.string(), reason: z.string() });
const TIMEOUT_MS = 15_000;

export interface WhereOptions {
  server?: string;
  tokenFile?: string;
  programme?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Where the skills come from and as whom: the same rules as every `workshop skills` command
 * (target.ts): a facilitator token with `--server`, else the joined participant's hub link. A
 * facilitator who names no programme gets the one the server holds.
 */
export async function resolveSkillServer(options: WhereOptions): Promise<SkillServer> {
  try {
    const target = await skillTarget(options);
    return { url: target.url, programmeId: target.programmeId, token: target.token, kind: target.mode };
  } catch (error) {
    if (!(error instanceof UsageError) || !options.server) throw error;
    // --server without --programme and no hub link to read it from: ask the server.
    const target = await skillTarget({ ...options, programme: await programmeOf(parseSkillServer(options.server)) });
    return { url: target.url, programmeId: target.programmeId, token: target.token, kind: target.mode };
  }
}

/** The one programme a server holds, from its health answer (which needs no token). */
async function programmeOf(url: string): Promise<string> {
  const response = await send(url, 'GET', ServerPaths.health, undefined, undefined, [503]);
  const health = HealthResponse.safeParse(response.value);
  if (!health.success) throw new UserError(`The answer from ${url} is not what a codex-workshop programme server sends. Is this the right address?`, ExitCode.failure);
  return health.data.programme;
}

async function send(url: string, method: string, path: string, token: string | undefined, body?: unknown, accept: number[] = [], extra: Record<string, string> = {}): Promise<ServerAnswer> {
  let answer: ServerAnswer;
  try {
    answer = await requestServer({ url, path, token, method, body, headers: extra, timeoutMs: TIMEOUT_MS });
  } catch (error) {
    if (error instanceof ServerUnreachable) throw new SkillServerUnreachable(error.why);
    throw error;
  }
  if (answer.ok || answer.status === 304 || accept.includes(answer.status)) return answer;
  const parsed = ErrorBody.safeParse(answer.value);
  throw new SkillServerRefused(answer.status, parsed.success ? parsed.data.error : 'unknown', parsed.success ? parsed.data.reason : `HTTP ${answer.status}`);
}

export type MarketplaceFetch = { kind: 'fresh'; marketplace: MarketplaceResponse } | { kind: 'unchanged' };

/** The marketplace, unless the ETag the laptop has is still current (304). */
export async function fetchMarketplace(server: SkillServer, etag?: string): Promise<MarketplaceFetch> {
  const response = await send(server.url, 'GET', serverPath(SkillPaths.marketplace, { programmeId: server.programmeId }), server.token, undefined, [], etag ? { 'if-none-match': etag } : {});
  if (response.status === 304) return { kind: 'unchanged' };
  const parsed = MarketplaceResponse.safeParse(response.value);
  if (!parsed.success) throw new SkillServerRefused(response.status, 'not_a_marketplace', `the answer from ${server.url} is not a skills marketplace this kit understands; update the kit`);
  return { kind: 'fresh', marketplace: parsed.data };
}

/** Why a skill is not in the marketplace: its newest version pending or rejected, or no such skill (as far as this person may see). */
export async function skillStanding(server: SkillServer, name: string): Promise<'pending' | 'rejected' | 'unknown'> {
  try {
    const response = await send(server.url, 'GET', serverPath(SkillPaths.skill, { programmeId: server.programmeId, name }), server.token);
    const parsed = SkillShowResponse.safeParse(response.value);
    if (!parsed.success) return 'unknown';
    const { skill } = parsed.data;
    if (skill.approvedVersion !== undefined) return 'unknown';
    return skill.latestState === 'pending' ? 'pending' : skill.latestState === 'rejected' ? 'rejected' : 'unknown';
  } catch (error) {
    if (error instanceof SkillServerRefused && error.status !== 404) throw error;
    return 'unknown';
  }
}

/** Tells the server this person installed, updated or removed a skill (counted per skill and team). True when it took it. */
export async function reportInstall(server: SkillServer, name: string, report: z.input<typeof InstallReport>): Promise<boolean> {
  try {
    await send(server.url, 'POST', serverPath(SkillPaths.installs, { programmeId: server.programmeId, name }), server.token, InstallReport.parse(report));
    return true;
  } catch {
    // Counting installs is the server's bookkeeping, never a reason for an install to fail.
    return false;
  }
}

/** Consented per-day use counts (names only). */
export async function reportUses(server: SkillServer, report: z.input<typeof SkillUsesReport>): Promise<void> {
  await send(server.url, 'POST', serverPath(SkillPaths.uses, { programmeId: server.programmeId }), server.token, SkillUsesReport.parse(report));
}
