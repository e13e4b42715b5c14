import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type net from 'node:net';
import { z } from 'zod';
import { ApiKey } from '../core/secret.js';
import { countCallOutputs, messageItem } from './responses-items.js';

/**
 * A local, scripted stand-in for the OpenAI Responses API that plays the model for the real Codex
 * CLI. Codex sends `POST /v1/responses`; the server answers with a server-sent-event stream of output
 * items (a tool call such as `exec_command`, or an assistant message) followed by `response.completed`,
 * or with an API error (429 insufficient_quota, 401…). Codex really runs the tool calls, so a script
 * can make it edit files in a folder: the doctor's smoke test and `workshop rehearse --scripted` drive
 * the real, pinned CLI with it, with no network and no model.
 *
 * The next step is chosen by counting the `*_call_output` items in the request's `input` (each request
 * repeats the whole conversation). Facts this relies on are in codex-cli-facts.md: the two SSE events
 * are enough; without `response.completed` the run fails; WebSocket upgrades (tried first by Codex's
 * built-in provider) are refused with 426 so Codex falls back to HTTP at once instead of retrying ~7 s.
 */

/** One output item as Codex reads it from `response.output_item.done`. */
export type ResponseItem = { type: string } & Record<string, unknown>;

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  total_tokens?: number;
}

export type ScriptedReply =
  /** A normal model turn: these items, then `response.completed` (with usage when given). */
  | { kind: 'items'; items: ResponseItem[]; usage?: Usage }
  /** An HTTP error answer, e.g. apiErrors.insufficientQuota(). */
  | { kind: 'error'; status: number; body: unknown }
  /** Accept the request and never answer (a stalled network). */
  | { kind: 'hang' }
  /** Stream the items, then close without `response.completed` (a dropped stream). */
  | { kind: 'truncated'; items: ResponseItem[] };

export interface ResponsesRequest {
  /** The request path, e.g. /v1/responses or /runs/<id>/v1/responses (a prefix can route runs apart). */
  path: string;
  /** 0-based number of this POST /responses since the server started. */
  index: number;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: unknown;
  /** How many tool results Codex has sent back so far = the index of the step to play next. */
  callOutputs: number;
  /** The key Codex sent as Bearer, held so that it cannot be printed. */
  bearer?: ApiKey;
}

export type ResponsesHandler = (request: ResponsesRequest) => ScriptedReply | Promise<ScriptedReply>;
/** Another name for ResponsesRequest, used by the rehearsal. */
export type ScriptedRequest = ResponsesRequest;

/** A simple script: one entry per model turn. */
export const ScriptStepSchema = z.union([
  z.strictObject({ message: z.string() }),
  z.strictObject({ exec_command: z.string().min(1) }),
  z.strictObject({ item: z.object({ type: z.string() }).passthrough() }),
  z.strictObject({ error: z.strictObject({ status: z.number().int().min(400).max(599), body: z.unknown() }) }),
  z.strictObject({ hang: z.literal(true) }),
]);
export type ScriptStep = z.infer<typeof ScriptStepSchema>;

export interface RecordedRequest {
  method: string;
  path: string;
  body?: unknown;
  callOutputs?: number;
  bearer?: ApiKey;
}

export interface ScriptedServerOptions {
  port?: number;
  host?: string;
  /** Steps played in order; after the last one the model says "done". */
  script?: ScriptStep[];
  /** Full control instead of a script (e.g. the rehearsal's rehearsal.json player). */
  handler?: ResponsesHandler;
  /** Same as `handler`. */
  respond?: ResponsesHandler;
  /**
   * Accept only this Bearer key; any other (or none) gets 401 invalid_api_key. Proves that a scripted
   * run never carries a participant's real key.
   */
  acceptBearer?: string;
  /** Reply to GET /v1/models; default 200 with one model (a key with no credit still passes /models). */
  models?: { status: number; body: unknown };
}

export interface ScriptedResponsesServer {
  /** Base URL ending in /v1, for `-c openai_base_url=…` or a custom provider's base_url. */
  url: string;
  /** http://127.0.0.1:PORT, for building other prefixes (any path ending in /responses is served). */
  origin: string;
  port: number;
  /** Every request received, in order (keys held as ApiKey, never as text). */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Error bodies exactly as the OpenAI API sends them. */
export const apiErrors = {
  insufficientQuota: (): ScriptedReply => apiError(429, 'insufficient_quota', 'insufficient_quota', 'You exceeded your current quota, please check your plan and billing details.'),
  rateLimited: (): ScriptedReply => apiError(429, 'rate_limit_exceeded', 'requests', 'Rate limit reached for requests. Please try again in 20s.'),
  invalidApiKey: (): ScriptedReply => apiError(401, 'invalid_api_key', 'invalid_request_error', 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.'),
  regionUnsupported: (): ScriptedReply => apiError(403, 'unsupported_country_region_territory', 'request_forbidden', 'Country, region, or territory not supported'),
  modelNotFound: (model: string): ScriptedReply => apiError(404, 'model_not_found', 'invalid_request_error', `The model \`${model}\` does not exist or you do not have access to it.`),
  organizationNotVerified: (model: string): ScriptedReply =>
    apiError(400, 'unsupported_value', 'invalid_request_error', `Your organization must be verified to use the model \`${model}\`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization.`),
};

function apiError(status: number, code: string, type: string, message: string): ScriptedReply {
  return { kind: 'error', status, body: { error: { message, type, param: null, code } } };
}

export function execCommandItem(cmd: string, step: number): ResponseItem {
  return { type: 'function_call', id: `fc_scripted_${step + 1}`, call_id: `call_scripted_${step + 1}`, name: 'exec_command', arguments: JSON.stringify({ cmd }) };
}

/** Plays a simple script: the step at index `callOutputs`, and "done" once it has run out. */
export function scriptHandler(script: ScriptStep[]): ResponsesHandler {
  const steps = script.map((s) => ScriptStepSchema.parse(s));
  return ({ callOutputs }) => {
    const step = steps[callOutputs];
    if (!step) return { kind: 'items', items: [messageItem('done')] };
    if ('message' in step) return { kind: 'items', items: [messageItem(step.message)] };
    if ('exec_command' in step) return { kind: 'items', items: [execCommandItem(step.exec_command, callOutputs)] };
    if ('item' in step) return { kind: 'items', items: [step.item as ResponseItem] };
    if ('error' in step) return { kind: 'error', status: step.error.status, body: step.error.body };
    return { kind: 'hang' };
  };
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function bearerOf(header: string | undefined): ApiKey | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match ? new ApiKey(match[1]!) : undefined;
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function startScriptedResponsesServer(options: ScriptedServerOptions = {}): Promise<ScriptedResponsesServer> {
  const given = options.handler ?? options.respond;
  if (!given && !options.script) throw new Error('startScriptedResponsesServer needs a script or a handler');
  const handler = given ?? scriptHandler(options.script!);
  const requests: RecordedRequest[] = [];
  const sockets = new Set<net.Socket>();
  let responsesSeen = 0;

  const server = http.createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const bearer = bearerOf(req.headers.authorization);
      if (req.method === 'GET' && path.endsWith('/models')) {
        requests.push({ method: 'GET', path, ...(bearer ? { bearer } : {}) });
        const reply = options.models ?? { status: 200, body: { object: 'list', data: [{ id: 'gpt-5', object: 'model', owned_by: 'system' }] } };
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body));
        return;
      }
      if (req.method !== 'POST' || !path.endsWith('/responses')) {
        requests.push({ method: req.method ?? '', path });
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error', code: null } }));
        return;
      }
      const body = await readBody(req);
      const callOutputs = countCallOutputs(body);
      const index = responsesSeen;
      responsesSeen += 1;
      requests.push({ method: 'POST', path, body, callOutputs, ...(bearer ? { bearer } : {}) });
      const unexpectedKey = options.acceptBearer !== undefined && bearer?.revealForRequest() !== options.acceptBearer;
      const reply = unexpectedKey ? apiErrors.invalidApiKey() : await handler({ path, index, body, callOutputs, ...(bearer ? { bearer } : {}) });
      writeReply(res, reply, index);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `scripted server: ${error instanceof Error ? error.message : String(error)}`, type: 'server_error', code: null } }));
    });
  });

  // Codex's built-in provider tries a WebSocket first; 426 makes it fall back to HTTP immediately.
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    requests.push({ method: 'UPGRADE', path: req.url ?? '' });
    socket.end('HTTP/1.1 426 Upgrade Required\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;
  return {
    url: `${origin}/v1`,
    origin,
    port: address.port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function writeReply(res: http.ServerResponse, reply: ScriptedReply, index: number): void {
  if (reply.kind === 'hang') return;
  if (reply.kind === 'error') {
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const responseId = `resp_scripted_${index + 1}`;
  res.write(sse('response.created', { type: 'response.created', response: { id: responseId } }));
  for (const item of reply.items) res.write(sse('response.output_item.done', { type: 'response.output_item.done', item }));
  if (reply.kind === 'items') {
    const usage = reply.usage ? { ...reply.usage, total_tokens: reply.usage.total_tokens ?? reply.usage.input_tokens + reply.usage.output_tokens } : undefined;
    res.write(sse('response.completed', { type: 'response.completed', response: { id: responseId, ...(usage ? { usage } : {}) } }));
  }
  res.end();
}

/** The short name the issue uses: start({ port?, script | handler }) → { url, close, requests }. */
export const start = startScriptedResponsesServer;
