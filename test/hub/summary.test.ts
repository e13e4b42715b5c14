import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../facilitator/hub/log-records.js';
import { checkWords, summariseSession } from '../../facilitator/summary/index.js';
import type { NewParticipantEvent } from '../../src/protocol/events.js';
import { stampEvent } from '../../src/protocol/events.js';

/**
 * The summary core is pure: records in, cards and aggregates out, at a given "now". These tests build
 * small sessions by hand, minute by minute.
 */
const T0 = Date.parse('2026-12-03T09:00:00Z');
const at = (minute: number) => new Date(T0 + minute * 60_000);

class Session {
  records: SessionRecord[] = [];
  #seq = 0;
  join(id: string, name: string, team = 'Sales', minute = 0): this {
    this.records.push({ kind: 'join', seq: ++this.#seq, at: at(minute).toISOString(), participant: { id, name, email: `${id}@example.com`, team } });
    return this;
  }
  /** An event from `id` at laptop minute `minute`, received `lagMinutes` later (plus `skewMinutes` of laptop clock error). */
  event(id: string, minute: number, event: NewParticipantEvent, options: { lagMinutes?: number; skewMinutes?: number } = {}): this {
    const stamped = stampEvent(event, at(minute + (options.skewMinutes ?? 0)));
    this.records.push({ kind: 'event', seq: ++this.#seq, receivedAt: at(minute + (options.lagMinutes ?? 0)).toISOString(), participantId: id, event: stamped });
    return this;
  }
  action(id: string, minute: number, action: 'hand.lowered' | 'helped' | 'hand.restored' | 'claimed', helper?: string | null): this {
    this.records.push({ kind: 'facilitator', seq: ++this.#seq, at: at(minute).toISOString(), participantId: id, action, ...(helper !== undefined ? { helper } : {}) });
    return this;
  }
  raw(record: Record<string, unknown>, minute: number): this {
    this.records.push({ seq: ++this.#seq, at: at(minute).toISOString(), ...record } as SessionRecord);
    return this;
  }
  summary(nowMinute: number, stuckAfterMinutes = 10) {
    return summariseSession(this.records, { stuckAfterMinutes, now: at(nowMinute).getTime() });
  }
  card(id: string, nowMinute: number, stuckAfterMinutes = 10) {
    return this.summary(nowMinute, stuckAfterMinutes).cards.find((c) => c.id === id)!;
  }
}

const doctor = (ready: boolean, failing: Array<[string, string]> = []): NewParticipantEvent => ({
  type: 'doctor.completed',
  ready,
  platform: 'macOS 15',
  checks: [{ id: 'node', status: 'ok', code: 'node_ok' }, ...failing.map(([id, code]) => ({ id, status: 'fail' as const, code }))],
});
const graded = (exerciseId: string, passed: boolean, score: number, attempt: number, extra: Partial<{ failingChecks: string[]; codexSessions: number }> = {}): NewParticipantEvent => ({
  type: 'exercise.graded',
  exerciseId,
  passed,
  score,
  maxScore: 4,
  noChange: false,
  failingChecks: extra.failingChecks ?? (passed ? [] : ['has-heading']),
  attempt,
  codexSessions: extra.codexSessions ?? 1,
  changedAfterCodex: true,
});

describe('readiness on a card', () => {
  it('says READY, or names the failing doctor check in plain words', () => {
    const s = new Session()
      .join('a', 'Ana')
      .join('b', 'Ben')
      .join('c', 'Cy')
      .event('a', 1, doctor(true))
      .event('b', 1, doctor(false, [['codex.installed', 'codex_not_found'], ['api.key', 'key_no_quota']]))
      .event('c', 1, doctor(false, [['codex.auth', 'brand_new_code']]));
    expect(s.card('a', 2).readiness).toMatchObject({ state: 'ready', words: 'READY' });
    expect(s.card('b', 2).readiness).toMatchObject({ state: 'not-ready', words: 'Codex is not installed', more: ['key has no credit left'] });
    expect(s.card('c', 2).readiness.words).toBe('Codex login: brand new code');
  });

  it('keeps the newest doctor run even when an older one arrives later', () => {
    const s = new Session().join('a', 'Ana').event('a', 20, doctor(true)).event('a', 5, doctor(false, [['git', 'git_not_found']]), { lagMinutes: 16 });
    expect(s.card('a', 22).readiness.state).toBe('ready');
  });

  it('says "doctor not run yet" for someone who only joined', () => {
    expect(new Session().join('a', 'Ana').card('a', 1).readiness).toMatchObject({ state: 'unknown', words: 'doctor not run yet' });
  });
});

describe('exercise progress and the stuck flag', () => {
  it('shows the current exercise, attempts, minutes on the step and Codex use', () => {
    const s = new Session()
      .join('a', 'Ana')
      .event('a', 0, { type: 'exercise.setup', exerciseId: 'first-file' })
      .event('a', 4, graded('first-file', true, 4, 1))
      .event('a', 4, { type: 'exercise.setup', exerciseId: 'tidy-folder' })
      .event('a', 7, graded('tidy-folder', false, 2, 1));
    const card = s.card('a', 9);
    expect(card.exercise).toMatchObject({ id: 'tidy-folder', attempts: 1, minutesOnStep: 5, passed: false, score: 2, maxScore: 4 });
    expect(card.exercisesDone).toBe(1);
    expect(card.codexUsed).toBe(true);
    expect(card.stuck).toBeUndefined();
  });

  it('flags someone quiet past the expected minutes × 1.5, and nobody who is still active', () => {
    // No pack minutes here: the profile's 10 minutes are expected, so the budget is 15 minutes.
    const s = new Session().join('a', 'Ana').event('a', 0, { type: 'exercise.setup', exerciseId: 'first-file' }).event('a', 3, graded('first-file', false, 0, 1));
    expect(s.card('a', 14, 10).stuck).toBeUndefined();
    expect(s.card('a', 15, 10).stuck).toMatchObject({ reason: 'quiet-past-expected', words: 'no activity for 12 min' });
    expect(s.card('a', 15, 10).needs.state).toBe('stuck');
    expect(s.card('a', 15, 20).stuck).toBeUndefined();
    // Files changing in the exercise folder are work: quiet for less than 4 minutes is not stuck.
    s.event('a', 14, { type: 'activity.observed', exerciseId: 'first-file', filesChangedAt: at(14).toISOString(), filesChanged: 2 });
    expect(s.card('a', 17, 10).stuck).toBeUndefined();
    expect(s.card('a', 17, 10).needs.state).toBe('working');
    expect(s.card('a', 18, 10).stuck?.reason).toBe('quiet-past-expected');
  });

  it('counts a better score as progress', () => {
    const s = new Session().join('a', 'Ana').event('a', 0, { type: 'exercise.setup', exerciseId: 'x' }).event('a', 8, graded('x', false, 3, 1));
    expect(s.card('a', 12, 10).stuck).toBeUndefined();
  });

  it('flags the same checks failing 3 times in a row at once, and clears it when the facilitator marks them helped', () => {
    const s = new Session()
      .join('a', 'Ana')
      .event('a', 0, { type: 'exercise.setup', exerciseId: 'x' })
      .event('a', 1, graded('x', false, 1, 1))
      .event('a', 2, graded('x', false, 1, 2));
    expect(s.card('a', 2).stuck).toBeUndefined();
    s.event('a', 3, graded('x', false, 1, 3));
    expect(s.card('a', 3).stuck).toMatchObject({ reason: 'same-checks-failing', words: 'the same checks failed 3 times in a row' });
    s.action('a', 4, 'helped');
    const helped = s.card('a', 5);
    expect(helped.stuck).toBeUndefined();
    expect(helped.helpedMinutesAgo).toBe(1);
    // Help restarts the clock too: 15 minutes after the help without activity, stuck again.
    expect(s.card('a', 18).stuck).toBeUndefined();
    expect(s.card('a', 19).stuck?.reason).toBe('quiet-past-expected');
  });

  it('does not call different failing checks on each attempt "the same checks failing"', () => {
    const s = new Session()
      .join('a', 'Ana')
      .event('a', 0, { type: 'exercise.setup', exerciseId: 'x' })
      .event('a', 1, graded('x', false, 1, 1, { failingChecks: ['a'] }))
      .event('a', 2, graded('x', false, 1, 2, { failingChecks: ['b'] }))
      .event('a', 3, graded('x', false, 1, 3, { failingChecks: ['b', 'c'] }));
    expect(s.card('a', 3).stuck).toBeUndefined();
  });

  it('is never stuck after finishing the pack', () => {
    const s = new Session().join('a', 'Ana').event('a', 0, { type: 'exercise.setup', exerciseId: 'x' }).event('a', 1, graded('x', true, 4, 1)).event('a', 1, { type: 'pack.finished', packId: 'core' });
    expect(s.card('a', 60)).toMatchObject({ finished: true, tier: 'finished' });
    expect(s.card('a', 60).stuck).toBeUndefined();
  });

  it('measures minutes on a laptop whose clock is an hour ahead correctly', () => {
    const s = new Session()
      .join('a', 'Ana')
      .event('a', 0, { type: 'exercise.setup', exerciseId: 'x' }, { skewMinutes: 60 })
      .event('a', 2, { type: 'hint.shown', exerciseId: 'x', hintIndex: 0 }, { skewMinutes: 60 });
    expect(s.card('a', 5).exercise?.minutesOnStep).toBe(5);
  });
});

describe('raised hands', () => {
  it('shows a raised hand with its message until the participant or the facilitator lowers it', () => {
    const s = new Session().join('a', 'Ana').event('a', 1, { type: 'hand.raised', message: 'what is a diff?' });
    expect(s.card('a', 3).hand).toEqual({ message: 'what is a diff?', minutesUp: 2, order: 1 });
    s.action('a', 4, 'hand.lowered');
    expect(s.card('a', 5).hand).toBeUndefined();
    s.event('a', 6, { type: 'hand.raised', message: 'again' }).event('a', 7, { type: 'hand.lowered' });
    expect(s.card('a', 8).hand).toBeUndefined();
  });
});

describe('hands in the room (issue 11)', () => {
  it('orders hands raised in the same minute exactly by who raised first, not by name', () => {
    const s = new Session().join('z', 'Zoe').join('a', 'Aaron');
    s.records.push({ kind: 'event', seq: 10, receivedAt: new Date(T0 + 60_000 + 5_000).toISOString(), participantId: 'z', event: stampEvent({ type: 'hand.raised', message: 'first' }, new Date(T0 + 60_000 + 5_000)) });
    s.records.push({ kind: 'event', seq: 11, receivedAt: new Date(T0 + 60_000 + 40_000).toISOString(), participantId: 'a', event: stampEvent({ type: 'hand.raised', message: 'second' }, new Date(T0 + 60_000 + 40_000)) });
    const { cards } = s.summary(2);
    expect(cards.map((c) => [c.name, c.hand?.order])).toEqual([['Zoe', 1], ['Aaron', 2]]);
  });

  it('keeps the first message and place when `help` is run a second time', () => {
    const s = new Session().join('a', 'Ana').event('a', 1, { type: 'hand.raised', message: 'Codex wants a login' }).event('a', 4, { type: 'hand.raised', message: 'still waiting' });
    expect(s.card('a', 5).hand).toMatchObject({ message: 'Codex wants a login', minutesUp: 4 });
  });

  it('puts a helper\'s claim on the card, and undoing a lowered hand brings it back in its place', () => {
    const s = new Session().join('a', 'Ana').join('b', 'Bo').event('a', 1, { type: 'hand.raised', message: 'help' }).event('b', 2, { type: 'hand.raised', message: 'me too' });
    s.action('a', 3, 'claimed', 'Ken');
    expect(s.card('a', 3).hand).toMatchObject({ claimedBy: 'Ken', order: 1 });
    s.action('a', 4, 'hand.lowered');
    expect(s.card('a', 4).hand).toBeUndefined();
    expect(s.card('a', 4).handLowered).toBe(true);
    s.action('a', 5, 'hand.restored');
    const { cards } = s.summary(5);
    expect(cards.map((c) => [c.name, c.hand?.order, c.hand?.claimedBy])).toEqual([['Ana', 1, 'Ken'], ['Bo', 2, undefined]]);
  });
});

describe('pace and a second laptop (issue 11)', () => {
  it('marks someone more than one exercise behind the room\'s target as behind', async () => {
    const { foldRecords, allCards } = await import('../../facilitator/summary/index.js');
    const s = new Session().join('a', 'Ana').join('b', 'Bo').event('a', 1, { type: 'exercise.setup', exerciseId: 'e1' }).event('b', 1, { type: 'exercise.setup', exerciseId: 'e2' });
    s.raw({ kind: 'room', change: { type: 'target', exerciseId: 'e3' } }, 2);
    const fold = foldRecords(s.records, { stuckAfterMinutes: 10, pace: { order: ['e1', 'e2', 'e3', 'e4'], exerciseMinutes: new Map([['e1', 10]]) } });
    const cards = allCards(fold, { now: at(3).getTime(), targetExerciseId: fold.room.targetExerciseId ?? undefined });
    expect(cards.find((c) => c.id === 'a')!.needs).toEqual({ state: 'behind', words: '2 exercises behind the room' });
    expect(cards.find((c) => c.id === 'b')!.needs.state).toBe('working');
  });

  it('merges a confirmed second laptop into its person: one card, two laptops, progress kept', () => {
    const s = new Session().join('a', 'Ana').event('a', 1, { type: 'exercise.setup', exerciseId: 'e1' }).event('a', 5, graded('e1', true, 4, 1));
    s.records.push({ kind: 'join', seq: 50, at: at(6).toISOString(), participant: { id: 'a2', name: 'Ana', email: 'a@example.com', team: 'Sales' }, pendingOf: 'a' });
    expect(s.summary(6).cards.find((c) => c.id === 'a2')).toMatchObject({ tier: 'pending', pending: { of: 'a', ofName: 'Ana' } });
    s.event('a2', 7, { type: 'exercise.setup', exerciseId: 'e2' });
    s.raw({ kind: 'identity', participantId: 'a2', into: 'a', by: 'code' }, 8);
    s.event('a2', 9, graded('e2', false, 1, 1));
    const { cards } = s.summary(9);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ id: 'a', laptops: 2, exercisesDone: 1, exercise: { id: 'e2', attempts: 1 } });
  });
});

describe('who needs help first', () => {
  it('orders raised hands (first come, first served), then blocked, then stuck, then no doctor, then working, then finished', () => {
    const s = new Session()
      .join('fin', 'Finished')
      .join('work', 'Working')
      .join('new', 'Newcomer')
      .join('bad', 'Broken setup')
      .join('stuck', 'Stuck')
      .join('hand2', 'Recent hand')
      .join('hand1', 'Old hand')
      .event('fin', 1, { type: 'pack.finished', packId: 'core' })
      .event('work', 28, { type: 'exercise.setup', exerciseId: 'x' })
      .event('bad', 1, doctor(false, [['codex.auth', 'not_logged_in']]))
      .event('stuck', 1, { type: 'exercise.setup', exerciseId: 'x' })
      .event('hand1', 5, { type: 'hand.raised', message: 'first' })
      .event('hand2', 20, { type: 'hand.raised', message: 'second' });
    const { cards } = s.summary(30);
    expect(cards.map((c) => c.id)).toEqual(['hand1', 'hand2', 'bad', 'stuck', 'new', 'work', 'fin']);
    expect(cards.map((c) => c.needs.state)).toEqual(['idle', 'idle', 'blocked', 'stuck', 'idle', 'working', 'finished']);
    expect(cards.map((c) => c.rank)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('session aggregates', () => {
  it('counts the funnel and the most common setup blockers and failing checks', () => {
    const s = new Session()
      .join('a', 'A', 'Sales')
      .join('b', 'B', 'Sales')
      .join('c', 'C', 'HR')
      .join('d', 'D', 'HR')
      .event('a', 1, doctor(true))
      .event('a', 2, { type: 'exercise.setup', exerciseId: 'x' })
      .event('a', 3, graded('x', true, 4, 1))
      .event('a', 3, { type: 'pack.finished', packId: 'core' })
      .event('b', 1, doctor(true))
      .event('b', 2, { type: 'exercise.setup', exerciseId: 'x' })
      .event('b', 3, graded('x', false, 2, 1, { failingChecks: ['totals-right'] }))
      .event('c', 1, doctor(false, [['api.key', 'key_no_quota']]))
      .event('d', 1, doctor(false, [['api.key', 'key_no_quota'], ['git', 'git_not_found']]));
    const { aggregates } = s.summary(5);
    expect(aggregates.funnel).toEqual({ joined: 4, ready: 2, started: 2, finished: 1 });
    expect(aggregates.setupBlockers).toEqual([
      { key: 'key_no_quota', words: 'key has no credit left', count: 2 },
      { key: 'git_not_found', words: 'git is not installed', count: 1 },
    ]);
    expect(aggregates.failingChecks).toEqual([{ key: 'x/totals-right', words: 'x: totals-right', count: 1 }]);
    expect(aggregates.teams).toEqual([
      { team: 'HR', count: 2 },
      { team: 'Sales', count: 2 },
    ]);
  });
});

describe('check words', () => {
  it('has plain words for the codes the doctor reports', () => {
    expect(checkWords('codex_not_found')).toBe('Codex is not installed');
    expect(checkWords('key_no_quota')).toBe('key has no credit left');
    expect(checkWords('tls_intercepted')).toMatch(/proxy intercepts HTTPS/);
  });
});

describe('speed', () => {
  it('folds 100,000 events of 300 people well within a second (the bench holds it to 300 ms)', () => {
    const s = new Session();
    for (let p = 0; p < 300; p += 1) s.join(`p${p}`, `Person ${p}`, `Team ${p % 7}`);
    const kinds: NewParticipantEvent[] = [
      { type: 'exercise.setup', exerciseId: 'x' },
      graded('x', false, 1, 1),
      { type: 'hint.shown', exerciseId: 'x', hintIndex: 0 },
      doctor(false, [['api.key', 'key_no_quota']]),
    ];
    for (let i = 0; i < 100_000; i += 1) s.event(`p${i % 300}`, Math.floor(i / 1000), kinds[i % kinds.length]);
    const started = performance.now();
    const { cards } = s.summary(120);
    const ms = performance.now() - started;
    expect(cards).toHaveLength(300);
    expect(ms).toBeLessThan(1000);
  });
});

describe('reading times', () => {
  it('reads ISO times exactly like Date.parse, fast path and slow path', async () => {
    const { isoMs } = await import('../../facilitator/summary/fold.js');
    for (const text of ['2026-12-03T09:00:00.000Z', '1999-01-31T23:59:59.999Z', '2026-12-03T09:00:00Z', '2026-12-03T18:00:00.123+09:00', '2024-02-29T12:00:00.500Z']) {
      expect(isoMs(text)).toBe(Date.parse(text));
    }
  });
});
