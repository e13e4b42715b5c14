import type { AdminApiClient } from './client.js';
import { type CompletionsPage, type CostsPage, type ProjectApiKey, ProjectApiKeyList, parseCompletionsPage, parseCostsPage } from './schemas.js';

/**
 * The three Admin API endpoints the kit reads, one function each (paths and parameters as in the
 * published OpenAPI description). Pages of usage and costs are daily buckets; `limit` counts buckets.
 */

/** Daily buckets per page: the API's maximum for usage with bucket_width=1d (31). Costs allow 180, but
 * a page of 180 days × thousands of keys is hundreds of MB; the same 31 keeps every page bounded. */
export const DAYS_PER_PAGE = 31;

export interface PageRequest {
  startTime: number;
  endTime: number;
  groupBy: string[];
  projectIds?: string[];
  page?: string;
}

const query = (r: PageRequest) => ({
  start_time: r.startTime,
  end_time: r.endTime,
  bucket_width: '1d',
  group_by: r.groupBy,
  project_ids: r.projectIds,
  limit: DAYS_PER_PAGE,
  page: r.page,
});

export function completionsPage(client: AdminApiClient, request: PageRequest): Promise<CompletionsPage> {
  return client.getChecked('/organization/usage/completions', query(request), 'the completions usage', parseCompletionsPage);
}

export function costsPage(client: AdminApiClient, request: PageRequest): Promise<CostsPage> {
  return client.getChecked('/organization/costs', query(request), 'the costs', parseCostsPage);
}

/** Every API key of a project, following `after` until has_more is false. */
export async function listProjectKeys(client: AdminApiClient, projectId: string, onPage?: (keys: number) => void): Promise<ProjectApiKey[]> {
  const keys: ProjectApiKey[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await client.get(
      `/organization/projects/${encodeURIComponent(projectId)}/api_keys`,
      // `any`: every enabled key, including those of people who lost access to the project since.
      { limit: 100, after, owner_project_access: 'any' },
      ProjectApiKeyList,
      `the API keys of project ${projectId}`,
    );
    keys.push(...page.data);
    onPage?.(keys.length);
    const last = page.last_id ?? page.data.at(-1)?.id;
    if (!page.has_more || !last || last === after) return keys;
    after = last;
  }
}
