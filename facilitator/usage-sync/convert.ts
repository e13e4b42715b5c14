import type { CompletionsPage, CostsPage } from '../admin-api/schemas.js';
import type { UsageDay } from '../programme/store.js';
import { bucketDay } from '../programme/usage-buckets.js';
import type { CostDay } from '../store/cost-series.js';

/**
 * Pure: one Admin API page in, the programme's days out. Usage is kept per API key id and day (a key
 * belongs to one project, so grouping by project as well only splits nothing); requests without a
 * key id cannot be matched to anyone and are only counted. Spend is kept per key (or, when the API
 * would not group costs by key, per project and line item), currency and day.
 */
export function usageDaysOf(page: CompletionsPage, timeZone: string): { days: UsageDay[]; ungroupedRequests: number } {
  const totals = new Map<string, UsageDay>();
  let ungroupedRequests = 0;
  for (const bucket of page.data) {
    const day = bucketDay(bucket, timeZone);
    for (const r of bucket.results) {
      if (!r.api_key_id) {
        ungroupedRequests += r.num_model_requests;
        continue;
      }
      const id = `${r.api_key_id}|${day}`;
      const row = totals.get(id) ?? { source: { kind: 'keyId' as const, value: r.api_key_id }, day, requests: 0, inputTokens: 0, outputTokens: 0 };
      row.requests += r.num_model_requests;
      row.inputTokens! += r.input_tokens;
      row.outputTokens! += r.output_tokens;
      totals.set(id, row);
    }
  }
  return { days: [...totals.values()], ungroupedRequests };
}

export type CostGrouping = 'key' | 'project';

/** What each grouping asks the Costs API for. */
export const COST_GROUP_BY: Record<CostGrouping, string[]> = {
  key: ['api_key_id', 'project_id'],
  project: ['project_id', 'line_item'],
};

export function costDaysOf(page: CostsPage, grouping: CostGrouping, timeZone: string): CostDay[] {
  const totals = new Map<string, CostDay>();
  for (const bucket of page.data) {
    const day = bucketDay(bucket, timeZone);
    for (const r of bucket.results) {
      if (!r.amount) continue;
      // Spend with no key id (grouped by project, or not made through a key) stays with its project;
      // '' is spend the API put on no project.
      const source: CostDay['source'] = grouping === 'key' && r.api_key_id ? { kind: 'keyId', value: r.api_key_id } : { kind: 'project', value: r.project_id ?? '' };
      const lineItem = grouping === 'project' ? (r.line_item ?? '') : '';
      const currency = r.amount.currency.toLowerCase();
      const id = JSON.stringify([source.kind, source.value, lineItem, currency, day]);
      const row = totals.get(id) ?? { source, lineItem, day, amount: 0, currency };
      row.amount += r.amount.value;
      totals.set(id, row);
    }
  }
  return [...totals.values()];
}
