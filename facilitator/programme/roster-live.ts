import type { ParticipantCard, RoomView } from '../summary/types.js';
import { normalizeEmail } from './ids.js';
import type { RosterPerson } from './store.js';

/**
 * Issue 11: the roster on a date's live view (pure). A participant whose email is on the roster is
 * shown with the roster's name and team; anyone else is a walk-in, whose typed team is matched to a
 * roster team when it is clearly the same ("hr" → "HR", "Finance" → "Finance & Ops" when that is the
 * only roster team starting so); invited people who have not joined are listed; an email one or two
 * typos away from an invited one is suggested at join.
 */
export interface RosterLive {
  decorate(cards: ParticipantCard[]): ParticipantCard[];
  /** The invited email closest to `email` when `email` itself is not invited (edit distance ≤ 2). */
  suggest(email: string): string | undefined;
  notJoined(joinedEmails: Iterable<string>): NonNullable<RoomView['notJoined']>;
  /** The team a walk-in's typed team stands for. */
  canonicalTeam(team: string): string;
  isInvited(email: string): boolean;
}

const teamKey = (team: string) => team.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

export function rosterLive(people: RosterPerson[], sessionId: string, attendedElsewhere: ReadonlySet<string> = new Set()): RosterLive {
  const byEmail = new Map(people.map((p) => [normalizeEmail(p.email), p]));
  const teams = [...new Set(people.map((p) => p.team).filter(Boolean))];
  const teamByKey = new Map(teams.map((t) => [teamKey(t), t]));
  // The roster's `session` column, when it has one, says who is invited to this date.
  const hasDates = people.some((p) => p.session);
  const invitedHere = people.filter((p) => (hasDates ? p.session === sessionId || (p.session !== undefined && sessionId.startsWith(p.session)) : !attendedElsewhere.has(normalizeEmail(p.email))));

  const canonicalTeam = (team: string): string => {
    const key = teamKey(team);
    if (!key) return team;
    const exact = teamByKey.get(key);
    if (exact) return exact;
    const widening = teams.filter((t) => teamKey(t).startsWith(`${key} `));
    return widening.length === 1 ? widening[0] : team;
  };

  return {
    canonicalTeam,
    isInvited: (email) => byEmail.has(normalizeEmail(email)),
    decorate(cards) {
      return cards.map((card) => {
        const person = byEmail.get(normalizeEmail(card.email));
        if (person) return { ...card, name: person.name, team: person.team || canonicalTeam(card.team) };
        return { ...card, team: canonicalTeam(card.team), walkIn: true };
      });
    },
    suggest(email) {
      const typed = normalizeEmail(email);
      if (byEmail.has(typed)) return undefined;
      let best: { email: string; distance: number } | undefined;
      let tie = false;
      for (const known of byEmail.keys()) {
        const distance = editDistance(typed, known, 2);
        if (distance > 2) continue;
        if (!best || distance < best.distance) {
          best = { email: known, distance };
          tie = false;
        } else if (distance === best.distance) tie = true;
      }
      return best && !tie ? best.email : undefined;
    },
    notJoined(joinedEmails) {
      const joined = new Set([...joinedEmails].map(normalizeEmail));
      return invitedHere
        .filter((p) => !joined.has(normalizeEmail(p.email)))
        .map((p) => ({ name: p.name, team: p.team }))
        .sort((a, b) => a.team.localeCompare(b.team) || a.name.localeCompare(b.name));
    },
  };
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}
