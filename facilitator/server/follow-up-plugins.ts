import type { ProgrammeServerPlugin } from './context.js';
import { type ParticipantRoutesOptions, participantRoutes } from './participant-routes.js';
import type { RequireRole } from './plugin-options.js';
import { syncRoutes } from './sync-routes.js';

/**
 * What `workshop serve` adds for the dates hosted elsewhere: the venue hubs' outbox
 * (`/v1/programmes/:id/sync/:sid`) and the participants after the session (`/p/v1/…`, with the token
 * their join gave them). Both plug into the server's auth through its own `requireRole`.
 */
export function followUpPlugins(participant: Partial<Pick<ParticipantRoutesOptions, 'limits' | 'participantLimits' | 'clock'>> = {}): ProgrammeServerPlugin[] {
  const bridge = (context: Parameters<ProgrammeServerPlugin>[1]) => ({
    store: context.store,
    programmeId: context.programmeId,
    requireRole: ((role) => context.auth.requireRole(role)) as RequireRole,
  });
  return [(app, context) => syncRoutes(app, bridge(context)), (app, context) => participantRoutes(app, { ...bridge(context), ...participant })];
}
