/**
 * The programme server's paths (issue 13), apart from the zod schemas of server-api.ts (which
 * re-exports them): the laptop's commands find the server from a hub link without loading zod's
 * schemas for every message the server speaks.
 */
export const SERVER_PROTOCOL_VERSION = 1;
const V = `/v${SERVER_PROTOCOL_VERSION}`;

export const ServerPaths = {
  health: '/healthz',
  whoami: `${V}/whoami`,
  programme: `${V}/programmes/:programmeId`,
  report: `${V}/programmes/:programmeId/report`,
  roster: `${V}/programmes/:programmeId/roster`,
  usage: `${V}/programmes/:programmeId/usage`,
  /** Issue 16: `workshop usage sync --server`: GET where a stream stands, POST one page (idempotent). */
  usageSync: `${V}/programmes/:programmeId/usage/sync`,
  /** A date hosted on the server itself (`workshop host --server URL`). */
  sessions: `${V}/programmes/:programmeId/sessions`,
  /** A venue laptop's outbox: the session's log lines, in order, idempotent by seq and event id. */
  syncSession: `${V}/programmes/:programmeId/sync/:sessionId`,
  tokens: `${V}/tokens`,
  token: `${V}/tokens/:name`,
  /** Participants after the session: the hub protocol's paths (hello, events) under this prefix. */
  participantPrefix: '/p',
  /** Dates hosted on the server: each date's hub (join, events, dashboard) under `/s/<session id>`. */
  hostedPrefix: '/s',
  dashboard: '/dashboard',
} as const;

export function serverPath(template: string, params: Record<string, string>): string {
  return template.replace(/:([a-zA-Z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}
