import { grade } from '../../src/exercises/grader.js';
import { type Check, CheckSchema } from '../../src/exercises/pack-schema.js';
import { snapshotFromEntries } from '../../src/exercises/snapshot.js';

/** Grades one check (given as the JSON an author would write, minus the message) over in-memory folders. */
export function runCheck(
  check: Record<string, unknown>,
  current: Record<string, string | Uint8Array>,
  baseline: Record<string, string | Uint8Array> = {},
) {
  const parsed: Check = CheckSchema.parse({ message: 'test message', ...check });
  const result = grade(snapshotFromEntries(current), snapshotFromEntries(baseline), { checks: [parsed] });
  return result.checks[0];
}

export const BOM = '\uFEFF';
export const crlf = (text: string) => text.replace(/\n/g, '\r\n');
