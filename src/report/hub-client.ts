import type { z } from 'zod';
import { kitVersion } from '../core/paths.js';
import type { ParticipantEvent } from '../protocol/events.js';
import { z as zod } from 'zod';
import { EmailSuggestionResponse, ErrorResponse, EventsResponse, HubPaths, JoinResponse, RoomResponse } from '../protocol/hub-api.js';
import type { JoinRequest } from '../protocol/hub-api.js';

/**
 * The participant's HTTP client for the hub. Every call has a deadline (an AbortSignal), because venue
 * Wi-Fi fails by hanging, not by refusing; answers are validated with the same zod schemas the hub
 * uses. Failures are one of two kinds the callers act on differently: the hub could not be reached
 * (try later), or it answered with a refusal (`{error, reason}`).
 */
export class HubUnreachable extends Error {
  constructor(readonly hubUrl: string, readonly why: string) {
    super(`could not reach the hub at ${hubUrl} (${why})`);
    this.name = 'HubUnreachable';
  }
}

export class HubRefused extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
    /** Issue 11: for `email_suggestion`, the invited email the hub thinks was meant. */
    readonly suggestion?: string,
    /** Issue 12: the hub's Retry-After, in seconds (a join lockout). */
    readonly retryAfterSeconds?: number,
  ) {
    super(reason);
    this.name = 'HubRefused';
  }
}

const ConfirmResponse = zod.object({ participantId: zod.string(), history: RoomResponse.shape.history });

export class HubClient {
  constructor(
    readonly hubUrl: string,
    readonly token?: string,
  ) {}

  async join(request: JoinRequest, signal: AbortSignal): Promise<JoinResponse> {
    return this.#call('POST', HubPaths.join, { ...request, kitVersion: kitVersion() }, JoinResponse, signal);
  }

  async postEvents(events: ParticipantEvent[], signal: AbortSignal): Promise<EventsResponse> {
    return this.#call('POST', HubPaths.events, { events }, EventsResponse, signal);
  }

  /** Issue 11/12: the room's message and target, this laptop's identity, codes for joins with its email. */
  async room(signal: AbortSignal): Promise<RoomResponse> {
    return this.#call('GET', HubPaths.room, undefined, RoomResponse, signal);
  }

  /** Issue 12: the 6-digit code from the first laptop or the dashboard. */
  async confirm(code: string, signal: AbortSignal): Promise<zod.infer<typeof ConfirmResponse>> {
    return this.#call('POST', HubPaths.confirmIdentity, { code }, ConfirmResponse, signal);
  }

  async #call<S extends z.ZodType>(method: string, path: string, body: unknown, schema: S, signal: AbortSignal): Promise<z.infer<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.hubUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, redirect: 'error' });
      text = await response.text();
    } catch (error) {
      throw new HubUnreachable(this.hubUrl, describeFetchFailure(error));
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new HubRefused(response.status, 'not_a_hub', `${this.hubUrl} answered, but not like a workshop hub (HTTP ${response.status}); check the address`);
    }
    if (!response.ok) {
      const suggestion = EmailSuggestionResponse.safeParse(json);
      if (suggestion.success) throw new HubRefused(response.status, suggestion.data.error, suggestion.data.reason, suggestion.data.suggestion);
      const parsed = ErrorResponse.safeParse(json);
      const retryAfter = Number(response.headers.get('retry-after')) || undefined;
      throw parsed.success ? new HubRefused(response.status, parsed.data.error, parsed.data.reason, undefined, retryAfter) : new HubRefused(response.status, 'unknown', `HTTP ${response.status}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new HubRefused(response.status, 'not_a_hub', `${this.hubUrl} answered in a form this kit does not understand; update the kit`);
    return parsed.data;
  }
}

function describeFetchFailure(error: unknown): string {
  const e = error as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'no answer in time';
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'nothing is listening there: is the hub running?';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host name';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'no route: are you on the same network as the hub?';
  if (code === 'ECONNRESET') return 'the connection was cut';
  return code ?? e.cause?.message ?? e.message ?? 'network error';
}
