// Issue 11: the simulated 20-person room (bench/room-sim.mjs) against the built summary code.
// Figures: people falsely flagged "stuck" (target 0; baseline: the old flat 10-minute rule on the
// same room) and minutes until a really stuck person is flagged (target ≤ 2), over 10 seeded rooms.
import { report } from './lib.mjs';
import { measureRoom } from './room-sim.mjs';

const summary = await import('../dist/facilitator/summary/index.js');
let falseStuck = 0;
let flatFalse = 0;
let worst = 0;
let worstFromQuiet = 0;
for (let seed = 1; seed <= 10; seed += 1) {
  const room = measureRoom(summary, { seed });
  falseStuck = Math.max(falseStuck, room.falseStuck);
  flatFalse = Math.max(flatFalse, room.flatRuleFalseStuck);
  worst = Math.max(worst, room.worstMinutesToFlag);
  for (const f of room.flags) if (f.minutesFromQuiet !== undefined) worstFromQuiet = Math.max(worstFromQuiet, f.minutesFromQuiet);
}
let ok = true;
ok = report('working people flagged stuck (worst of 10 rooms of 20)', falseStuck, 'people', { target: 0, baseline: flatFalse }) && ok;
ok = report('minutes from "stuck by the rule" to the flag on the dashboard (worst)', worst, 'min', { target: 2 }) && ok;
report('minutes from going silent to the flag (worst; includes the 4-minute quiet window and the expected time)', worstFromQuiet, 'min');
process.exit(ok ? 0 : 1);
