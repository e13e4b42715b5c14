import { z } from 'zod';

/**
 * The parts of the OpenAI Admin API's answers the kit reads (openai/openai-openapi, openapi.yaml:
 * UsageResponse, UsageTimeBucket, UsageCompletionsResult, CostsResult, ProjectApiKeyListResponse).
 * Only the fields used are checked; the rest passes through untouched, so a field the API adds later
 * does not break a sync. `object` is checked wherever the API sets it, so a page of another endpoint
 * (embeddings usage, costs where usage was asked) is refused instead of being counted.
 */
/** A result of a completions usage page: what the kit reads of UsageCompletionsResult. */
export interface CompletionsResult {
  object: 'organization.usage.completions.result';
  num_model_requests: number;
  input_tokens: number;
  output_tokens: number;
  api_key_id?: string | null;
  project_id?: string | null;
}

/** A result of a costs page: what the kit reads of CostsResult. */
export interface CostsResult {
  object: 'organization.costs.result';
  amount?: { value: number; currency: string } | null;
  line_item?: string | null;
  project_id?: string | null;
  api_key_id?: string | null;
}

/**
 * The page envelope is checked with zod; its results (60,000 per page for 2,000 keys × 31 days) by the
 * hand-written checks below, which do the same job about ten times faster than a zod object each.
 */
const Envelope = z
  .object({
    object: z.literal('page'),
    data: z.array(
      z
        .object({
          object: z.literal('bucket'),
          start_time: z.number().int().min(0),
          end_time: z.number().int().min(0).optional(),
          results: z.array(z.unknown()),
        })
        .passthrough(),
    ),
    has_more: z.boolean(),
    next_page: z.string().min(1).max(2000).nullable().optional(),
  })
  .passthrough();

export interface Page<R> {
  object: 'page';
  data: Array<{ object: 'bucket'; start_time: number; end_time?: number; results: R[] }>;
  has_more: boolean;
  next_page?: string | null;
}
export type CompletionsPage = Page<CompletionsResult>;
export type CostsPage = Page<CostsResult>;

const isCount = (v: unknown) => v === undefined || v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0);
const isId = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.length <= 200);

function completionsProblem(r: Record<string, unknown>): string | undefined {
  if (r.object !== 'organization.usage.completions.result') return `object is ${JSON.stringify(r.object)?.slice(0, 60)}, not "organization.usage.completions.result"`;
  if (!isCount(r.num_model_requests) || !isCount(r.input_tokens) || !isCount(r.output_tokens)) return 'a count is not a whole number of 0 or more';
  if (!isId(r.api_key_id) || !isId(r.project_id)) return 'api_key_id or project_id is not a string';
  return undefined;
}

function costsProblem(r: Record<string, unknown>): string | undefined {
  if (r.object !== 'organization.costs.result') return `object is ${JSON.stringify(r.object)?.slice(0, 60)}, not "organization.costs.result"`;
  const a = r.amount as { value?: unknown; currency?: unknown } | null | undefined;
  if (a !== undefined && a !== null && (typeof a !== 'object' || typeof a.value !== 'number' || !Number.isFinite(a.value) || typeof a.currency !== 'string' || a.currency.length < 1 || a.currency.length > 10)) return 'amount is not {value, currency}';
  if (!isId(r.api_key_id) || !isId(r.project_id) || !isId(r.line_item)) return 'api_key_id, project_id or line_item is not a string';
  return undefined;
}

function pageParser<R>(problem: (r: Record<string, unknown>) => string | undefined, normalise: (r: Record<string, unknown>) => R) {
  return (raw: unknown): { page: Page<R> } | { problem: string } => {
    const envelope = Envelope.safeParse(raw);
    if (!envelope.success) return { problem: envelope.error.issues.map((i) => `${i.path.join('.') || '(top)'} ${i.message}`).slice(0, 3).join('; ') };
    const data = [];
    for (const [b, bucket] of envelope.data.data.entries()) {
      const results: R[] = [];
      for (const [i, r] of bucket.results.entries()) {
        const said = r && typeof r === 'object' ? problem(r as Record<string, unknown>) : 'not an object';
        if (said) return { problem: `data.${b}.results.${i}: ${said}` };
        results.push(normalise(r as Record<string, unknown>));
      }
      data.push({ object: 'bucket' as const, start_time: bucket.start_time, ...(bucket.end_time !== undefined ? { end_time: bucket.end_time } : {}), results });
    }
    return { page: { object: 'page', data, has_more: envelope.data.has_more, next_page: envelope.data.next_page ?? null } };
  };
}

export const parseCompletionsPage = pageParser<CompletionsResult>(completionsProblem, (r) => ({
  object: 'organization.usage.completions.result',
  num_model_requests: (r.num_model_requests as number | null) ?? 0,
  input_tokens: (r.input_tokens as number | null) ?? 0,
  output_tokens: (r.output_tokens as number | null) ?? 0,
  api_key_id: r.api_key_id as string | null | undefined,
  project_id: r.project_id as string | null | undefined,
}));

export const parseCostsPage = pageParser<CostsResult>(costsProblem, (r) => r as unknown as CostsResult);

export const ProjectApiKey = z
  .object({
    object: z.literal('organization.project.api_key'),
    id: z.string().min(1).max(200),
    name: z.string().max(500).nullable().optional(),
    redacted_value: z.string().max(200).nullable().optional(),
    created_at: z.number().int().nullable().optional(),
    last_used_at: z.number().int().nullable().optional(),
    owner: z
      .object({
        type: z.string(),
        user: z.object({ id: z.string(), email: z.string().max(320).nullable().optional(), name: z.string().max(500).nullable().optional() }).passthrough().nullable().optional(),
        service_account: z.object({ id: z.string(), name: z.string().max(500).nullable().optional() }).passthrough().nullable().optional(),
      })
      .passthrough(),
  })
  .passthrough();
export type ProjectApiKey = z.infer<typeof ProjectApiKey>;

export const ProjectApiKeyList = z
  .object({
    object: z.literal('list'),
    data: z.array(ProjectApiKey),
    first_id: z.string().nullable().optional(),
    last_id: z.string().nullable().optional(),
    has_more: z.boolean(),
  })
  .passthrough();
export type ProjectApiKeyList = z.infer<typeof ProjectApiKeyList>;

/** The API's error body ({"error": {"message", "type", "code"}}). */
export const ErrorBody = z.object({ error: z.object({ message: z.string().optional(), type: z.string().nullable().optional(), code: z.string().nullable().optional() }).passthrough() }).passthrough();
