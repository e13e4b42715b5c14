import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../core/atomic-write.js';
import { ExitCode, UsageError, UserError, isErrno, said } from '../core/errors.js';
import { configDir } from '../core/paths.js';
import { parseJsonText } from '../core/validation.js';
import { ServerPaths } from '../protocol/server-paths.js';
import { FollowUpUrl } from '../protocol/follow-up-url.js';

/**
 * The participant's link to a hub: where it is and the token it issued (`<configDir>/hub.json`,
 * mode 0600, written atomically). The token lets this laptop post its own events and nothing else;
 * it is never printed.
 */
export const HubLink = z.object({
  schemaVersion: z.literal(1),
  hubUrl: z.string().url(),
  participantId: z.string().min(1),
  token: z.string().min(20),
  session: z.object({ id: z.string(), title: z.string(), programmeId: z.string().optional() }),
  name: z.string(),
  email: z.string(),
  team: z.string(),
  joinedAt: z.string(),
  /** Issue 11: table or seat. */
  table: z.string().optional(),
  /** Issue 12: joined with an email another laptop had, not confirmed yet (`workshop join --confirm CODE`). */
  pending: z.boolean().optional(),
  /** Issue 12: the history a confirmation or approval brought was merged into local progress. */
  historyApplied: z.boolean().optional(),
  /** Issue 13: the programme server's participant address (`<server>/p`), given by a hub that syncs to one: where results go after the session. */
  followUpUrl: FollowUpUrl.optional(),
});
export type HubLink = z.infer<typeof HubLink>;

export function hubLinkPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'hub.json');
}

export async function readHubLink(env: NodeJS.ProcessEnv = process.env): Promise<HubLink | undefined> {
  const file = hubLinkPath(env);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  try {
    return parseJsonText(text, HubLink, { file, what: 'hub link' });
  } catch (error) {
    throw new UserError(said('hub-link-broken', { file }), ExitCode.failure, { cause: error });
  }
}

export async function writeHubLink(link: HubLink, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await writeFileAtomic(hubLinkPath(env), `${JSON.stringify(link, null, 2)}\n`, { mode: 0o600 });
}

/** `/s/<session id>` (a session id is a folder name: letters, digits, `.`, `_`, `-`), then anything. */
const HOSTED_PATH = new RegExp(`^${ServerPaths.hostedPrefix}/([A-Za-z0-9][A-Za-z0-9._-]{0,63})(?:/|$)`);

/**
 * What people type as the hub address: `192.168.1.20:4545`, `http://hub.local:4545/`, even the
 * dashboard link. For a laptop hub only the origin matters; a date hosted on the programme server is
 * a hub under `/s/<session id>` there (`https://workshops.example.com/s/2026-12-03`), so that prefix
 * is kept (and anything after it, like `/dashboard`, dropped). The scheme defaults to http (a hub on
 * a venue LAN has no certificate).
 */
export function normaliseHubUrl(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(said('hub-address-invalid', { given: input }));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(said('hub-address-scheme', { given: input }));
  }
  const hosted = HOSTED_PATH.exec(url.pathname);
  return hosted ? `${url.origin}${ServerPaths.hostedPrefix}/${hosted[1]}` : url.origin;
}
