import { installNodeCommands } from '../fixes.js';
import { npmVersion } from '../npm-probe.js';
import type { Check } from '../types.js';
import { compareVersions } from '../versions.js';

/** Node and npm: the kit runs on Node, and npm is how Codex is installed and updated. */
export const MIN_NODE = '20.17.0';
export const MIN_NPM = '9.0.0';

export const nodeCheck: Check = {
  id: 'node',
  title: 'Node.js and npm',
  timeoutMs: () => 10_000,
  async run(ctx) {
    const node = ctx.platform.nodeVersion;
    if (compareVersions(node, MIN_NODE) < 0) {
      return {
        status: 'fail',
        code: 'node_too_old',
        summary: `Node.js ${node} is too old; the workshop needs ${MIN_NODE} or newer`,
        fix: { text: 'Install the current Node.js LTS:', commands: installNodeCommands(ctx.platform) },
      };
    }
    const npm = await npmVersion(ctx);
    if (!npm) {
      return {
        status: 'warn',
        code: 'npm_not_found',
        summary: `Node.js ${node} is fine, but npm was not found (you need it to install or update Codex)`,
        fix: { text: 'Reinstall Node.js from the official installer, which includes npm:', commands: installNodeCommands(ctx.platform) },
      };
    }
    if (compareVersions(npm, MIN_NPM) < 0) {
      return {
        status: 'warn',
        code: 'npm_too_old',
        summary: `npm ${npm} is old; installing Codex may fail (npm ${MIN_NPM} or newer recommended)`,
        fix: { text: 'Update npm:', commands: ['npm install -g npm@latest'] },
      };
    }
    return { status: 'ok', code: 'node_ok', summary: `Node.js ${node}, npm ${npm}` };
  },
};
