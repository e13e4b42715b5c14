import { z } from 'zod';

/**
 * The parts of the OpenAI Admin API's answers the kit reads (openai/openai-openapi, openapi.yaml:
 * UsageResponse, UsageTimeBucket, UsageCompletionsResult, CostsResult, ProjectApiKeyListResponse).
 * Only the fields used are checked; the rest passes through untouched, so a field the API adds later
 * does not break a sync. `object` is checked wherever the API sets it, so a page of another endpoint
 * (embeddings usage, costs where usage was asked) is refused instead of being counted.
 */
const count = z.number().int().min(0).nullable().optional().transform((n) => n ?? 0);
const id = z.string().nullable().optional();

export const CompletionsResult = z
  .object({
    object: z.literal('organization.usage.completions.result'),
    num_model_requests: count,
    input_tokens: count,
    output_tokens: count,
    api_key_id: id,
    project_id: id,
  })
  .passthrough();
export type CompletionsResult = z.infer<typeof CompletionsResult>;

export const CostsResult = z
  .object({
    object: z.literal('organization.costs.result'),
    amount: z.object({ value: z.number().finite(), currency: z.string().min(1).max(10) }).passthrough().nullable().optional(),
    line_item: id,
    project_id: id,
    api_key_id: id,
  })
  .passthrough();
export type CostsResult = z.infer<typeof CostsResult>;

function pageOf<R extends z.ZodTypeAny>(result: R) {
  return z
    .object({
      object: z.literal('page'),
      data: z.array(
        z
          .object({
            object: z.literal('bucket'),
            start_time: z.number().int().min(0),
            end_time: z.number().int().min(0).optional(),
            results: z.array(result),
          })
          .passthrough(),
      ),
      has_more: z.boolean(),
      next_page: z.string().min(1).max(2000).nullable().optional(),
    })
    .passthrough();
}

export const CompletionsPage = pageOf(CompletionsResult);
export type CompletionsPage = z.infer<typeof CompletionsPage>;
export const CostsPage = pageOf(CostsResult);
export type CostsPage = z.infer<typeof CostsPage>;

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
