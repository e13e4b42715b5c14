// Issue 11: a simulated 20-person room with realistic timings, to measure the "needs help" rule.
// Pure apart from reading the pack's minutes: the summary functions are passed in, so the bench runs
// the built code (dist/) and the test the sources.
//
// Everyone works through the shipped pack. A working person repeats: think and type a prompt
// (0.5–2.5 min, nothing observable), Codex works (0.5–2 min, writing its session file every 10–20 s),
// the files change, they read the result (0.3–1.5 min), then `workshop next` grades. Each person has
// a speed (0.6–1.6× the pack's minutes), so slow people run well past the expected time while still
// working. Two people are really stuck: one stops doing anything part-way through an exercise, one
// keeps failing the same check.
//
// The laptop's activity reporter is modelled by the real one's cadence and decision: it looks every
// ACTIVITY_POLL_MS (from its first `workshop next`, at a random phase), and `decideReport`
// (src/report/activity-decide.ts, passed in) says whether that look records an `activity.observed`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const T0 = Date.UTC(2026, 11, 3, 0, 0, 0);
const MIN = 60_000;

export function packMinutes() {
  const pack = JSON.parse(readFileSync(path.join(here, '..', 'exercises', 'pack.json'), 'utf8'));
  return pack.exercises.map((id) => ({ id, minutes: JSON.parse(readFileSync(path.join(here, '..', 'exercises', id, 'exercise.json'), 'utf8')).minutes }));
}

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds the room's records; returns them with the ground truth for the stuck people. */
export function buildRoom({ seed = 1, people = 20, sessionMinutes = 100, reporter } = {}) {
  if (!reporter) throw new Error('buildRoom needs the reporter module ({ decideReport, ACTIVITY_POLL_MS })');
  const random = rng(seed);
  const between = (a, b) => a + (b - a) * random();
  const exercises = packMinutes();
  const events = []; // { at (ms), participantId, event }
  let n = 0;
  const id = () => `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}`;
  const truth = [];
  const end = T0 + sessionMinutes * MIN;
  for (let p = 0; p < people; p += 1) {
    const pid = `p${p}`;
    const speed = between(0.6, 1.6);
    const quitter = p === 0; // really stuck: goes silent on exercise 3
    const looper = p === 1; // really stuck: the same check fails on every attempt of exercise 4
    let t = T0 + between(0, 3) * MIN;
    const push = (at, event) => events.push({ at, participantId: pid, event: { id: id(), ts: new Date(at).toISOString(), ...event } });
    push(t, { type: 'doctor.completed', ready: true, platform: 'linux', checks: [{ id: 'node', status: 'ok', code: 'node_ok' }] });
    let sessions = 0;
    // What the reporter can see: Codex's writes and file changes, and which exercise is current when.
    const writes = [];
    const steps = [];
    for (const [index, exercise] of exercises.entries()) {
      if (t >= end) break;
      push(t, { type: 'exercise.setup', exerciseId: exercise.id });
      const stepStart = t;
      const step = { exerciseId: exercise.id, from: t, to: end };
      steps.push(step);
      let filesChanged = 0;
      const workMinutes = exercise.minutes * speed;
      let attempt = 0;
      let passed = false;
      while (!passed && t < end) {
        if (quitter && index === 2 && t - stepStart > 4 * MIN) {
          truth.push({ participantId: pid, kind: 'quiet', exerciseId: exercise.id, quietFrom: t, stepStart, minutes: exercise.minutes });
          t = end;
          break;
        }
        t += between(0.5, 2.5) * MIN; // think and type
        const codex = between(0.5, 2) * MIN;
        sessions += 1;
        // Codex writes its session file when the prompt is sent and as it works, then the files change.
        for (let w = t; w < t + codex; w += between(10, 20) * 1000) writes.push({ at: w, exerciseId: exercise.id, kind: 'codex' });
        t += codex;
        filesChanged = Math.min(filesChanged + 1 + Math.floor(random() * 3), 6);
        writes.push({ at: t, exerciseId: exercise.id, kind: 'codex' }, { at: t, exerciseId: exercise.id, kind: 'files', filesChanged });
        t += between(0.3, 1.5) * MIN; // read what Codex did
        attempt += 1;
        const enoughWork = t - stepStart >= workMinutes * MIN;
        passed = !(looper && index === 3) && !(quitter && index === 2) && (enoughWork || random() < 0.15);
        const failing = passed ? [] : looper && index === 3 ? ['totals-right'] : [['has-heading'], ['nothing-lost'], ['by-kind', 'nothing-lost']][attempt % 3];
        push(t, { type: 'exercise.graded', exerciseId: exercise.id, passed, score: passed ? 4 : Math.min(3, attempt), maxScore: 4, noChange: false, failingChecks: failing, attempt, codexSessions: sessions, changedAfterCodex: true });
        if (passed) step.to = t;
        if (looper && index === 3 && attempt === 3) truth.push({ participantId: pid, kind: 'same-checks', exerciseId: exercise.id, at: t });
      }
    }
    pollLikeTheReporter({ reporter, steps, writes, end, phase: random(), push });
  }
  events.sort((a, b) => a.at - b.at);
  const records = [];
  let seq = 0;
  for (let p = 0; p < people; p += 1) records.push({ kind: 'join', seq: (seq += 1), at: new Date(T0).toISOString(), participant: { id: `p${p}`, name: `Person ${p}`, email: `p${p}@example.com`, team: 'Room' } });
  // Delivery: a few seconds after the laptop's moment.
  for (const e of events) records.push({ kind: 'event', seq: (seq += 1), receivedAt: new Date(e.at + 2_000).toISOString(), participantId: e.participantId, event: e.event });
  records.sort((a, b) => Date.parse(a.kind === 'event' ? a.receivedAt : a.at) - Date.parse(b.kind === 'event' ? b.receivedAt : b.at));
  return { records, truth, exercises, end };
}

/** A laptop without the activity reporter: its looks never record anything (the baseline). */
export const NO_REPORTER = { ACTIVITY_POLL_MS: 60_000, decideReport: (memory) => ({ memory }) };

/**
 * The reporter's looks at one laptop: from the first setup, every poll, a sample of the current
 * exercise (latest Codex write, latest file change, files changed so far), and the real
 * `decideReport` to say whether the look records an event (at most one per poll).
 */
function pollLikeTheReporter({ reporter, steps, writes, end, phase, push }) {
  const poll = reporter.ACTIVITY_POLL_MS;
  if (steps.length === 0) return;
  let memory = {};
  for (let tick = steps[0].from + phase * poll; tick < end; tick += poll) {
    const step = steps.find((s) => s.from <= tick && tick < s.to);
    if (!step) continue;
    const sample = { exerciseId: step.exerciseId, filesChanged: 0 };
    for (const w of writes) {
      if (w.exerciseId !== step.exerciseId || w.at > tick || w.at < step.from) continue;
      if (w.kind === 'codex') sample.codexActiveAt = Math.max(sample.codexActiveAt ?? 0, w.at);
      else {
        sample.filesChangedAt = Math.max(sample.filesChangedAt ?? 0, w.at);
        sample.filesChanged = w.filesChanged;
      }
    }
    const decided = reporter.decideReport(memory, sample, tick, poll);
    memory = decided.memory;
    const r = decided.report;
    if (r) {
      push(tick, {
        type: 'activity.observed',
        exerciseId: r.exerciseId,
        filesChanged: r.filesChanged,
        ...(r.filesChangedAt !== undefined ? { filesChangedAt: new Date(r.filesChangedAt).toISOString() } : {}),
        ...(r.codexActiveAt !== undefined ? { codexActiveAt: new Date(r.codexActiveAt).toISOString() } : {}),
      });
    }
  }
}

/**
 * Replays the room through the live fold and looks at every card every 20 s (the dashboard's tick).
 * `flat` is the old rule (no pass or better score for 10 minutes), measured on the same room.
 */
export function measureRoom(summary, { seed = 1, people = 20, tickMs = 20_000, stuckFactor = 1.5, quietMinutes = 4, reporter } = {}) {
  const { createFold, foldRecord, allCards } = summary;
  const { records, truth, exercises, end } = buildRoom({ seed, people, reporter });
  const fold = createFold({ stuckAfterMinutes: 10, pace: { stuckFactor, quietMinutes, exerciseMinutes: new Map(exercises.map((e) => [e.id, e.minutes])), order: exercises.map((e) => e.id) } });
  const stuckIds = new Set(truth.map((t) => t.participantId));
  const falseStuck = new Set();
  const flatFalse = new Set();
  const firstFlag = new Map();
  let i = 0;
  const lastProgress = new Map();
  for (let now = Date.parse(records[0].at); now <= end; now += tickMs) {
    for (; i < records.length && Date.parse(records[i].kind === 'event' ? records[i].receivedAt : records[i].at) <= now; i += 1) {
      const r = records[i];
      foldRecord(fold, r);
      if (r.kind === 'event' && (r.event.type === 'exercise.setup' || (r.event.type === 'exercise.graded' && (r.event.passed || r.event.score > (lastProgress.get(`${r.participantId}/score`) ?? 0))))) {
        lastProgress.set(r.participantId, Date.parse(r.event.ts));
        if (r.event.type === 'exercise.graded') lastProgress.set(`${r.participantId}/score`, r.event.score);
        if (r.event.type === 'exercise.setup') lastProgress.set(`${r.participantId}/score`, 0);
      }
    }
    for (const card of allCards(fold, { now })) {
      if (card.needs.state === 'stuck') {
        if (stuckIds.has(card.id)) {
          if (!firstFlag.has(card.id)) firstFlag.set(card.id, now);
        } else falseStuck.add(card.id);
      }
      const progress = lastProgress.get(card.id);
      if (!stuckIds.has(card.id) && !card.finished && progress !== undefined && now - progress >= 10 * MIN) flatFalse.add(card.id);
    }
  }
  const flags = truth.map((t) => {
    const budget = (exercises.find((e) => e.id === t.exerciseId)?.minutes ?? 10) * stuckFactor * MIN;
    // When the rule's condition first truly holds: past the budget and quiet for the window.
    const due = t.kind === 'quiet' ? Math.max(t.stepStart + budget, t.quietFrom + quietMinutes * MIN) : t.at;
    const flagged = firstFlag.get(t.participantId);
    return { participantId: t.participantId, kind: t.kind, minutesToFlag: flagged === undefined ? Infinity : Math.max(0, flagged - due) / MIN, minutesFromQuiet: t.kind === 'quiet' && flagged !== undefined ? (flagged - t.quietFrom) / MIN : undefined };
  });
  const activityEvents = records.filter((r) => r.kind === 'event' && r.event.type === 'activity.observed').length;
  return {
    people,
    falseStuck: falseStuck.size,
    flatRuleFalseStuck: flatFalse.size,
    flags,
    worstMinutesToFlag: Math.max(...flags.map((f) => f.minutesToFlag)),
    activityEventsPerPersonHour: activityEvents / people / ((end - T0) / 3_600_000),
  };
}
