import type { Command } from 'commander';
import { action } from '../action.js';
import { LANG_HELP } from './exercises.js';

/**
 * `workshop quest board` (issue 14): the link to the quest board, opened with a one-time code so the
 * join token is never printed. Registered under `workshop quest` by the quest commands; the
 * implementation loads lazily from src/quests/board-link.ts.
 */
export function registerQuestBoardCommand(quest: Command): void {
  quest
    .command('board')
    .description('open the quest board: open quests by team, wins and the hours they save, points (a link that works once, for 10 minutes)')
    .option('--open', 'open the link in your browser too')
    .option('--server <url>', 'facilitators: the programme server (with WORKSHOP_SERVER_TOKEN or --token-file) instead of the session you joined')
    .option('--token-file <file>', 'with --server: a file holding your facilitator token')
    .option('--json', 'print one JSON object ({url, expiresAt}) instead of text')
    .option('--lang <lang>', LANG_HELP)
    .addHelpText('after', '\nThe link carries a one-time code, never your token: it opens the board once, within 10 minutes.\nViewers (managers) use the board link `workshop server token add --role viewer` printed instead.')
    .action(
      action(async (options: { open?: boolean; server?: string; tokenFile?: string; json?: boolean }) => {
        const { questBoardCommand } = await import('../../quests/board-link.js');
        const facilitator = options.server ? await facilitatorWayIn(options.server, options.tokenFile) : undefined;
        return questBoardCommand({ ...(facilitator ? { facilitator } : {}), ...(options.open ? { open: true } : {}), ...(options.json ? { json: true } : {}) });
      }),
    );
}

/** The facilitator commands' own helpers for --server and the token, loaded only when a facilitator asks. */
async function facilitatorWayIn(server: string, tokenFile: string | undefined): Promise<{ server: string; token: string }> {
  const { parseServerUrl, readServerToken } = await import('../../../facilitator/server/cli-support.js');
  return { server: parseServerUrl(server), token: await readServerToken({ tokenFile }) };
}
