import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { UserError, isErrno } from '../../src/core/errors.js';
import { kitVersion, packageRoot } from '../../src/core/paths.js';
import { HubPaths } from '../../src/protocol/hub-api.js';
import { defaultKitSource } from './kit-builder.js';
import type { KitSource } from './kit-route.js';
import { advertisedHost, bindsAllInterfaces, isLoopback, lanAddresses } from './lan-address.js';
import { LiveSession } from './live.js';
import { type HubLimits, buildHubServer } from './server.js';
import { createOrResumeSession } from './session-meta.js';
import type { SessionMeta } from './session-meta.js';
import { sessionDir } from './session-dir.js';
import { SessionStore } from './store.js';
import { type ReturningHooks, returningParticipants } from '../programme/returning.js';

/**
 * Starts a hub for one session: creates or resumes the session folder, opens its store, folds what
 * is already there into the live view, and listens. Used by `workshop host` and by tests (in-process).
 */
export interface HostOptions {
  dataDir: string;
  sessionId: string;
  /** Issue 6: a session that is one date of a programme. */
  programmeId?: string;
  title?: string;
  startsAt?: string;
  port: number;
  bind: string;
  stuckAfterMinutes: number;
  /** Defaults to building dist/kit with scripts/build-kit.mjs on demand; `false` serves no kit. */
  kit?: KitSource | false;
  dashboardDir?: string;
  limits?: Partial<HubLimits>;
  /** Warnings for the facilitator (skipped log lines, save failures). */
  warn?: (message: string) => void;
  clock?: () => Date;
}

export interface RunningHub {
  meta: SessionMeta;
  dir: string;
  resumed: boolean;
  port: number;
  /** `http://<LAN address>:<port>`: what participants pass to `workshop join`. */
  joinUrl: string;
  joinCommand: string;
  /** Dashboard with the facilitator token in the fragment (never sent to servers or logs). */
  dashboardUrl: string;
  /** The same on this computer (127.0.0.1), when the hub listens there. */
  localDashboardUrl?: string;
  kitUrl?: string;
  /** Other addresses this computer has, in case the first is not the room's network. */
  otherAddresses: string[];
  facilitatorToken: string;
  participants: number;
  events: number;
  warnings: string[];
  app: FastifyInstance;
  store: SessionStore;
  live: LiveSession;
  close(): Promise<void>;
}

export async function startHub(options: HostOptions): Promise<RunningHub> {
  const warn = options.warn ?? (() => undefined);
  const dir = sessionDir(options.dataDir, options.sessionId, options.programmeId);
  const opened = await createOrResumeSession(dir, {
    id: options.sessionId,
    title: options.title,
    programmeId: options.programmeId,
    startsAt: options.startsAt,
    now: options.clock?.(),
  });
  const { store, records, warnings } = await SessionStore.open(dir, { clock: options.clock });
  for (const warning of warnings) warn(warning);
  const live = new LiveSession(store.meta, { stuckAfterMinutes: options.stuckAfterMinutes, clock: options.clock ? () => options.clock!().getTime() : undefined });
  live.ingest(records);
  store.subscribe((fresh) => live.ingest(fresh));
  // Issue 6: a date of a programme knows who came to its earlier dates (catch-up, "returning" cards).
  let history: ReturningHooks | undefined;
  if (options.programmeId) {
    const joined = records.flatMap((r) => (r.kind === 'join' ? [{ id: r.participant.id, email: r.participant.email }] : []));
    history = await returningParticipants(options.dataDir, options.programmeId, options.sessionId, joined, warn);
    live.decorateCards(history.decorate);
  }

  const kit = options.kit === false ? undefined : (options.kit ?? defaultKitSource());
  let app: FastifyInstance;
  try {
    app = await buildHubServer({
      store,
      live,
      facilitatorToken: opened.facilitatorToken,
      kitVersion: kitVersion(),
      dashboardDir: options.dashboardDir ?? path.join(packageRoot(), 'dist', 'facilitator', 'dashboard'),
      kit,
      limits: options.limits,
      onStorageError: (error) => warn(`could not save participants' events: ${error.message} (their laptops keep them and will send them again)`),
      ...(history ? { history } : {}),
    });
    await app.listen({ port: options.port, host: options.bind });
  } catch (error) {
    await store.close();
    throw listenError(error, options);
  }
  live.start();

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = advertisedHost(options.bind);
  const joinUrl = `http://${host}:${port}`;
  const fragment = `#token=${opened.facilitatorToken}`;
  const localDashboardUrl = bindsAllInterfaces(options.bind) || isLoopback(options.bind) ? `http://127.0.0.1:${port}${HubPaths.dashboard}${fragment}` : undefined;
  let closing: Promise<void> | undefined;
  const joinCommand = `workshop join ${joinUrl} --code ${store.meta.code}`;
  live.setJoinCommand(joinCommand);

  return {
    meta: store.meta,
    dir,
    resumed: opened.resumed,
    port,
    joinUrl,
    joinCommand,
    dashboardUrl: `${joinUrl}${HubPaths.dashboard}${fragment}`,
    localDashboardUrl,
    kitUrl: kit ? `${joinUrl}${HubPaths.kit}` : undefined,
    otherAddresses: bindsAllInterfaces(options.bind) ? lanAddresses().filter((ip) => ip !== host) : [],
    facilitatorToken: opened.facilitatorToken,
    participants: store.participantCount,
    events: store.eventCount,
    warnings,
    app,
    store,
    live,
    close() {
      // Stop the live streams first: fastify waits for open connections, and SSE never ends by itself.
      closing ??= (async () => {
        live.stop();
        await app.close();
        await store.close();
      })();
      return closing;
    },
  };
}

function listenError(error: unknown, options: HostOptions): unknown {
  if (isErrno(error, 'EADDRINUSE')) {
    return new UserError(`Port ${options.port} is already in use (another hub, or another program). Start with another port, e.g. --port ${options.port + 1}.`);
  }
  if (isErrno(error, 'EADDRNOTAVAIL')) {
    return new UserError(`This computer has no network address ${options.bind}. Leave out --bind to listen on every network, or pick one of: ${lanAddresses().join(', ') || '127.0.0.1'}.`);
  }
  if (isErrno(error, 'EACCES')) {
    return new UserError(`Not allowed to listen on port ${options.port} (ports below 1024 need admin rights). Use --port 4545.`);
  }
  return error;
}
