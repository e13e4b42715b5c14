import os from 'node:os';

/** Who a facilitator command acts as in the store's `changes`: the operating-system user at this computer. */
export function cliActor(): string {
  try {
    return `cli:${os.userInfo().username || 'unknown'}`;
  } catch {
    // No passwd entry (some containers): still a CLI change, just unnamed.
    return 'cli:unknown';
  }
}
