import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ensurePrivateDir, writePrivateFile } from '../data/private-files.js';
import { ExitCode, UserError, isErrno } from '../../src/core/errors.js';
import { readJsonFile } from '../../src/core/validation.js';
import { newFacilitatorToken, newSessionCode } from './tokens.js';

/**
 * `session.json`: what a session is (id, title, programme, start, join code). It holds nothing secret
 * that a report reader must not see: the facilitator token lives apart in `facilitator.token`
 * (mode 0600) because `workshop host` must print the same dashboard link again when it resumes,
 * and participant tokens are only stored as hashes in the log.
 */
export const SESSION_SCHEMA_VERSION = 1;

export const SessionMeta = z.object({
  schemaVersion: z.literal(SESSION_SCHEMA_VERSION),
  id: z.string().min(1),
  title: z.string().min(1).max(200),
  programmeId: z.string().optional(),
  /** When the session starts (issue 6: `--starts`); doctor results before it count as "ready before". */
  startsAt: z.string().datetime({ offset: true }).optional(),
  createdAt: z.string().datetime({ offset: true }),
  /** The join code shown on the screen, `ABCD-1234`. Not a secret from the room, only from outside it. */
  code: z.string().regex(/^[A-Z]{4}-\d{4}$/),
});
export type SessionMeta = z.infer<typeof SessionMeta>;

export const SESSION_FILE = 'session.json';
export const FACILITATOR_TOKEN_FILE = 'facilitator.token';

export async function readSessionMeta(dir: string): Promise<SessionMeta> {
  return readJsonFile(path.join(dir, SESSION_FILE), SessionMeta, { what: 'session file', exitCode: ExitCode.failure });
}

export async function sessionExists(dir: string): Promise<boolean> {
  try {
    await fs.access(path.join(dir, SESSION_FILE));
    return true;
  } catch {
    return false;
  }
}

export interface OpenSessionOptions {
  id: string;
  title?: string;
  programmeId?: string;
  startsAt?: string;
  now?: Date;
}

export interface OpenedSession {
  meta: SessionMeta;
  facilitatorToken: string;
  resumed: boolean;
}

/**
 * Creates the session folder on first start; on later starts returns the same code and facilitator
 * token, so the link on the projector and in the facilitator's browser keeps working. A new --title
 * on resume renames the session (nothing else changes).
 */
export async function createOrResumeSession(dir: string, options: OpenSessionOptions): Promise<OpenedSession> {
  if (await sessionExists(dir)) {
    // Issue 12: a folder an older version left world-readable is narrowed on resume.
    await ensurePrivateDir(dir);
    let meta = await readSessionMeta(dir);
    if (meta.id !== options.id) {
      throw new UserError(`The folder ${dir} holds session "${meta.id}", not "${options.id}". Choose another --data folder.`);
    }
    if (options.title && options.title !== meta.title) {
      meta = { ...meta, title: options.title };
      await writePrivateFile(path.join(dir, SESSION_FILE), `${JSON.stringify(meta, null, 2)}\n`);
    }
    const facilitatorToken = await readFacilitatorToken(dir);
    return { meta, facilitatorToken, resumed: true };
  }
  const now = options.now ?? new Date();
  const meta: SessionMeta = {
    schemaVersion: SESSION_SCHEMA_VERSION,
    id: options.id,
    title: options.title ?? `Codex workshop ${options.id}`,
    ...(options.programmeId ? { programmeId: options.programmeId } : {}),
    ...(options.startsAt ? { startsAt: options.startsAt } : {}),
    createdAt: now.toISOString(),
    code: newSessionCode(),
  };
  const facilitatorToken = newFacilitatorToken();
  // The token first: a session.json without its token would be a session nobody can open.
  await writePrivateFile(path.join(dir, FACILITATOR_TOKEN_FILE), `${facilitatorToken}\n`);
  await writePrivateFile(path.join(dir, SESSION_FILE), `${JSON.stringify(meta, null, 2)}\n`);
  return { meta, facilitatorToken, resumed: false };
}

async function readFacilitatorToken(dir: string): Promise<string> {
  const file = path.join(dir, FACILITATOR_TOKEN_FILE);
  try {
    const token = (await fs.readFile(file, 'utf8')).trim();
    if (/^wsf_[A-Za-z0-9_-]{40,}$/.test(token)) return token;
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  // Lost or damaged: issue a new one (old dashboard links stop working, which is the safe side).
  const token = newFacilitatorToken();
  await writePrivateFile(file, `${token}\n`);
  return token;
}
