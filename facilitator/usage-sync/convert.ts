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
  // Rows by day, then key: a daily bucket is one day, so each key's row is found without building a
  // string per result (a page holds 60,000 of them).
  const byDay = new Map<string, Map<string, UsageDay>>();
  const days: UsageDay[] = [];
  let ungroupedRequests = 0;
  for (const bucket of page.data) {
    const day = bucketDay(bucket, timeZone);
    let rows = byDay.get(day);
    if (!rows) byDay.set(day, (rows = new Map()));
    for (const r of bucket.results) {
      const key = r.api_key_id;
      if (!key) {
        ungroupedRequests += r.num_model_requests;
        continue;
      }
      let row = rows.get(key);
      if (!row) {
        row = { source: { kind: 'keyId', value: key }, day, requests: 0, inputTokens: 0, outputTokens: 0 };
        rows.set(key, row);
        days.push(row);
      }
      row.requests += r.num_model_requests;
      row.inputTokens! += r.input_tokens;
      row.outputTokens! += r.output_tokens;
    }
  }
  return { days, ungroupedRequests };
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
