import { installNodeCommands } from '../fixes.js';
import { npmVersion } from '../npm-probe.js';
import type { Check } from '../types.js';
import { compareVersions } from '../versions.js';

/** Node and npm: the kit runs on Node, and npm is how Codex is installed and updated. */
export const MIN_NODE = '20.17.0';
export const MIN_NPM = '9.0.0';

export const nodeCheck: Check = {
  id: 'node',
  timeoutMs: () => 10_000,
  async run(ctx) {
    const { t } = ctx;
    const node = ctx.platform.nodeVersion;
    if (compareVersions(node, MIN_NODE) < 0) {
      return {
        status: 'fail',
        code: 'node_too_old',
        summary: t.node.tooOld({ node, min: MIN_NODE }),
        fix: { text: t.node.installLts, commands: installNodeCommands(ctx.platform, t) },
      };
    }
    const npm = await npmVersion(ctx);
    if (!npm) {
      return {
        status: 'warn',
        code: 'npm_not_found',
        summary: t.node.npmMissing({ node }),
        fix: { text: t.node.reinstallWithNpm, commands: installNodeCommands(ctx.platform, t) },
      };
    }
    if (compareVersions(npm, MIN_NPM) < 0) {
      return {
        status: 'warn',
        code: 'npm_too_old',
        summary: t.node.npmOld({ npm, min: MIN_NPM }),
        fix: { text: t.node.updateNpm, commands: ['npm install -g npm@latest'] },
      };
    }
    return { status: 'ok', code: 'node_ok', summary: t.node.ok({ node, npm }) };
  },
};
