import { boardPlugin } from '../quests/board-routes.js';
import { questRoutes } from '../quests/routes.js';
import { marketplacePlugin } from '../skills/marketplace-routes.js';
import { skillRoutes } from '../skills/routes.js';
import type { ProgrammeServerPlugin } from './context.js';
import { digestPlugin } from './digest-routes.js';

/**
 * What `workshop serve` adds for the time after the sessions (issues 14 and 15): quests and their
 * board, the weekly digest, and the company skills marketplace. One list, so the server command and
 * the tests that compose a server like it cannot drift apart.
 */
export function afterSessionPlugins(options: { packDir?: string; clock?: () => Date } = {}): ProgrammeServerPlugin[] {
  const clock = options.clock ? { clock: options.clock } : {};
  return [questRoutes(clock), boardPlugin(clock), digestPlugin({ ...(options.packDir ? { packDir: options.packDir } : {}), ...clock }), skillRoutes(), marketplacePlugin()];
}
