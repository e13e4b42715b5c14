import { createHash, randomBytes } from 'node:crypto';
import { QuestPaths } from '../../src/protocol/quests.js';
import type { BoardViewer } from './board.js';

/**
 * How people open the board without a secret ever being printed or put in a URL a server sees.
 *
 *   - A viewer (a manager) has a link with their `wst_` token in the fragment: `/board#token=…`, made
 *     once by `workshop server token add` (boardLink below).
 *   - A participant's join token is never shown to them (it would end up in chats and screenshots),
 *     so `workshop quest board` asks the server for a one-time code (valid 10 minutes) and opens
 *     `/board#once=CODE`; the page trades the code, once, for a read-only board session token
 *     (`wsb_…`, 12 hours) that it keeps in sessionStorage. Stolen later, the code is worth nothing;
 *     the session token reads the board and nothing else.
 *
 * Both are kept in this server's memory only, as SHA-256 hashes (a heap dump shows no usable code),
 * bounded in number (the oldest go first), and forgotten by a restart: the participant runs the
 * command again.
 */
export const BOARD_CODE_MINUTES = 10;
export const BOARD_SESSION_HOURS = 12;
export const BOARD_SESSION_PREFIX = 'wsb_';
const MAX_ENTRIES = 20_000;

interface Entry {
  viewer: BoardViewer;
  expiresAt: number;
}

export class BoardAccess {
  readonly #codes = new Map<string, Entry>();
  readonly #sessions = new Map<string, Entry>();
  readonly #clock: () => Date;

  constructor(clock: () => Date = () => new Date()) {
    this.#clock = clock;
  }

  /** A one-time code for this viewer (who asked for it), valid BOARD_CODE_MINUTES. */
  issueCode(viewer: BoardViewer): { code: string; expiresAt: Date } {
    const code = randomBytes(24).toString('base64url');
    const expiresAt = this.#clock().getTime() + BOARD_CODE_MINUTES * 60_000;
    remember(this.#codes, hash(code), { viewer, expiresAt }, this.#clock().getTime());
    return { code, expiresAt: new Date(expiresAt) };
  }

  /** The code's board session (the code is gone afterwards, used or not in time), or undefined. */
  exchange(code: string): { token: string; expiresAt: Date } | undefined {
    const key = hash(code);
    const entry = this.#codes.get(key);
    this.#codes.delete(key);
    const now = this.#clock().getTime();
    if (!entry || entry.expiresAt <= now) return undefined;
    const token = `${BOARD_SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expiresAt = now + BOARD_SESSION_HOURS * 3_600_000;
    remember(this.#sessions, hash(token), { viewer: entry.viewer, expiresAt }, now);
    return { token, expiresAt: new Date(expiresAt) };
  }

  /** Who a live board session token was issued to, or undefined. */
  session(token: string): BoardViewer | undefined {
    const key = hash(token);
    const entry = this.#sessions.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#clock().getTime()) {
      this.#sessions.delete(key);
      return undefined;
    }
    return entry.viewer;
  }
}

export function isBoardSessionToken(token: string): boolean {
  return token.startsWith(BOARD_SESSION_PREFIX);
}

/** Expired entries are dropped as new ones come; past the cap, the oldest (Map keeps insertion order). */
function remember(map: Map<string, Entry>, key: string, entry: Entry, now: number): void {
  if (map.size >= MAX_ENTRIES) {
    for (const [k, e] of map) if (e.expiresAt <= now) map.delete(k);
    while (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value as string);
  }
  map.set(key, entry);
}

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** `<public URL>/board`, with a viewer's token in the fragment (never sent to a server) or a one-time code. */
export function boardLink(publicUrl: string, secret?: { token: string } | { once: string }): string {
  const base = `${publicUrl.replace(/\/+$/, '')}${QuestPaths.board}`;
  if (!secret) return base;
  return 'token' in secret ? `${base}#token=${encodeURIComponent(secret.token)}` : `${base}#once=${encodeURIComponent(secret.once)}`;
}
