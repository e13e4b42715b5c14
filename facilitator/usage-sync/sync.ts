import { AdminApiError, type AdminApiClient } from '../admin-api/client.js';
import { type PageRequest, completionsPage, costsPage } from '../admin-api/endpoints.js';
import { utcDay } from '../programme/calendar.js';
import type { CompletionsPage, CostsPage } from '../admin-api/schemas.js';
import type { UsageDay } from '../programme/store.js';
import type { CostDay, SyncState } from '../store/cost-series.js';
import { COST_GROUP_BY, type CostGrouping, costDaysOf, usageDaysOf } from './convert.js';
import type { UsageSink } from './sink.js';
import { type Plan, dayStartSeconds, planWindow, stateAfterPage, windowDays } from './window.js';

/**
 * `workshop usage sync`'s engine: for each stream (completions usage, costs), plan the window
 * (window.ts), then read its pages one by one, following next_page until has_more is false, and
 * hand each page with the stream's new state to the sink, which stores them together. An
 * interruption therefore loses at most the page being read; the rerun starts at the stored cursor.
 */
export const STREAMS = ['completions', 'costs'] as const;
export type Stream = (typeof STREAMS)[number];

export interface SyncProgress {
  stream: Stream;
  pages: number;
  /** Days of the window read so far, of `days`. */
  daysRead: number;
  days: number;
}

export interface SyncOptions {
  client: AdminApiClient;
  sink: UsageSink;
  /** Only this project's usage and spend (scope of the stored state); else the whole organisation. */
  project?: string;
  /** A validated day (window.ts validSince). */
  since?: string;
  now?: Date;
  streams?: readonly Stream[];
  onProgress?: (progress: SyncProgress) => void;
}

export interface StreamSummary {
  stream: Stream;
  scope: string;
  /** First day read and the first day not read (the window). */
  start: string;
  end: string;
  startReason: Plan['startReason'];
  resumed: boolean;
  pages: number;
  rows: number;
  /** Completions: requests read; requests without a key id (cannot be matched to anyone). */
  requests?: number;
  ungroupedRequests?: number;
  /** Costs: how they were grouped (`key`, or `project` + line item when the API refused grouping by key), and the spend read per currency. */
  grouping?: CostGrouping;
  spend?: Record<string, number>;
  syncedThrough?: string;
  keys: string[];
}

export interface SyncSummary {
  programme: string;
  streams: StreamSummary[];
  warnings: string[];
}

export async function runSync(options: SyncOptions): Promise<SyncSummary> {
  const programme = await options.sink.programme();
  const now = options.now ?? new Date();
  const scope = options.project ?? '';
  const warnings: string[] = [];
  const streams: StreamSummary[] = [];
  for (const stream of options.streams ?? STREAMS) {
    const state = await options.sink.getState(stream, scope);
    const plan = planWindow({ state, now, ...(options.since ? { since: options.since } : {}), ...(programme.firstDate ? { firstDate: programme.firstDate } : {}) });
    streams.push(await syncStream(stream, plan, state, { ...options, scope, timeZone: programme.timeZone, warnings }));
  }
  return { programme: programme.id, streams, warnings };
}

async function syncStream(
  stream: Stream,
  plan: Plan,
  initial: SyncState,
  ctx: SyncOptions & { scope: string; timeZone: string; warnings: string[] },
): Promise<StreamSummary> {
  const summary: StreamSummary = { stream, scope: ctx.scope, start: plan.start, end: plan.end, startReason: plan.resumed ? 'resume' : plan.startReason, resumed: plan.resumed, pages: 0, rows: 0, keys: [] };
  const keys = new Set<string>();
  const days = windowDays(plan);
  if (stream === 'completions') Object.assign(summary, { requests: 0, ungroupedRequests: 0 });
  let grouping: CostGrouping = plan.grouping ?? 'key';
  if (stream === 'costs') summary.spend = {};
  let page = plan.page;
  let state = initial;
  const request = (): PageRequest => ({
    startTime: dayStartSeconds(plan.start),
    endTime: dayStartSeconds(plan.end),
    groupBy: stream === 'completions' ? ['api_key_id', 'project_id'] : COST_GROUP_BY[grouping],
    ...(ctx.project ? { projectIds: [ctx.project] } : {}),
    ...(page ? { page } : {}),
  });
  type Answer = Awaited<ReturnType<typeof completionsPage>> | Awaited<ReturnType<typeof costsPage>>;
  const fetchPage = (): Promise<Answer> => {
    const promise: Promise<Answer> = stream === 'completions' ? completionsPage(ctx.client, request()) : costsPage(ctx.client, request());
    // Read ahead while the previous page is stored; a failure is reported when the page is awaited.
    promise.catch(() => undefined);
    return promise;
  };
  let pending = fetchPage();
  for (;;) {
    let body: Answer;
    try {
      body = await pending;
    } catch (error) {
      // Some organisations' Costs API refuses grouping by key: fall back to project and line item,
      // from the window's start (a cursor belongs to its grouping), and say so.
      if (stream === 'costs' && grouping === 'key' && error instanceof AdminApiError && (error.status === 400 || error.status === 422)) {
        grouping = 'project';
        page = undefined;
        ctx.warnings.push(`The Costs API would not group spend by API key (${error.message.slice(0, 200)}); spend is stored per project and line item instead, so it can be shown per programme, not per person or team.`);
        pending = fetchPage();
        continue;
      }
      throw error;
    }
    let next = body.has_more && body.next_page ? body.next_page : undefined;
    if (body.has_more && !body.next_page) ctx.warnings.push(`The ${stream} page said has_more but gave no next_page; the sync stopped there.`);
    if (next !== undefined && next === page) {
      ctx.warnings.push(`The ${stream} API gave the same next_page twice; the sync stopped there to avoid a loop.`);
      next = undefined;
    }
    if (next !== undefined) {
      page = next;
      pending = fetchPage();
    }
    let usage: UsageDay[] = [];
    let costs: CostDay[] = [];
    if (stream === 'completions') {
      const read = usageDaysOf(body as CompletionsPage, ctx.timeZone);
      usage = read.days;
      for (const d of usage) summary.requests! += d.requests;
      summary.ungroupedRequests! += read.ungroupedRequests;
    } else {
      costs = costDaysOf(body as CostsPage, grouping, ctx.timeZone);
      for (const c of costs) summary.spend![c.currency] = (summary.spend![c.currency] ?? 0) + c.amount;
    }
    for (const d of usage) keys.add(d.source.value);
    for (const c of costs) if (c.source.kind === 'keyId') keys.add(c.source.value);
    state = stateAfterPage(plan, state, { ...(next ? { page: next } : {}), ...(stream === 'costs' ? { grouping } : {}) });
    await ctx.sink.storePage({ stream, scope: ctx.scope, usage, costs, state });
    summary.pages++;
    summary.rows += usage.length + costs.length;
    const lastEnd = body.data.at(-1)?.end_time;
    const daysRead = next === undefined ? days : lastEnd ? Math.min(days, Math.round((lastEnd - dayStartSeconds(plan.start)) / 86_400)) : 0;
    ctx.onProgress?.({ stream, pages: summary.pages, daysRead, days });
    if (next === undefined) break;
  }
  if (stream === 'costs') summary.grouping = grouping;
  if (state.syncedThrough) summary.syncedThrough = state.syncedThrough;
  summary.keys = [...keys].sort();
  return summary;
}

/** Today as the API's days count it (UTC). */
export const apiToday = (now = new Date()) => utcDay(now.getTime());
