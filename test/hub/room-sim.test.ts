import { describe, expect, it } from 'vitest';
import * as summary from '../../facilitator/summary/index.js';
// @ts-expect-error plain JS bench module, shared with bench/room.bench.mjs
import { NO_REPORTER, measureRoom } from '../../bench/room-sim.mjs';
import * as reporter from '../../src/report/activity-decide.js';

/**
 * Issue 11: in a simulated 20-person room with realistic timings (bench/room-sim.mjs), nobody who is
 * working is flagged stuck, and a really stuck person is flagged within 2 minutes of the rule's
 * condition holding. The old flat 10-minute rule, on the same rooms, flags many working people.
 */
describe('the simulated room', () => {
  it('flags no working person as stuck and the really stuck ones within 2 minutes, over 5 rooms', () => {
    for (let seed = 1; seed <= 5; seed += 1) {
      const room = measureRoom(summary, { seed, reporter });
      expect(room.falseStuck, `room ${seed}`).toBe(0);
      expect(room.flags.map((f: { kind: string }) => f.kind).sort()).toEqual(['quiet', 'same-checks']);
      expect(room.worstMinutesToFlag, `room ${seed}`).toBeLessThanOrEqual(2);
      expect(room.flatRuleFalseStuck, `room ${seed}`).toBeGreaterThan(5);
      // The reporter's cadence: at most one event a minute while someone works.
      expect(room.activityEventsPerPersonHour).toBeLessThanOrEqual(60);
    }
  });

  it('needs the laptop activity reporter: without it, people working in Codex past the expected time are flagged stuck', () => {
    let falseStuck = 0;
    for (let seed = 1; seed <= 5; seed += 1) falseStuck += measureRoom(summary, { seed, reporter: NO_REPORTER }).falseStuck;
    expect(falseStuck).toBeGreaterThan(0);
  });
});
