import type { Check } from '../types.js';
import { apiKeyCheck } from './api-key.js';
import { codexAuthCheck } from './codex-auth.js';
import { codexInstalledCheck } from './codex-installed.js';
import { codexSmokeCheck } from './codex-smoke.js';
import { codexVersionCheck } from './codex-version.js';
import { codexConfigCheck } from './codex-config.js';
import { codexModelCheck } from './codex-model.js';
import { codexSandboxCheck, codexWebsocketCheck } from './codex-runtime.js';
import { codexSnapshotsCheck } from './codex-snapshots.js';
import { companySkillsCheck } from './company-skills.js';
import { gitCheck } from './git.js';
import { networkProxyCheck } from './network-proxy.js';
import { nodeCheck } from './node.js';
import { workspaceCheck } from './workspace.js';

/** Every check, in the order results are printed (the order a participant fixes things in). */
export const ALL_CHECKS: Check[] = [
  nodeCheck,
  codexInstalledCheck,
  codexVersionCheck,
  codexConfigCheck,
  codexAuthCheck,
  codexModelCheck,
  apiKeyCheck,
  codexSmokeCheck,
  codexSandboxCheck,
  codexSnapshotsCheck,
  gitCheck,
  workspaceCheck,
  networkProxyCheck,
  codexWebsocketCheck,
  companySkillsCheck,
];

export const CHECK_IDS = ALL_CHECKS.map((c) => c.id);
