import type { Check } from '../types.js';
import { gitCheck } from './git.js';
import { networkProxyCheck } from './network-proxy.js';
import { nodeCheck } from './node.js';
import { workspaceCheck } from './workspace.js';

/** Every check, in the order results are printed. */
export const ALL_CHECKS: Check[] = [nodeCheck, gitCheck, workspaceCheck, networkProxyCheck];

export const CHECK_IDS = ALL_CHECKS.map((c) => c.id);
