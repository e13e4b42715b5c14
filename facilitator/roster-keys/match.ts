import type { ProjectApiKey } from '../admin-api/schemas.js';
import { normalizeEmail } from '../programme/ids.js';
import type { Roster } from '../programme/store.js';

/**
 * Pure: a project's API keys against the roster, by the key owner's email (ignoring case). A key
 * owned by a service account belongs to no one. The roster keeps one key per person: someone with
 * several gets the one used most recently (then the newest), and the others are listed, because
 * their usage will not count for that person until they use the chosen one.
 * Only key ids are ever kept (the API's redacted value is not a secret, but it is not needed either).
 */
export interface KeyRef {
  id: string;
  name: string;
  lastUsedAt?: number;
}

export interface KeyMatch {
  /** People on the roster with at least one key, and the key chosen for them. */
  matched: Array<{ email: string; key: KeyRef; others: KeyRef[] }>;
  peopleWithoutKey: string[];
  /** Keys of users not on the roster, and of service accounts. */
  keysWithoutPerson: Array<KeyRef & { owner: 'user' | 'service_account' | 'unknown'; ownerEmail?: string; ownerName?: string }>;
  /** What --apply changes: people whose key column gets this key id (from nothing or a hint). */
  changes: Array<{ email: string; from?: string; to: string }>;
  /** People whose roster key id is none of their keys in this project: reported, left alone. */
  conflicts: Array<{ email: string; roster: string; api: string[] }>;
  keys: number;
}

const ref = (k: ProjectApiKey): KeyRef => ({ id: k.id, name: k.name ?? '', ...(k.last_used_at ? { lastUsedAt: k.last_used_at } : {}) });
const recency = (k: ProjectApiKey) => [k.last_used_at ?? -1, k.created_at ?? -1] as const;

export function matchKeys(keys: ProjectApiKey[], roster: Roster): KeyMatch {
  const onRoster = new Map(roster.people.map((p) => [normalizeEmail(p.email), p]));
  const byEmail = new Map<string, ProjectApiKey[]>();
  const keysWithoutPerson: KeyMatch['keysWithoutPerson'] = [];
  for (const key of keys) {
    const email = key.owner.type === 'user' && key.owner.user?.email ? normalizeEmail(key.owner.user.email) : undefined;
    if (email && onRoster.has(email)) {
      byEmail.set(email, [...(byEmail.get(email) ?? []), key]);
      continue;
    }
    const owner = key.owner.type === 'user' ? 'user' : key.owner.type === 'service_account' ? 'service_account' : 'unknown';
    const ownerName = owner === 'service_account' ? key.owner.service_account?.name : key.owner.user?.name;
    keysWithoutPerson.push({ ...ref(key), owner, ...(email ? { ownerEmail: email } : {}), ...(ownerName ? { ownerName } : {}) });
  }
  const matched: KeyMatch['matched'] = [];
  const peopleWithoutKey: string[] = [];
  const changes: KeyMatch['changes'] = [];
  const conflicts: KeyMatch['conflicts'] = [];
  for (const [email, person] of onRoster) {
    const own = byEmail.get(email);
    if (!own) {
      peopleWithoutKey.push(person.email);
      continue;
    }
    const sorted = [...own].sort((a, b) => {
      const [au, ac] = recency(a);
      const [bu, bc] = recency(b);
      return bu - au || bc - ac || (a.id < b.id ? -1 : 1);
    });
    const chosen = sorted[0];
    matched.push({ email: person.email, key: ref(chosen), others: sorted.slice(1).map(ref) });
    const current = person.key;
    if (current?.kind === 'id') {
      if (!own.some((k) => k.id === current.id)) conflicts.push({ email: person.email, roster: current.id, api: sorted.map((k) => k.id) });
      continue;
    }
    changes.push({ email: person.email, ...(current ? { from: current.hint } : {}), to: chosen.id });
  }
  return { matched, peopleWithoutKey, keysWithoutPerson, changes, conflicts, keys: keys.length };
}

/** The roster with the changes applied (key ids only), or the same object when there are none. */
export function applyKeyChanges(roster: Roster, changes: KeyMatch['changes'], now: Date): Roster {
  if (changes.length === 0) return roster;
  const to = new Map(changes.map((c) => [normalizeEmail(c.email), c.to]));
  return {
    ...roster,
    updatedAt: now.toISOString(),
    people: roster.people.map((p) => {
      const id = to.get(normalizeEmail(p.email));
      return id ? { ...p, key: { kind: 'id' as const, id } } : p;
    }),
  };
}
