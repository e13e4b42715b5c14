import { Option, type Command } from 'commander';
import { ROLES, type RoleName as Role } from '../../protocol/roles.js';
import { action } from '../action.js';
import { portNumber } from './facilitator.js';

/**
 * Commands of issue 13: `serve` (the programme server) and `server token add|list|revoke` (its named
 * facilitator tokens). Implementations live in facilitator/server/ and load lazily.
 */
const DATA_HELP = 'folder holding the facilitator data (default: $WORKSHOP_DATA, else the OS data folder); the embedded database is <data>/database';
const DATABASE_HELP = 'a PostgreSQL address, postgres://user:password@host:5432/name (default: $WORKSHOP_DATABASE_URL, else the embedded database); prefer the variable: a flag shows in the process list';

type Where = { server?: string; tokenFile?: string; data?: string; database?: string; json?: boolean };

function where(command: Command): Command {
  return command
    .option('--server <url>', 'a running programme server (authenticated as an owner with WORKSHOP_SERVER_TOKEN or --token-file)')
    .option('--token-file <file>', 'with --server: a file holding the token (e.g. <data>/server-owner.token)')
    .option('--data <dir>', `without --server: ${DATA_HELP}`)
    .option('--database <url>', `without --server: ${DATABASE_HELP}`)
    .option('--json', 'print one JSON document (and nothing else) on stdout');
}

export function registerServerCommands(program: Command): void {
  program
    .command('serve')
    .description('Facilitator: run the programme server (reports, roster and usage uploads, dashboards; a home for a programme between sessions)')
    .requiredOption('--programme <id>', 'the programme it holds (created in the database when new: give --title)')
    .option('--data <dir>', DATA_HELP)
    .option('--database <url>', DATABASE_HELP)
    .option('--port <port>', 'TCP port (0: any free one)', portNumber, 4747)
    .option('--bind <address>', 'address to listen on: 127.0.0.1 = this computer only (behind a reverse proxy), 0.0.0.0 = every network', '127.0.0.1')
    .option('--public-url <url>', 'the address people use, e.g. https://workshop.example.com behind a reverse proxy (default: the one listened on)')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM); needs --tls-key')
    .option('--tls-key <file>', 'the private key of --tls-cert (PEM)')
    .option('--title <title>', 'for a programme new to the database: its title')
    .option('--time-zone <iana>', "for a programme new to the database: the time zone its days are counted in (default: this computer's)")
    .option('--pack <dir>', 'the exercise pack reports count "finished" against (default: the shipped one)')
    .option('--trust-proxy <addresses>', "behind a reverse proxy: its IP address(es), comma-separated, whose X-Forwarded-For is believed (rate limits then count laptops, not the proxy)")
    .option('--json', 'print one JSON line when ready ({url, dashboardUrl, programme, engine, …}; never a token) and nothing else on stdout')
    .addHelpText(
      'after',
      '\nOn a database with no live token, the first start makes an owner token and writes it to <data>/server-owner.token (only its path is printed).\n' +
        'Give a manager a read-only link with: workshop server token add --role viewer --name NAME --server URL --token-file <data>/server-owner.token',
    )
    .action(
      action(async (options: import('../../../facilitator/server/serve-command.js').ServeOptions) => {
        const { serveCommand } = await import('../../../facilitator/server/serve-command.js');
        return serveCommand(options);
      }),
    );

  const server = program.command('server').description("Facilitator: the programme server's named tokens (owner > facilitator > viewer)");
  const token = server.command('token').description('add, list or revoke facilitator tokens');
  where(
    token
      .command('add')
      .description('make a named token with a role; it is printed once (with --server: with its dashboard and quest board links)')
      .requiredOption('--name <name>', 'who or what holds it, e.g. "Aiko Tanaka" or "manager-sales"')
      .addOption(new Option('--role <role>', 'owner (everything), facilitator (host dates, import rosters and usage), viewer (reports and dashboards, read-only)').choices(ROLES).makeOptionMandatory())
      .option('--email <email>', "the holder's work email: in quests the token then acts as that person (never shown back)"),
  ).action(
    action(async (options: Where & { name: string; role: Role; email?: string }) => {
      const { tokenAdd } = await import('../../../facilitator/server/token-command.js');
      return tokenAdd(options);
    }),
  );
  where(token.command('list').description('list the tokens: names, roles, who made and revoked them (never a token)')).action(
    action(async (options: Where) => {
      const { tokenList } = await import('../../../facilitator/server/token-command.js');
      return tokenList(options);
    }),
  );
  where(token.command('revoke <name>').description('revoke a token at once (the last live owner token cannot be revoked)')).action(
    action(async (name: string, options: Where) => {
      const { tokenRevoke } = await import('../../../facilitator/server/token-command.js');
      return tokenRevoke(name, options);
    }),
  );
}
