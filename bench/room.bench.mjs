// Issue 11: the simulated 20-person room (bench/room-sim.mjs) against the built summary code.
// Figures: people falsely flagged "stuck" (target 0; baseline: the old flat 10-minute rule on the
// same room) and minutes until a really stuck person is flagged (target ≤ 2), over 10 seeded rooms.
import { report } from './lib.mjs';
import { NO_REPORTER, measureRoom } from './room-sim.mjs';

const summary = await import('../dist/facilitator/summary/index.js');
// The laptop's activity reporter as built: its poll interval and its decision to report.
const reporter = await import('../dist/src/report/activity-decide.js');
let falseStuck = 0;
let flatFalse = 0;
let worst = 0;
let worstFromQuiet = 0;
let noReporterFalse = 0;
let eventsPerHour = 0;
for (let seed = 1; seed <= 10; seed += 1) {
  const room = measureRoom(summary, { seed, reporter });
  noReporterFalse = Math.max(noReporterFalse, measureRoom(summary, { seed, reporter: NO_REPORTER }).falseStuck);
  eventsPerHour = Math.max(eventsPerHour, room.activityEventsPerPersonHour);
  falseStuck = Math.max(falseStuck, room.falseStuck);
  flatFalse = Math.max(flatFalse, room.flatRuleFalseStuck);
  worst = Math.max(worst, room.worstMinutesToFlag);
  for (const f of room.flags) if (f.minutesFromQuiet !== undefined) worstFromQuiet = Math.max(worstFromQuiet, f.minutesFromQuiet);
}
let ok = true;
ok = report('working people flagged stuck (worst of 10 rooms of 20)', falseStuck, 'people', { target: 0, baseline: flatFalse }) && ok;
report('  the same rule without the laptop activity reporter (worst of 10 rooms)', noReporterFalse, 'people');
report('activity.observed events per person-hour (worst room; the reporter looks once a minute)', Math.round(eventsPerHour * 10) / 10, 'events');
ok = report('minutes from "stuck by the rule" to the flag on the dashboard (worst)', worst, 'min', { target: 2 }) && ok;
report('minutes from going silent to the flag (worst; includes the 4-minute quiet window and the expected time)', worstFromQuiet, 'min');
process.exit(ok ? 0 : 1);
