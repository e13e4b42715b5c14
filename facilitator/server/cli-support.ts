import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExitCode, UsageError, UserError } from '../../src/core/errors.js';

/**
 * Small things the server's commands share: who a change made from the command line is recorded as,
 * where the owner token is written, and how a token is read for a request to a running server.
 */
export const OWNER_TOKEN_FILE = 'server-owner.token';
export const SERVER_TOKEN_ENV = 'WORKSHOP_SERVER_TOKEN';

/** The actor of a change made on the store directly: `cli:<login name>`. */
export function cliActor(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}

export function ownerTokenPath(dataDir: string): string {
  return path.join(dataDir, OWNER_TOKEN_FILE);
}

/** The token for `--server`: `--token-file F`, else WORKSHOP_SERVER_TOKEN. Never printed, only sent. */
export async function readServerToken(options: { tokenFile?: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  if (options.tokenFile) {
    let text: string;
    try {
      text = await fs.readFile(options.tokenFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new UserError(`The token file ${options.tokenFile} does not exist.`, ExitCode.usage);
      throw new UserError(`The token file ${options.tokenFile} cannot be read (${code ?? (error as Error).message}).`, ExitCode.failure);
    }
    const token = text.trim();
    if (!token) throw new UsageError(`The token file ${options.tokenFile} is empty.`);
    return token;
  }
  const fromEnv = (options.env ?? process.env)[SERVER_TOKEN_ENV]?.trim();
  if (fromEnv) return fromEnv;
  throw new UsageError(`--server needs a facilitator token: set ${SERVER_TOKEN_ENV}, or give --token-file FILE (the owner's is in ${OWNER_TOKEN_FILE} in the server's data folder).`);
}

/** `--server URL`: an http(s) address, without a path (the server answers at its root). */
export function parseServerUrl(raw: string, flag = '--server'): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(`${flag} must be the server's address, such as https://workshop.example.com or http://127.0.0.1:4747, not "${raw}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag} must start with http:// or https://, not "${url.protocol}".`);
  if (url.username || url.password) throw new UsageError(`${flag} must not carry a user name or password: the token goes in WORKSHOP_SERVER_TOKEN or --token-file.`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) throw new UsageError(`${flag} must be the server's address without a path, such as ${url.origin}.`);
  return url.origin;
}
