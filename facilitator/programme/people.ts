import type { ParticipantEvent, UseCaseSharedEvent } from '../../src/protocol/events.js';
import { addDays, daysBetween, localDay } from './calendar.js';
import { normalizeEmail } from './ids.js';
import type { ProgrammeSession, RosterPerson } from './store.js';

/**
 * Folding everything a programme knows about one person into facts (pure): which dates they
 * attended, whether they were set up before their session, what they passed with Codex, and the days
 * on which they used Codex. People are matched across dates by email, and events by id, so a
 * participant who came twice, or whose outbox delivered an event to two dates' hubs, counts once.
 */

/** One date's hub data, as read from the hub's store (facilitator/hub). */
export interface HubSessionData {
  id: string;
  participants: Array<{ id: string; email?: string; name?: string; team?: string; joinedAt?: string }>;
  records: Array<{ participantId: string; receivedAt?: string; event: ParticipantEvent }>;
}

export interface PersonFacts {
  email: string;
  name: string;
  team: string;
  onRoster: boolean;
  /** The session the roster invites them to, if the roster says. */
  invitedTo?: string;
  /** Ids of the sessions they attended, in date order. */
  attended: string[];
  firstSession?: ProgrammeSession;
  readyBeforeSession: boolean;
  /** Exercises passed with Codex evidence (codexSessions > 0). */
  passedWithCodex: string[];
  /** Exercises passed at all. */
  passed: string[];
  finished: boolean;
  ownTaskDone: boolean;
  /** Days (programme time zone for hub events, the participant's for pulse, UTC for daily usage buckets) with Codex use. */
  useDays: Set<string>;
  /** Tasks they shared with `workshop share`; a task shared again (same words) keeps its latest version. */
  useCases: UseCaseSharedEvent[];
  /** Ids of the hub participants this person was known as (one per date joined). */
  hubParticipantIds: string[];
}

export interface PeopleInput {
  timeZone: string;
  sessions: ProgrammeSession[];
  roster: RosterPerson[];
  hub: HubSessionData[];
  /** normalized email → day → requests, from the usage import. */
  usageByEmail: Map<string, Map<string, number>>;
  /** Exercise ids of the pack, in order; finishing = passing all of them (or a pack.finished event). */
  packExercises: string[];
  ownTaskExercise?: string;
}

const MAX_PULSE_DAYS = 400;

interface TimedEvent {
  event: ParticipantEvent;
  /** The participant's clock, capped by the hub's receipt: a late delivery keeps its real time, a clock set ahead does not win. */
  at: number;
  sessionId: string;
}

function eventTime(record: { receivedAt?: string; event: ParticipantEvent }): number {
  const ts = Date.parse(record.event.ts);
  const received = record.receivedAt ? Date.parse(record.receivedAt) : Number.NaN;
  return Number.isNaN(received) ? ts : Math.min(ts, received);
}

/**
 * Attending a date means joining its hub, or reporting anything to it, on the session day from an
 * hour before the start: people arrive early, but a doctor run at home that morning is not attending.
 */
export const ATTENDANCE_GRACE_MINUTES = 60;

function duringSession(at: number, session: ProgrammeSession, timeZone: string): boolean {
  return at >= startOf(session) - ATTENDANCE_GRACE_MINUTES * 60_000 && localDay(at, timeZone) === session.date;
}

const starts = new WeakMap<ProgrammeSession, number>();
function startOf(session: ProgrammeSession): number {
  let ms = starts.get(session);
  if (ms === undefined) starts.set(session, (ms = Date.parse(session.startsAt)));
  return ms;
}

export function foldPeople(input: PeopleInput): PersonFacts[] {
  const sessionsById = new Map(input.sessions.map((s) => [s.id, s]));
  const ordered = [...input.sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
  const order = new Map(ordered.map((s, i) => [s.id, i]));

  const people = new Map<string, PersonFacts>();
  for (const r of input.roster) {
    const email = normalizeEmail(r.email);
    people.set(email, blank(email, r.name, r.team, true, r.session));
  }

  // Gather each person's events across every date, once per event id; note the dates attended.
  const eventsByEmail = new Map<string, Map<string, TimedEvent>>();
  const attendedByEmail = new Map<string, Set<string>>();
  for (const session of input.hub) {
    const meta = sessionsById.get(session.id);
    const byParticipant = new Map<string, string>();
    for (const p of session.participants) {
      if (!p.email) continue;
      const email = normalizeEmail(p.email);
      byParticipant.set(p.id, email);
      let person = people.get(email);
      if (!person) {
        person = blank(email, p.name?.trim() || email, p.team?.trim() ?? '', false, undefined);
        people.set(email, person);
      }
      if (!person.hubParticipantIds.includes(p.id)) person.hubParticipantIds.push(p.id);
      if (meta && p.joinedAt && duringSession(Date.parse(p.joinedAt), meta, input.timeZone)) mark(attendedByEmail, email, session.id);
    }
    for (const record of session.records) {
      const email = byParticipant.get(record.participantId);
      if (!email) continue;
      const at = eventTime(record);
      const events = eventsByEmail.get(email) ?? new Map<string, TimedEvent>();
      if (!events.has(record.event.id)) events.set(record.event.id, { event: record.event, at, sessionId: session.id });
      eventsByEmail.set(email, events);
      if (meta && duringSession(at, meta, input.timeZone)) mark(attendedByEmail, email, session.id);
    }
  }

  for (const person of people.values()) {
    const attended = [...(attendedByEmail.get(person.email) ?? [])].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    person.attended = attended;
    person.firstSession = attended.length > 0 ? sessionsById.get(attended[0]) : undefined;
    const events = [...(eventsByEmail.get(person.email)?.values() ?? [])].sort((a, b) => a.at - b.at);
    applyEvents(person, events, input, sessionsById);
    for (const [day, requests] of input.usageByEmail.get(person.email) ?? []) if (requests > 0) person.useDays.add(day);
  }
  return [...people.values()];
}

function blank(email: string, name: string, team: string, onRoster: boolean, invitedTo: string | undefined): PersonFacts {
  return {
    email,
    name,
    team,
    onRoster,
    ...(invitedTo ? { invitedTo } : {}),
    attended: [],
    readyBeforeSession: false,
    passedWithCodex: [],
    passed: [],
    finished: false,
    ownTaskDone: false,
    useDays: new Set(),
    useCases: [],
    hubParticipantIds: [],
  };
}

function mark(map: Map<string, Set<string>>, email: string, sessionId: string): void {
  const set = map.get(email) ?? new Set<string>();
  set.add(sessionId);
  map.set(email, set);
}

function applyEvents(person: PersonFacts, events: TimedEvent[], input: PeopleInput, sessionsById: Map<string, ProgrammeSession>): void {
  // "Before the session" means before the start of the first date they attended; for someone who has
  // attended none yet, before the date the roster invites them to, or at any time when it does not say.
  const reference = person.firstSession ?? (person.invitedTo ? sessionsById.get(person.invitedTo) : undefined);
  const readyDeadline = reference ? Date.parse(reference.startsAt) : Number.POSITIVE_INFINITY;
  const passed = new Set<string>();
  const passedWithCodex = new Set<string>();
  // Pulse reports: for each day, the latest report that covers it decides (a recount replaces a count).
  const pulseDays = new Map<string, { at: number; sessions: number }>();
  const useCases = new Map<string, UseCaseSharedEvent>();
  for (const { event, at } of events) {
    switch (event.type) {
      case 'doctor.completed':
        if (event.ready && at < readyDeadline) person.readyBeforeSession = true;
        break;
      case 'exercise.graded':
        if (event.codexSessions > 0) person.useDays.add(localDay(at, input.timeZone));
        if (event.passed) {
          passed.add(event.exerciseId);
          if (event.codexSessions > 0) passedWithCodex.add(event.exerciseId);
        }
        break;
      case 'pack.finished':
        person.finished = true;
        break;
      case 'usecase.shared':
        useCases.set(event.what.toLowerCase().replace(/\s+/g, ' '), event);
        break;
      case 'pulse.reported': {
        const counted = new Map(event.days.map((d) => [d.day, d.codexSessions]));
        // A report covers at most MAX_PULSE_DAYS days, whatever its `since` claims.
        const since = daysBetween(event.since, event.until) > MAX_PULSE_DAYS ? addDays(event.until, -MAX_PULSE_DAYS) : event.since;
        for (let day = since; day <= event.until; day = addDays(day, 1)) {
          const previous = pulseDays.get(day);
          if (!previous || previous.at <= at) pulseDays.set(day, { at, sessions: counted.get(day) ?? 0 });
        }
        break;
      }
      default:
        break;
    }
  }
  for (const [day, { sessions }] of pulseDays) if (sessions > 0) person.useDays.add(day);
  person.useCases = [...useCases.values()];
  person.passed = [...passed];
  person.passedWithCodex = [...passedWithCodex];
  if (input.packExercises.length > 0 && input.packExercises.every((id) => passed.has(id))) person.finished = true;
  if (input.ownTaskExercise && passed.has(input.ownTaskExercise)) person.ownTaskDone = true;
}
