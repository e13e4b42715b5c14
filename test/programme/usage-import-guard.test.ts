import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyRoster, emptyUsage, type Roster } from '../../facilitator/programme/store.js';
import { readKeyCell, importRoster } from '../../facilitator/programme/roster-import.js';
import { matchUsage, mergeCosts, mergeUsage, parseUsageFile } from '../../facilitator/programme/usage-import.js';
import { COSTS_PATH, KEYS_PATH, USAGE_PATH, specExample } from '../support/admin-api-mock.js';
import { isolatedEnv, tempDir, workshop } from './helpers.js';

/**
 * Issue 16, item 3: `workshop usage import` cannot be fooled. The pages are the published OpenAPI
 * description's own examples (test/fixtures/openai-admin-api.yaml, copied by
 * scripts/extract-admin-api-spec.mjs), read here as the spec writes them, never retyped.
 */
const EMBEDDINGS_PATH = '/organization/usage/embeddings';
const usageExample = () => specExample(USAGE_PATH);
const costsExample = () => specExample(COSTS_PATH);
const embeddingsExample = () => specExample(EMBEDDINGS_PATH);

/** The spec's example page with its results grouped by key (the example is not grouped: api_key_id null). */
function withKey(example: string, key: string): string {
  const page = JSON.parse(example) as { data: Array<{ results: Array<Record<string, unknown>> }> };
  for (const bucket of page.data) for (const r of bucket.results) r.api_key_id = key;
  return JSON.stringify(page);
}

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('usage import checks what kind of page it is given', () => {
  it('reads the spec\'s completions example, and says it is partial and not grouped by key', () => {
    const parsed = parseUsageFile(usageExample(), 'usage.json', 'UTC');
    expect(parsed.format).toBe('usage-api-json');
    expect(parsed.days).toEqual([]);
    expect(parsed.ungroupedRequests).toBe(5);
    // The example says has_more: true with a next_page, and that page is not in the file.
    expect(parsed.warnings[0]).toMatch(/usage\.json looks partial: its only page of the completions export says has_more: true, and the page after it \(next_page "page_AAAAAGdGxdEiJdKOAAAAAGcqsYA="\) is not in the file/);
    expect(parsed.warnings[1]).toMatch(/5 requests .* no api_key_id .* group_by=api_key_id/);
  });

  it('counts a key\'s requests and tokens from the spec\'s example grouped by key', () => {
    const parsed = parseUsageFile(withKey(usageExample(), 'key_abc'), 'usage.json', 'UTC');
    // 1730419200 is 2024-11-01T00:00:00Z; the example has 1,000 input and 500 output tokens.
    expect(parsed.days).toEqual([{ source: { kind: 'keyId', value: 'key_abc' }, day: '2024-11-01', requests: 5, inputTokens: 1000, outputTokens: 500 }]);
    expect(parsed.costs).toEqual([]);
  });

  it('refuses the spec\'s embeddings page, saying what it is and what to export instead', () => {
    const text = message(() => parseUsageFile(embeddingsExample(), 'embeddings.json', 'UTC'));
    expect(text).toBe(
      'embeddings.json is a page of the embeddings usage API (organization.usage.embeddings.result); import the completions usage (/organization/usage/completions, group_by=api_key_id) or the costs (/organization/costs, group_by=api_key_id). Nothing was imported.',
    );
  });

  it('refuses a page of embeddings between completions pages, naming the page, and imports nothing', () => {
    const lines = [withKey(usageExample(), 'key_a').replace('"has_more":true', '"has_more":false'), embeddingsExample().replace(/\s*\n\s*/g, ' ')].join('\n');
    expect(message(() => parseUsageFile(lines, 'mixed.jsonl', 'UTC'))).toMatch(/^mixed\.jsonl, page 2 is a page of the embeddings usage API/);
  });

  it('imports the spec\'s Costs page as spend, not as a key-day of 0 requests', () => {
    const parsed = parseUsageFile(costsExample(), 'costs.json', 'UTC');
    expect(parsed.format).toBe('costs-api-json');
    expect(parsed.days).toEqual([]);
    // Not grouped by key in the example: kept per project ('' = no project), with the warning.
    expect(parsed.costs).toEqual([{ source: { kind: 'project', value: '' }, lineItem: '', day: '2024-11-01', amount: 0.06, currency: 'usd' }]);
    expect(parsed.warnings).toEqual([expect.stringMatching(/^0\.06 usd of spend in costs\.json carries no api_key_id: it is kept per project and counts for the programme, not for a person or team/)]);
    const byKey = parseUsageFile(withKey(costsExample(), 'key_abc'), 'costs.json', 'UTC');
    expect(byKey.costs).toEqual([{ source: { kind: 'keyId', value: 'key_abc' }, lineItem: '', day: '2024-11-01', amount: 0.06, currency: 'usd' }]);
    expect(byKey.warnings).toEqual([]);
  });

  it('refuses a page of another list (the project key list), a page without "object", and results without one', () => {
    expect(message(() => parseUsageFile(specExample(KEYS_PATH), 'keys.json', 'UTC'))).toMatch(/^keys\.json is not a page of the OpenAI usage or costs API: its "object" is "list", not "page"/);
    expect(message(() => parseUsageFile('{"data": []}', 'old.json', 'UTC'))).toMatch(/its "object" has no "object" type, not "page"/);
    const noObject = JSON.stringify({ object: 'page', data: [{ object: 'bucket', start_time: 0, end_time: 86_400, results: [{ num_model_requests: 3 }] }], has_more: false, next_page: null });
    expect(message(() => parseUsageFile(noObject, 'bare.json', 'UTC'))).toMatch(/^bare\.json is a page whose results carry no "object" type; import the completions usage/);
  });

  it('says an export is partial only when its last page still has more', () => {
    const page = (hasMore: boolean, next: string | null) => withKey(usageExample(), 'key_a').replace('"has_more":true', `"has_more":${hasMore}`).replace('"next_page":"page_AAAAAGdGxdEiJdKOAAAAAGcqsYA="', `"next_page":${JSON.stringify(next)}`);
    const complete = parseUsageFile(`${page(true, 'page_2')}\n${page(false, null)}\n`, 'u.jsonl', 'UTC');
    expect(complete.warnings).toEqual([]);
    const cut = parseUsageFile(`${page(true, 'page_2')}\n${page(true, 'page_3')}\n`, 'u.jsonl', 'UTC');
    expect(cut.warnings).toEqual([expect.stringMatching(/^u\.jsonl looks partial: page 2 of the completions export says has_more: true, and the page after it \(next_page "page_3"\) is not in the file/)]);
    const noCursor = parseUsageFile(page(true, null), 'u.json', 'UTC');
    expect(noCursor.warnings).toEqual([expect.stringMatching(/looks partial: its only page .* says has_more: true but no later page follows/)]);
  });

  it('replaces spend of the same key, line item and day on re-import', () => {
    const first = parseUsageFile(withKey(costsExample(), 'key_abc'), 'c.json', 'UTC').costs;
    const again = mergeCosts(mergeCosts({ schemaVersion: 1, days: [] }, first), first);
    expect(again.days).toHaveLength(1);
    expect(again.days[0].amount).toBe(0.06);
  });
});

describe('redacted keys in the roster', () => {
  it('accepts every redacted form the API returns as a hint, never as a key', () => {
    // The key list's own example value, read from the spec.
    const redacted = (JSON.parse(specExample(KEYS_PATH)) as { data: Array<{ redacted_value: string }> }).data[0].redacted_value;
    expect(redacted).toBe('sk-abc...def');
    expect(readKeyCell(redacted)).toEqual({ kind: 'key', key: { kind: 'hint', hint: 'sk-…def' }, pastedSecret: false });
    expect(readKeyCell('sk-proj-…abcd')).toEqual({ kind: 'key', key: { kind: 'hint', hint: 'sk-…abcd' }, pastedSecret: false });
    expect(readKeyCell('sk-…abcd')).toEqual({ kind: 'key', key: { kind: 'hint', hint: 'sk-…abcd' }, pastedSecret: false });
    expect(readKeyCell('sk-proj-***ABCDE')).toEqual({ kind: 'key', key: { kind: 'hint', hint: 'sk-…BCDE' }, pastedSecret: false });
    expect(readKeyCell('sk-ab')).toEqual({ kind: 'invalid' });
  });

  it('matches a redacted key in the roster to usage by hint, whichever form each side has', () => {
    const roster = importRoster('email,name,team,key\nann@example.com,Ann,Ops,sk-abc...def\nbo@example.com,Bo,Ops,sk-proj-…wxyz\n', emptyRoster(), { file: 'r.csv' }).roster;
    const usage = mergeUsage(emptyUsage(), parseUsageFile('date,key,requests\n2026-03-04,sk-…adef,2\n2026-03-04,sk-proj-…wxyz,3\n2026-03-05,sk-abc...xyz,1\n', 'u.csv', 'UTC'), { file: 'u.csv' });
    const matched = matchUsage(usage, roster);
    expect(Object.fromEntries([...matched.byPerson].map(([email, days]) => [email, Object.fromEntries(days)]))).toEqual({
      'ann@example.com': { '2026-03-04': 2 },
      'bo@example.com': { '2026-03-04': 3, '2026-03-05': 1 },
    });
  });

  it('leaves a hint that fits two people unmatched rather than guessing', () => {
    const roster: Roster = {
      ...emptyRoster(),
      people: [
        { email: 'a@example.com', name: 'A', team: 'T', key: { kind: 'hint', hint: 'sk-…def' } },
        { email: 'b@example.com', name: 'B', team: 'T', key: { kind: 'hint', hint: 'sk-…adef' } },
      ],
    };
    const usage = mergeUsage(emptyUsage(), parseUsageFile('date,key,requests\n2026-03-04,sk-…bdef,2\n2026-03-04,sk-…adef,1\n', 'u.csv', 'UTC'), { file: 'u.csv' });
    const matched = matchUsage(usage, roster);
    // sk-…adef could be either person (b's hint, or a's shorter one); sk-…bdef can only be a's.
    expect([...matched.byPerson.keys()]).toEqual(['a@example.com']);
    expect(matched.unmatched).toEqual([{ source: { kind: 'hint', value: 'sk-…adef' }, requests: 1, days: 1, reason: 'hint shared by several people' }]);
  });
});

describe('workshop usage import with Costs and embeddings pages', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    root = await tempDir();
    env = isolatedEnv(root.dir);
    await workshop(['programme', 'create', 'p', '--title', 'P', '--time-zone', 'UTC'], env);
  });
  afterAll(async () => root.cleanup());

  it('imports a Costs page as spend into costs.json, and refuses an embeddings page with exit 2 and nothing written', async () => {
    const costs = path.join(root.dir, 'costs.json');
    await writeFile(costs, withKey(costsExample(), 'key_abc'));
    const done = await workshop(['usage', 'import', costs, '--programme', 'p'], env);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/Imported spend from costs\.json: 1 row\(s\), 0\.06 usd/);
    const stored = JSON.parse(await readFile(path.join(env.WORKSHOP_DATA!, 'programmes', 'p', 'costs.json'), 'utf8'));
    expect(stored.days).toEqual([{ source: { kind: 'keyId', value: 'key_abc' }, lineItem: '', day: '2024-11-01', amount: 0.06, currency: 'usd' }]);

    const embeddings = path.join(root.dir, 'embeddings.json');
    await writeFile(embeddings, embeddingsExample());
    const refused = await workshop(['usage', 'import', embeddings, '--programme', 'p'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/embeddings usage API \(organization\.usage\.embeddings\.result\); import the completions usage/);
    expect(refused.stderr).not.toMatch(/\bat .*\.js:\d+/);
    const usage = JSON.parse(await readFile(path.join(env.WORKSHOP_DATA!, 'programmes', 'p', 'usage.json'), 'utf8'));
    expect(usage.imports.map((i: { file: string }) => i.file)).toEqual(['costs.json']);
  });
});
