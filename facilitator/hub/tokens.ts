import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Secrets the hub hands out. Tokens are 256 random bits; the hub stores participant tokens only as
 * SHA-256 hashes (a copied data folder lets nobody post as a participant) and compares in constant
 * time. Prefixes make a token recognisable in a bug report, so it can be redacted.
 */
export function newParticipantToken(): string {
  return `wsp_${randomBytes(32).toString('base64url')}`;
}

export function newFacilitatorToken(): string {
  return `wsf_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex hashes of equal length. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

// No I, O (they read as 1 and 0 on a projector).
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A session code people type from the screen: `ABCD-1234` (24^4 × 10^4 ≈ 3.3 billion codes). */
export function newSessionCode(): string {
  let letters = '';
  for (let i = 0; i < 4; i += 1) letters += LETTERS[randomInt(LETTERS.length)];
  const digits = String(randomInt(10_000)).padStart(4, '0');
  return `${letters}-${digits}`;
}

export function newParticipantId(): string {
  return `p_${randomBytes(6).toString('base64url')}`;
}

/** Pulls the token out of `Authorization: Bearer <token>`; undefined when absent or malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S{20,200})\s*$/i.exec(header);
  return match ? match[1] : undefined;
}
