import { ExitCode, UsageError, UserError } from '../../src/core/errors.js';
import { sanitizeText } from '../../src/core/sanitize.js';
import { paint } from '../../src/core/terminal.js';
import { CreateSessionResponse, HealthResponse, ServerPaths, serverPath } from '../../src/protocol/server-api.js';
import type { z } from 'zod';
import { SERVER_TOKEN_ENV } from './cli-support.js';

/**
 * `workshop host --server URL --session DATE [--starts HH:MM] [--title T] [--json]`: the date is
 * hosted on the programme server, not on this laptop. This asks the server to create (or resume) it
 * and prints what `workshop host` prints for the room: the address participants type, the code, and
 * the dashboard link. Then it exits: the server runs the date's hub.
 *
 * Authenticated with WORKSHOP_SERVER_TOKEN (a facilitator or owner token from
 * `workshop server token add`); the token only ever travels in the Authorization header and is never
 * printed, not even in an error.
 */

export interface HostOnServerOptions {
  server: string;
  session?: string;
  starts?: string;
  title?: string;
  /** The programme's id; default: the one the server holds (its health answer says). */
  programme?: string;
  json?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Per request (venue Wi-Fi fails by hanging). */
  timeoutMs?: number;
  out?: (text: string) => void;
}

export async function hostOnServerCommand(options: HostOnServerOptions): Promise<number> {
  const env = options.env ?? process.env;
  const token = env[SERVER_TOKEN_ENV]?.trim();
  if (!token) {
    throw new UsageError(`Set ${SERVER_TOKEN_ENV} to your facilitator token for this server (the programme's owner makes one with: workshop server token add --role facilitator --name YOUR-NAME).`);
  }
  const server = serverBase(options.server);
  const call = requester(server, token, options.timeoutMs ?? 20_000);
  const programme = options.programme ?? (await call('GET', ServerPaths.health, undefined, HealthResponse)).programme;
  const created = await call(
    'POST',
    serverPath(ServerPaths.sessions, { programmeId: programme }),
    { ...(options.session ? { session: options.session } : {}), ...(options.starts ? { starts: options.starts } : {}), ...(options.title ? { title: options.title } : {}) },
    CreateSessionResponse,
    programme,
  );
  const out = options.out ?? ((text: string) => process.stdout.write(text));
  const joinCommand = `workshop join ${created.hubUrl} --code ${created.code}`;
  if (options.json) {
    out(`${JSON.stringify({ joinUrl: created.hubUrl, code: created.code, dashboardUrl: created.dashboardUrl, session: created.session, programme, server, hosted: 'server', resumed: created.resumed })}\n`);
    return ExitCode.ok;
  }
  const line = (text = '') => out(`${text}\n`);
  line(`${paint.bold(`Session ${created.session}`)} of ${programme}, hosted on ${server}${created.resumed ? ' (resumed: same code)' : ''}`);
  line();
  line('Participants join with:');
  line(`  ${paint.cyan(joinCommand)}`);
  line();
  line('Dashboard (keep this link to yourself: it carries the facilitator key):');
  line(`  ${created.dashboardUrl}`);
  if (created.resumed) line(paint.dim('  (a new key: an earlier dashboard link for this date no longer works)'));
  line();
  line(paint.dim('The server hosts this date: nothing needs to keep running on this computer. Run this again for a new dashboard link.'));
  return ExitCode.ok;
}

/** The server's address as given, without a trailing slash (a reverse proxy may put it under a path). */
export function serverBase(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`--server must be the programme server's address, like https://workshops.example.com, not "${input}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--server must be an http:// or https:// address, not "${input}".`);
  if (url.username || url.password) throw new UsageError(`--server must not carry a user name or password; the token goes in ${SERVER_TOKEN_ENV}.`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

type Requester = <S extends z.ZodType>(method: string, path: string, body: unknown, schema: S, programme?: string) => Promise<z.infer<S>>;

function requester(server: string, token: string, timeoutMs: number): Requester {
  return async (method, path, body, schema, programme) => {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${server}${path}`, {
        method,
        headers: { accept: 'application/json', authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      text = await response.text();
    } catch (error) {
      throw new UserError(`Could not reach the programme server at ${server} (${describeFailure(error)}). Check the address, and that \`workshop serve\` is running there.`, ExitCode.failure, { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UserError(`${server} answered, but not like a workshop programme server (HTTP ${response.status}). Check the address.`);
    }
    if (!response.ok) throw refusal(server, response.status, json, programme);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new UserError(`${server} answered in a form this kit does not understand. Update the kit (or the server) so both are the same version.`);
    return parsed.data;
  };
}

function refusal(server: string, status: number, json: unknown, programme: string | undefined): UserError {
  const body = (json ?? {}) as { error?: unknown; reason?: unknown };
  // The server's words reach a terminal: through the one sanitiser (no control sequences).
  const reason = typeof body.reason === 'string' ? sanitizeText(body.reason.slice(0, 500)) : `HTTP ${status}`;
  if (status === 401) {
    return new UserError(`The programme server at ${server} did not accept the token in ${SERVER_TOKEN_ENV} (unknown or revoked). Ask the programme's owner for a facilitator token: workshop server token add --role facilitator --name YOUR-NAME.`);
  }
  if (status === 403) return new UserError(`The token in ${SERVER_TOKEN_ENV} may not host dates (${reason}). Hosting needs a facilitator or owner token.`);
  if (status === 404 && body.error === 'programme_not_found') {
    return new UserError(`The programme server at ${server} holds no programme "${programme}" (${reason}). Check --programme, or leave it out to use the server's own.`);
  }
  if (status === 404) return new UserError(`${server} has no programme server API there (HTTP 404). Check the address: it is the one \`workshop serve\` printed.`);
  if (status === 400) return new UsageError(`The programme server refused the date: ${reason}.`);
  if (status === 409) return new UserError(`The programme server refused the date: ${reason}.`);
  if (status === 429 || status >= 500) return new UserError(`The programme server at ${server} could not create the date right now (${reason}). Try again in a moment.`);
  return new UserError(`The programme server at ${server} refused: ${reason} (HTTP ${status}).`);
}

function describeFailure(error: unknown): string {
  const e = error as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'no answer in time';
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'nothing is listening there';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host name';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'no route to it from this network';
  if (code === 'ECONNRESET') return 'the connection was cut';
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return `its certificate was not accepted: ${code}`;
  return code ?? e.cause?.message ?? e.message ?? 'network error';
}
