/**
 * How much one participant may put into a session (issue 12, item 4). Before these limits one laptop
 * could write 2 GiB into the hub's log in about five minutes. An honest laptop sends a few hundred
 * events in a day (a doctor run, each grading, hints, resets, hands), each well under 4 KiB; the
 * limits are more than ten times that, and they bound the hub's disk and memory for any room.
 *
 * The same limits apply when a log is read (resume, report): a log written before they existed keeps
 * only each participant's first events up to the limit, so a flooded log costs neither memory nor
 * minutes, and the hub and the report agree on what is in it.
 */
export interface ParticipantLimits {
  /** Largest event, as stored (its JSON line). The schema's largest honest event is about 20 KiB (pulse, 400 days). */
  bytesPerEvent: number;
  /** Events one participant may store in one session. */
  eventsPerSession: number;
  /** Bytes one participant's events may take in one session's log. */
  bytesPerSession: number;
}

export const DEFAULT_PARTICIPANT_LIMITS: ParticipantLimits = {
  bytesPerEvent: 32 * 1024,
  eventsPerSession: 5_000,
  bytesPerSession: 8 * 1024 * 1024,
};

export interface Usage {
  events: number;
  bytes: number;
}

/** What each participant has stored; answers whether more fits. */
export class UsageCounter {
  readonly limits: ParticipantLimits;
  readonly #usage = new Map<string, Usage>();

  constructor(limits: Partial<ParticipantLimits> = {}) {
    this.limits = { ...DEFAULT_PARTICIPANT_LIMITS, ...limits };
  }

  of(participantId: string): Usage {
    return this.#usage.get(participantId) ?? { events: 0, bytes: 0 };
  }

  fits(participantId: string, events: number, bytes: number): boolean {
    const usage = this.of(participantId);
    return usage.events + events <= this.limits.eventsPerSession && usage.bytes + bytes <= this.limits.bytesPerSession;
  }

  add(participantId: string, events: number, bytes: number): void {
    const usage = this.of(participantId);
    this.#usage.set(participantId, { events: usage.events + events, bytes: usage.bytes + bytes });
  }

  /** Someone merged into someone else (a confirmed second laptop): one person, one budget. */
  merge(from: string, into: string): void {
    if (from === into) return;
    const a = this.of(from);
    const b = this.of(into);
    this.#usage.set(into, { events: a.events + b.events, bytes: a.bytes + b.bytes });
    this.#usage.delete(from);
  }
}
