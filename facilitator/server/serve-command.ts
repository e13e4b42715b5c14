import { promises as fs } from 'node:fs';
import { untilStopped } from '../../src/core/until-stopped.js';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import { ExitCode, UsageError, UserError, isErrno } from '../../src/core/errors.js';
import { expandHome, facilitatorDataDir } from '../../src/core/paths.js';
import { sanitizeText } from '../../src/core/sanitize.js';
import { paint } from '../../src/core/terminal.js';
import { hashToken } from '../hub/tokens.js';
import { isValidTimeZone, systemTimeZone } from '../programme/calendar.js';
import { validateProgrammeId } from '../programme/ids.js';
import { DEFAULT_SETTINGS, ProgrammeFile, type Programme } from '../programme/store.js';
import { writePrivateFile } from '../data/private-files.js';
import { Store, resolveStoreTarget } from '../store/store.js';
import { buildProgrammeServer, dashboardLink, localUrl } from './app.js';
import { followUpPlugins } from './follow-up-plugins.js';
import { questRoutes } from '../quests/routes.js';
import { hostedSessionsPlugin } from './hosted-routes.js';
import { HostedSessions } from './hosted-sessions.js';
import { newServerToken } from './auth.js';
import { cliActor, ownerTokenPath, parseServerUrl } from './cli-support.js';

/**
 * `workshop serve --programme ID`: the programme server. Opens the store (the embedded database in
 * `<data>/database`, or PostgreSQL with --database / WORKSHOP_DATABASE_URL), creates the programme
 * when the database does not have it yet (with --title), makes the first owner token on a database
 * that has none, and serves until Ctrl-C or SIGTERM, then lets requests in flight finish and closes
 * the database.
 *
 * The owner token is written to `<data>/server-owner.token` (0600) and never printed: a terminal
 * scrolls into screenshots and CI logs. The --json line's dashboardUrl carries no token either; a
 * manager's link is made with `workshop server token add --role viewer`, which prints it once.
 */
export interface ServeOptions {
  programme: string;
  data?: string;
  database?: string;
  port: number;
  bind: string;
  publicUrl?: string;
  tlsCert?: string;
  tlsKey?: string;
  title?: string;
  timeZone?: string;
  pack?: string;
  /** The reverse proxy's address(es), comma-separated: its X-Forwarded-For is believed (rate limits count laptops). */
  trustProxy?: string;
  json?: boolean;
}

export const DEFAULT_SERVER_PORT = 4747;

export async function serveCommand(options: ServeOptions): Promise<number> {
  const programmeId = validateProgrammeId(options.programme);
  const trustProxy = options.trustProxy === undefined ? undefined : parseTrustProxy(options.trustProxy);
  const publicUrl = options.publicUrl ? parseServerUrl(options.publicUrl, '--public-url') : undefined;
  if (options.timeZone && !isValidTimeZone(options.timeZone)) throw new UsageError(`--time-zone "${options.timeZone}" is not a time zone name this system knows; use an IANA name such as Asia/Tokyo or Europe/Paris.`);
  if (options.title !== undefined && (!options.title.trim() || options.title.trim().length > 200)) throw new UsageError('--title must be 1 to 200 characters.');
  // Checked before the database opens: a bad certificate is a typo to fix, not a reason to start a database.
  const tls = await readTls(options);
  const dataDir = facilitatorDataDir(options.data);
  const store = await Store.open(resolveStoreTarget({ database: options.database, dataDir }));
  const say = (text: string) => (options.json ? process.stderr : process.stdout).write(text);
  try {
    const programme = await ensureProgramme(store, programmeId, options);
    const ownerTokenFile = await ensureOwnerToken(store, dataDir);
    // Dates hosted here (`workshop host --server`): each a hub under /s/<session id>, opened on its first request.
    const hosted = new HostedSessions({
      store,
      programmeId,
      publicUrl: () => app.publicUrl(),
      ...(options.pack ? { pack: path.resolve(expandHome(options.pack)) } : {}),
      warn: (message) => process.stderr.write(`${paint.yellow('warning:')} ${sanitizeText(message)}\n`),
      ...(trustProxy ? { trustProxy } : {}),
    });
    const app = await buildProgrammeServer({
      store,
      programmeId,
      ...(publicUrl ? { publicUrl } : {}),
      ...(tls ? { tls } : {}),
      ...(options.pack ? { packDir: path.resolve(expandHome(options.pack)) } : {}),
      onProblem: throttled((message) => process.stderr.write(`${paint.yellow('warning:')} ${sanitizeText(message)}\n`)),
      hosted,
      ...(trustProxy ? { trustProxy } : {}),
      plugins: [hostedSessionsPlugin(hosted), ...followUpPlugins(), questRoutes()],
    });
    try {
      await app.listen({ port: options.port, host: options.bind });
    } catch (error) {
      await app.close().catch(() => undefined);
      throw listenError(error, options);
    }
    const local = localUrl(app, Boolean(tls));
    // Other commands on this machine that find the embedded database held are told to use this address.
    await store.announceServer(local);
    const url = app.publicUrl();
    const schemaVersion = await store.schemaVersion();
    // Listening for Ctrl-C and SIGTERM before saying "ready": a script may stop the server the moment it reads the line.
    const stopped = untilStopped();
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({
          url,
          localUrl: local,
          dashboardUrl: dashboardLink(url),
          programme: programme.id,
          title: programme.title,
          engine: store.kind,
          database: store.where,
          schemaVersion,
          tls: Boolean(tls),
          dataDir,
          ...(ownerTokenFile ? { ownerTokenFile } : {}),
        })}\n`,
      );
    } else {
      printBanner({ programme, url, local, bind: options.bind, engine: store.kind, where: store.where, ownerTokenFile, tls: Boolean(tls) });
    }
    await stopped;
    say('\nStopping the programme server…\n');
    // The hosted dates first: their dashboards' live streams never end by themselves, and what they are writing commits.
    await hosted.close();
    await app.close();
    say('Stopped.\n');
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}

async function readTls(options: ServeOptions): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  if (!options.tlsCert && !options.tlsKey) return undefined;
  if (!options.tlsCert || !options.tlsKey) throw new UsageError('HTTPS needs both --tls-cert FILE (the certificate, PEM) and --tls-key FILE (its private key, PEM).');
  const read = async (file: string, what: string) => {
    try {
      return await fs.readFile(path.resolve(expandHome(file)));
    } catch (error) {
      throw new UserError(`The TLS ${what} ${file} cannot be read (${isErrno(error, 'ENOENT') ? 'no such file' : ((error as NodeJS.ErrnoException).code ?? (error as Error).message)}).`, ExitCode.failure);
    }
  };
  const cert = await read(options.tlsCert, 'certificate');
  const key = await read(options.tlsKey, 'key');
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    // OpenSSL's reason ("key values mismatch", "no start line") is short and names no secret.
    throw new UserError(`The TLS certificate ${options.tlsCert} and key ${options.tlsKey} cannot be used together (${(error as Error).message}). Give the PEM certificate and the private key that belongs to it.`, ExitCode.failure);
  }
  return { cert, key };
}

async function ensureProgramme(store: Store, id: string, options: ServeOptions): Promise<Programme> {
  const existing = await store.getProgramme(id);
  if (existing) return existing;
  if (!options.title?.trim()) {
    throw new UsageError(
      `There is no programme "${id}" in the database at ${store.where}. To start a new one, add --title "…" (and --time-zone if not ${systemTimeZone()}); to bring in one kept in folders, run \`workshop data migrate\` first.`,
    );
  }
  const programme = ProgrammeFile.parse({
    schemaVersion: 1,
    id,
    title: options.title.trim(),
    createdAt: new Date().toISOString(),
    timeZone: options.timeZone ?? systemTimeZone(),
    settings: DEFAULT_SETTINGS,
    sessions: [],
  });
  await store.putProgramme(programme, cliActor());
  return programme;
}

/** On a database with no live token, the first owner token, written to a private file; returns its path. */
async function ensureOwnerToken(store: Store, dataDir: string): Promise<string | undefined> {
  if ((await store.countTokens()) > 0) return undefined;
  const token = newServerToken();
  const file = ownerTokenPath(dataDir);
  // The file first: a token in the database that nobody has would lock everyone out.
  await writePrivateFile(file, `${token}\n`);
  try {
    await store.addToken({ name: 'owner', role: 'owner', tokenHash: hashToken(token) }, 'system');
  } catch (error) {
    // Another server on the same PostgreSQL made the first owner token at the same moment: theirs stands.
    if (error instanceof UsageError && (await store.countTokens()) > 0) {
      await fs.rm(file, { force: true });
      return undefined;
    }
    throw error;
  }
  return file;
}

function listenError(error: unknown, options: ServeOptions): UserError {
  const where = `${options.bind}:${options.port}`;
  if (isErrno(error, 'EADDRINUSE')) return new UserError(`Port ${options.port} on ${options.bind} is already in use. Stop what is using it, or choose another port with --port.`, ExitCode.failure);
  if (isErrno(error, 'EACCES')) return new UserError(`Not allowed to listen on ${where} (ports below 1024 need administrator rights). Choose a port above 1024 with --port, and put a reverse proxy in front for 443.`, ExitCode.failure);
  if (isErrno(error, 'EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN')) return new UserError(`--bind ${options.bind} is not an address of this computer. Use 127.0.0.1 (this computer only) or 0.0.0.0 (every network).`, ExitCode.usage);
  return new UserError(`Could not listen on ${where}: ${(error as Error).message}`, ExitCode.failure);
}

function isLoopback(address: string): boolean {
  return /^(127\.|::1$|localhost$)/.test(address);
}

function printBanner(info: { programme: Programme; url: string; local: string; bind: string; engine: string; where: string; ownerTokenFile?: string; tls: boolean }): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`${paint.bold(sanitizeText(info.programme.title))} (${info.programme.id}) — programme server`);
  out(`  Address:   ${paint.cyan(info.url)}${info.url !== info.local ? paint.dim(`  (on this computer: ${info.local})`) : ''}`);
  out(`  Database:  ${info.engine}, ${info.where}`);
  out(`  Health:    ${info.url}/healthz`);
  out(`  Dashboard: ${dashboardLink(info.url)}`);
  out(paint.dim(`             a viewer's link (read-only, for a manager): workshop server token add --role viewer --name NAME --server ${info.url}`));
  if (info.ownerTokenFile) {
    out();
    out(`The owner token (everything, including making other tokens) is in ${info.ownerTokenFile}.`);
    out(paint.dim(`  Keep it private. Use it with --token-file ${info.ownerTokenFile}, or WORKSHOP_SERVER_TOKEN.`));
  }
  if (!info.tls && !isLoopback(info.bind) && !info.url.startsWith('https:')) {
    out();
    out(`${paint.yellow('!')} Plain HTTP on a network: tokens cross it readable. Use --tls-cert/--tls-key or an HTTPS reverse proxy (docs/server.md).`);
  }
  out();
  out(paint.dim('Press Ctrl-C to stop.'));
}

/** The same problem at most once a minute on the operator's terminal (a database down fails every request). */
function throttled(write: (message: string) => void): (message: string) => void {
  const last = new Map<string, number>();
  return (message) => {
    const now = Date.now();
    if ((last.get(message) ?? 0) > now - 60_000) return;
    last.set(message, now);
    write(message);
  };
}

/** `--trust-proxy 127.0.0.1` or `10.0.0.5,10.0.1.0/24`: the proxies in front of the server, never "everyone". */
export function parseTrustProxy(value: string): string {
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  const address = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)(\/\d{1,3})?$/;
  if (parts.length === 0 || parts.some((p) => !address.test(p))) {
    throw new UsageError(`--trust-proxy takes the reverse proxy's IP address or addresses (comma-separated, CIDR allowed), e.g. --trust-proxy 127.0.0.1; not "${value}".`);
  }
  return parts.join(',');
}
