import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ExitCode, UsageError, UserError } from '../../src/core/errors.js';
import { facilitatorDataDir, shippedPackDir } from '../../src/core/paths.js';
import { printJson } from '../../src/core/terminal.js';
import { HubPaths } from '../../src/protocol/hub-api.js';
import type { RoomFlags } from '../../src/cli/commands/facilitator.js';
import { readEndpoint } from './endpoint.js';
import { FACILITATOR_TOKEN_FILE, sessionExists } from './session-meta.js';
import { checkFolderId, sessionDir, todaysSessionId } from './session-dir.js';
import { loadPackFacts } from './pack-facts-loader.js';

/**
 * `workshop room say|clear|target`: the dashboard's room controls from a terminal on the hub's
 * computer. Finds the running hub through the session folder (`endpoint.json`, written while it
 * runs) and posts with the facilitator token kept there; the token is never printed.
 */
export type RoomChange = { type: 'message'; text: string } | { type: 'target'; exercise: string };

export async function roomCommand(change: RoomChange, options: RoomFlags): Promise<number> {
  const data = facilitatorDataDir(options.data);
  const sessionId = checkFolderId(options.session ?? todaysSessionId(), 'session');
  const dir = sessionDir(data, sessionId, options.programme);
  if (!(await sessionExists(dir))) throw new UsageError(`No session "${sessionId}"${options.programme ? ` in programme ${options.programme}` : ''} in ${data}. Pass the --session (and --programme, --data) that \`workshop host\` used.`);
  const endpoint = await readEndpoint(dir);
  if (!endpoint) throw new UserError(`The hub for session ${sessionId} is not running. Start it with \`workshop host\` (the message is for laptops joined to a running hub).`);
  const token = (await fs.readFile(path.join(dir, FACILITATOR_TOKEN_FILE), 'utf8')).trim();
  let url: string;
  let body: unknown;
  if (change.type === 'message') {
    if (change.text.trim().length > 280) throw new UsageError(`Keep the message under 280 characters (it has ${change.text.trim().length}).`);
    url = HubPaths.roomMessage;
    body = { text: change.text.trim() };
  } else {
    url = HubPaths.roomTarget;
    body = { exerciseId: await exerciseOf(change.exercise) };
  }
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${endpoint.port}${url}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
  } catch {
    throw new UserError(`The hub for session ${sessionId} does not answer on port ${endpoint.port}; is \`workshop host\` still running?`);
  }
  const answer = (await response.json().catch(() => ({}))) as { reason?: string };
  if (!response.ok) throw new UserError(`The hub refused: ${answer.reason ?? `HTTP ${response.status}`}`);
  if (options.json) {
    printJson({ ok: true, session: sessionId, ...(change.type === 'message' ? { message: change.text.trim() || null } : { target: (body as { exerciseId: string | null }).exerciseId }) });
  } else if (change.type === 'message') {
    process.stdout.write(change.text.trim() ? 'Message sent: laptops show it on their next command and in `workshop status`.\n' : 'Message taken down.\n');
  } else {
    const target = (body as { exerciseId: string | null }).exerciseId;
    process.stdout.write(target ? `The room's target is now ${target}: the dashboard shows who is more than one exercise behind.\n` : "The room's target is cleared.\n");
  }
  return ExitCode.ok;
}

/** "3" → the pack's third exercise; "none" → null; an id as it is (the hub checks it). */
async function exerciseOf(input: string): Promise<string | null> {
  const value = input.trim();
  if (/^(none|clear|off)$/i.test(value)) return null;
  if (/^\d+$/.test(value)) {
    const pack = await loadPackFacts(shippedPackDir());
    const exercise = pack?.exercises[Number(value) - 1];
    if (!exercise) throw new UsageError(`The pack has ${pack?.exercises.length ?? 0} exercises; there is no exercise ${value}.`);
    return exercise.id;
  }
  return value;
}
