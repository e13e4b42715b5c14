import { ExitCode, UsageError, UserError } from '../../src/core/errors.js';
import { facilitatorDataDir } from '../../src/core/paths.js';
import { sanitizeLine } from '../../src/core/sanitize.js';
import { paint, printJson } from '../../src/core/terminal.js';
import { formatZodIssues } from '../../src/core/validation.js';
import { type Role, TokenAddRequest } from '../../src/protocol/server-api.js';
import { hashToken } from '../hub/tokens.js';
import { Store, type TokenRow, resolveStoreTarget } from '../store/store.js';
import { boardLink } from '../quests/board-access.js';
import { dashboardLink } from './app.js';
import { newServerToken } from './auth.js';
import { cliActor, parseServerUrl, readServerToken } from './cli-support.js';
import { ServerClient } from './client.js';
import { lastOwnerGuard } from './token-rules.js';

/**
 * `workshop server token add|list|revoke`: through a running server (`--server URL`, as its owner),
 * or directly on the store when no server holds it (`--data`/`--database`; the embedded database's
 * lock says which server holds it, and the message then says to use --server). `add` prints the new
 * token once, on stdout; nothing else prints a token, ever.
 */
export interface TokenCommandOptions {
  server?: string;
  tokenFile?: string;
  data?: string;
  database?: string;
  json?: boolean;
}

/** Either a client of a running server, or the store opened here (closed by `done`). */
async function target<T>(options: TokenCommandOptions, remote: (client: ServerClient) => Promise<T>, local: (store: Store) => Promise<T>): Promise<T> {
  if (options.server) {
    const url = parseServerUrl(options.server);
    return remote(new ServerClient(url, await readServerToken({ tokenFile: options.tokenFile })));
  }
  const store = await Store.open(resolveStoreTarget({ database: options.database, dataDir: facilitatorDataDir(options.data) }));
  try {
    return await local(store);
  } finally {
    await store.close();
  }
}

export async function tokenAdd(options: TokenCommandOptions & { name: string; role: Role; email?: string }): Promise<number> {
  const parsed = TokenAddRequest.safeParse({ name: options.name, role: options.role, ...(options.email !== undefined ? { email: options.email } : {}) });
  if (!parsed.success) {
    // The email is not repeated in the message: it may be in a terminal someone screenshots.
    if (parsed.error.issues.some((i) => i.path[0] === 'email')) throw new UsageError('--email must be the work email of the person who holds the token (as on the roster or their join).');
    throw new UsageError(`--name ${formatZodIssues(parsed.error).replace(/^name:?\s*/, '')}`);
  }
  const { name, role, email } = parsed.data;
  const added = await target<{ name: string; role: Role; token: string; server?: string }>(
    options,
    async (client) => ({ ...(await client.addToken(name, role, email)), server: client.url }),
    async (store) => {
      const token = newServerToken();
      await store.addToken({ name, role, tokenHash: hashToken(token), ...(email ? { email } : {}) }, cliActor());
      return { name, role, token };
    },
  );
  // The viewer link is the token itself in another form: printed with it, this once.
  const link = added.server ? dashboardLink(added.server, added.token) : undefined;
  const board = added.server ? boardLink(added.server, { token: added.token }) : undefined;
  if (options.json) {
    printJson({ name: added.name, role: added.role, token: added.token, ...(email ? { linkedToPerson: true } : {}), ...(link ? { dashboardUrl: link } : {}), ...(board ? { boardUrl: board } : {}) });
    return ExitCode.ok;
  }
  process.stdout.write(`${paint.green('✓')} Token "${sanitizeLine(added.name)}" (${added.role}${email ? ', linked to its holder: in quests it acts as that person' : ''}). It is shown this once; keep it like a password:\n  ${added.token}\n`);
  if (link) process.stdout.write(`Dashboard link (read-only report; it carries the token):\n  ${link}\n`);
  if (board) process.stdout.write(`Quest board link (read-only; it carries the token too):\n  ${board}\n`);
  if (!link) process.stdout.write(paint.dim(`Its dashboard link is the server's address followed by /dashboard#token=<the token>, its quest board link /board#token=<the token>.\n`));
  return ExitCode.ok;
}

export async function tokenList(options: TokenCommandOptions): Promise<number> {
  const tokens: TokenRow[] = await target(
    options,
    async (client) => (await client.listTokens()).tokens,
    (store) => store.listTokens(),
  );
  if (options.json) {
    printJson({ tokens });
    return ExitCode.ok;
  }
  if (tokens.length === 0) {
    process.stdout.write('No tokens yet: `workshop serve` makes the owner token when it first starts.\n');
    return ExitCode.ok;
  }
  for (const t of tokens) {
    const state = t.revokedAt ? paint.dim(`revoked ${t.revokedAt.slice(0, 10)} by ${sanitizeLine(t.revokedBy ?? '?')}`) : 'live';
    process.stdout.write(`${sanitizeLine(t.name).padEnd(24)} ${t.role.padEnd(12)} created ${t.createdAt.slice(0, 10)} by ${sanitizeLine(t.createdBy)}  ${state}\n`);
  }
  return ExitCode.ok;
}

export async function tokenRevoke(name: string, options: TokenCommandOptions): Promise<number> {
  await target<unknown>(
    options,
    (client) => client.revokeToken(name),
    async (store) => {
      await lastOwnerGuard(store, name);
      if (!(await store.revokeToken(name, cliActor()))) throw new UserError(`No live token is named "${name}" (see \`workshop server token list\`).`, ExitCode.failure);
    },
  );
  if (options.json) printJson({ name, revoked: true });
  else process.stdout.write(`${paint.green('✓')} Revoked "${sanitizeLine(name)}": requests with it are refused from now on.\n`);
  return ExitCode.ok;
}
