import { sanitizeLine } from '../core/sanitize.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { configDir } from '../core/paths.js';

/**
 * Runs after every `workshop` command: when this laptop has joined a hub and the local event log has
 * grown past what the hub acknowledged, send it, within a hard budget so that reporting never adds
 * more than 1.5 s to a command. When the hub can't be reached the command's result stands and one
 * line on stderr says the results will be sent later. The cheap checks (two `stat`s) come first and
 * the network code is only loaded when there is something to send.
 */
export const AFTER_COMMAND_BUDGET_MS = 1500;

/** Commands that talk to the hub themselves, or are the hub; `quest` talks to the programme server and must stay quick. */
const SKIP = new Set(['join', 'sync', 'help', 'host', 'report', 'programme', 'roster', 'usage', 'room', 'session', 'quest']);
/** Issue 11: commands after which the room's news (a facilitator's message, a confirmation code) is not asked for. */
const NO_ROOM = new Set(['join', 'host', 'report', 'programme', 'roster', 'usage', 'room', 'session', 'quest']);
/** Time left for the room check after sending results. */
const ROOM_BUDGET_MS = 800;

export function commandName(argv: string[]): string | undefined {
  return argv.slice(2).find((arg) => !arg.startsWith('-'));
}

export async function reportAfterCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const started = Date.now();
  const reachable = await sendResults(argv, env, started);
  const name = commandName(argv);
  if (!reachable || !name || NO_ROOM.has(name) || env.WORKSHOP_NO_SYNC === '1' || argv.includes('--help') || argv.includes('-h')) return;
  // The room check shares the 1.5 s budget: reporting never adds more than that to a command.
  const left = Math.min(ROOM_BUDGET_MS, AFTER_COMMAND_BUDGET_MS - (Date.now() - started));
  if (left < 150) return;
  try {
    const dir = configDir(env);
    if (!(await fs.stat(path.join(dir, 'hub.json')).catch(() => undefined))) return;
    const { checkRoom } = await import('./room-check.js');
    // `workshop status` always shows the room's message; other commands only a new one.
    const lines = await checkRoom({ env, budgetMs: left, showAll: name === 'status' });
    for (const line of lines) process.stderr.write(`${line}\n`);
  } catch {
    // The room's news is a courtesy: never a failed command.
  }
}

/** Sends what the hub has not acknowledged; false when the hub could not be reached (skip the room check then). */
async function sendResults(argv: string[], env: NodeJS.ProcessEnv, started: number): Promise<boolean> {
  try {
    const name = commandName(argv);
    if (!name || SKIP.has(name) || env.WORKSHOP_NO_SYNC === '1') return true;
    const dir = configDir(env);
    const [link, log] = await Promise.all([fs.stat(path.join(dir, 'hub.json')).catch(() => undefined), fs.stat(path.join(dir, 'events.jsonl')).catch(() => undefined)]);
    if (!link || !log) return true;
    const acked = await fs
      .readFile(path.join(dir, 'outbox.json'), 'utf8')
      .then((text) => Number((JSON.parse(text) as { offset?: unknown }).offset) || 0)
      .catch(() => 0);
    if (acked === log.size) return true;
    const { flushOutbox } = await import('./outbox.js');
    const outcome = await flushOutbox({ budgetMs: Math.max(100, AFTER_COMMAND_BUDGET_MS - (Date.now() - started)), env });
    // Issue 13: results went to the programme server because the hub is gone: no room to ask.
    if (outcome.status === 'delivered' && outcome.via === 'follow-up') return false;
    if (outcome.status === 'later') {
      process.stderr.write(`Could not reach the hub at ${outcome.hubUrl} (${sanitizeLine(outcome.why)}); your results are saved on this laptop and will be sent with your next command or \`workshop sync\`.\n`);
      return false;
    } else if (outcome.status === 'over-limit') {
      // Issue 12: said in the participant's words, as `workshop sync` says it.
      const [{ messages }, { participantLanguage }] = await Promise.all([import('../i18n/index.js'), import('../i18n/choose-language.js')]);
      process.stderr.write(`${messages(participantLanguage(argv, env)).hub.overLimit({ hubUrl: outcome.hubUrl, pending: outcome.pending })}\n`);
      return false;
    } else if (outcome.status === 'unknown-participant') {
      process.stderr.write(`The hub at ${outcome.hubUrl} no longer knows this laptop (a new session?): run \`workshop join\` with the address and code on the screen; your results are kept and will be sent then.\n`);
      return false;
    }
    return true;
  } catch (error) {
    // Reporting must never turn a good command into a failed one.
    process.stderr.write(`Could not send your results to the hub (${(error as Error).message}); they are saved and will be sent later.\n`);
    return false;
  }
}
