import { sanitizeLine, sanitizeText } from '../core/sanitize.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { configDir } from '../core/paths.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { participantLanguage } from '../i18n/choose-language.js';
import { messages } from '../i18n/index.js';
import { HubClient } from './hub-client.js';
import { readHubLink, writeHubLink } from './hub-link.js';

/**
 * Issue 11/12, the laptop's side of steering the room: after a command, ask the hub (one short
 * request) what the facilitator told the room, whether this laptop's pending join was confirmed, and
 * whether someone else is joining with this laptop's email. A message or a code is shown once (the
 * ids shown are kept in `room-seen.json`); `workshop status` shows the current message every time.
 * Never fails a command: no hub, no answer, nothing printed.
 */
const SEEN_FILE = 'room-seen.json';

interface Seen {
  messageId?: string;
  codes: string[];
}

async function readSeen(env: NodeJS.ProcessEnv): Promise<Seen> {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(configDir(env), SEEN_FILE), 'utf8')) as Partial<Seen>;
    return { messageId: typeof parsed.messageId === 'string' ? parsed.messageId : undefined, codes: Array.isArray(parsed.codes) ? parsed.codes.filter((c) => typeof c === 'string') : [] };
  } catch {
    return { codes: [] };
  }
}


export async function checkRoom(options: { env?: NodeJS.ProcessEnv; budgetMs: number; showAll?: boolean }): Promise<string[]> {
  const env = options.env ?? process.env;
  const link = await readHubLink(env).catch(() => undefined);
  if (!link) return [];
  const words = messages(participantLanguage(process.argv, env)).room;
  let room;
  try {
    room = await new HubClient(link.hubUrl, link.token).room(AbortSignal.timeout(options.budgetMs));
  } catch {
    return [];
  }
  const lines: string[] = [];
  const seen = await readSeen(env);
  // Issue 12: what the hub sends is printed through the one sanitiser (a hostile or broken hub must not drive the terminal).
  if (room.message && (options.showAll || room.message.id !== seen.messageId)) lines.push(words.message({ text: sanitizeText(room.message.text) }));
  if (room.target && options.showAll) lines.push(words.target({ exercise: sanitizeLine(room.target.exerciseId) }));
  const fresh = room.claims.filter((c) => options.showAll || !seen.codes.includes(c.code));
  for (const claim of fresh) lines.push(words.claim({ code: sanitizeLine(claim.code) }));

  // A pending join confirmed on the dashboard, or an approved return: continue where the person is.
  const confirmedNow = link.pending && room.identity.state === 'confirmed';
  const historyToApply = room.history && !link.historyApplied && (confirmedNow || !link.pending);
  if (confirmedNow || historyToApply) {
    const updated = { ...link, participantId: room.identity.participantId, pending: false, ...(historyToApply ? { historyApplied: true } : {}) };
    await writeHubLink(updated, env);
    if (confirmedNow) lines.push(words.confirmed({ laptops: room.identity.laptops ?? 2 }));
    if (historyToApply && room.history) {
      const { resumeFromHistory } = await import('../catch-up/resume.js');
      lines.push((await resumeFromHistory(room.history, env)).message);
    }
  }
  const next: Seen = { messageId: room.message?.id ?? seen.messageId, codes: [...new Set([...seen.codes, ...room.claims.map((c) => c.code)])].slice(-20) };
  if (next.messageId !== seen.messageId || next.codes.length !== seen.codes.length) await writeFileAtomic(path.join(configDir(env), SEEN_FILE), `${JSON.stringify(next)}\n`).catch(() => undefined);
  return lines;
}
