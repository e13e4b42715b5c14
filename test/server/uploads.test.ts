import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerClient } from '../../facilitator/server/client.js';
import { ENGINES, cleanupTargets, engineAvailable } from '../support/engines.js';
import { PROGRAMME, type TestServer, startTestServer } from './helpers.js';

/**
 * Roster and usage uploads: the shared pure cores (importRoster, parseUsageFile) run on the server,
 * inside the store's transactions, so concurrent uploads never lose each other's people.
 */
afterAll(cleanupTargets);

function rosterCsv(prefix: string, count: number, team = 'Sales'): string {
  const lines = ['email,name,team,key'];
  for (let i = 0; i < count; i += 1) lines.push(`${prefix}${i}@example.com,${prefix} ${i},${team},key_${prefix}${i}`);
  return `${lines.join('\n')}\n`;
}

describe.each(ENGINES)('uploads on the %s engine', (kind) => {
  let server: TestServer;
  let client: ServerClient;

  beforeAll(async () => {
    if (!engineAvailable(kind)) return;
    server = await startTestServer(kind);
    client = new ServerClient(server.url, await server.token('facilitator', 'Ken'));
  });
  afterAll(async () => server?.close());

  it.skipIf(!engineAvailable(kind))('lands two roster uploads sent at the same moment, both in full', async () => {
    for (let round = 0; round < 3; round += 1) {
      const [a, b] = await Promise.all([
        client.uploadRoster(PROGRAMME.id, { csv: rosterCsv(`a${round}-`, 150), file: 'sales.csv' }),
        client.uploadRoster(PROGRAMME.id, { csv: rosterCsv(`b${round}-`, 150, 'HR'), file: 'hr.csv' }),
      ]);
      expect([a.added, b.added]).toEqual([150, 150]);
      // The second to commit saw the first's people: its total counts them (kept, not in its file).
      expect(Math.max(a.people, b.people)).toBe(300 * (round + 1));
    }
    const roster = await server.store.getRoster(PROGRAMME.id);
    expect(roster.people).toHaveLength(900);
    expect(new Set(roster.people.map((p) => p.email)).size).toBe(900);
  });

  it.skipIf(!engineAvailable(kind))('updates people by email on a second upload and replaces the roster with replace', async () => {
    const again = await client.uploadRoster(PROGRAMME.id, { csv: 'email,name,team\nA0-0@EXAMPLE.com,Renamed,Sales\n', file: 'fix.csv' });
    expect(again).toMatchObject({ added: 0, updated: 1, notInFile: 899, people: 900 });
    const replaced = await client.uploadRoster(PROGRAMME.id, { csv: rosterCsv('c-', 3), file: 'c.csv', replace: true });
    expect(replaced).toMatchObject({ people: 3, added: 3, removed: 900 });
    expect((await server.store.getRoster(PROGRAMME.id)).people.map((p) => p.email)).toEqual(['c-0@example.com', 'c-1@example.com', 'c-2@example.com']);
  });

  it.skipIf(!engineAvailable(kind))('keeps only the hint of a full API key pasted in the roster, and says so', async () => {
    const secret = `sk-proj-${'Q'.repeat(40)}WXYZ`;
    const result = await client.uploadRoster(PROGRAMME.id, { csv: `email,name,team,key\nc-2@example.com,C 2,Sales,${secret}\n`, file: 'k.csv' });
    expect(result.warnings.join('\n')).toContain('sk-…WXYZ');
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(JSON.stringify(await server.store.getRoster(PROGRAMME.id))).not.toContain(secret);
  });

  it.skipIf(!engineAvailable(kind))('refuses a roster with a bad row as a whole (400 with the line), changing nothing', async () => {
    const before = await server.store.getRoster(PROGRAMME.id);
    await expect(client.uploadRoster(PROGRAMME.id, { csv: 'email,name,team\nnew@example.com,New,Sales\nbroken,,Sales\n', file: 'bad.csv' })).rejects.toThrow(/refused the request: bad\.csv was not imported \(nothing changed\)[\s\S]*line 3/);
    expect(await server.store.getRoster(PROGRAMME.id)).toEqual(before);
  });

  it.skipIf(!engineAvailable(kind))('imports usage (CSV and usage-API JSON), matched through the roster, and a re-import replaces the same days', async () => {
    const csv = 'date,key,email,requests\n2026-03-04,key_c-0,,5\n2026-03-05,,c-1@example.com,2\n2026-03-05,key_stranger,,9\n';
    const first = await client.uploadUsage(PROGRAMME.id, { text: csv, file: 'C:\\exports\\usage.csv' });
    expect(first).toMatchObject({ programme: PROGRAMME.id, file: 'usage.csv', format: 'csv', rows: 3, requests: 16, people: 2, ungroupedRequests: 0 });
    expect(first.unmatched).toEqual([{ source: { kind: 'keyId', value: 'key_stranger' }, requests: 9, days: 1, reason: 'not on the roster' }]);
    const start = Date.parse('2026-03-04T00:00:00Z') / 1000;
    // A page as the API returns it: every page and result says what it is (issue 16 refuses anything else).
    const page = {
      object: 'page',
      data: [{ object: 'bucket', start_time: start, end_time: start + 86_400, results: [{ object: 'organization.usage.completions.result', api_key_id: 'key_c-0', num_model_requests: 7, input_tokens: 10, output_tokens: 2 }] }],
      has_more: false,
      next_page: null,
    };
    const second = await client.uploadUsage(PROGRAMME.id, { text: JSON.stringify(page), file: 'usage.json' });
    expect(second).toMatchObject({ format: 'usage-api-json', rows: 1, requests: 7, people: 1 });
    const usage = await server.store.getUsage(PROGRAMME.id);
    expect(usage.imports.map((i) => [i.file, i.format, i.rows])).toEqual([
      ['usage.csv', 'csv', 3],
      ['usage.json', 'usage-api-json', 1],
    ]);
    expect(usage.days.find((d) => d.source.value === 'key_c-0' && d.day === '2026-03-04')).toMatchObject({ requests: 7, inputTokens: 10, outputTokens: 2 });
    expect(usage.days).toHaveLength(3);
    expect((await server.store.changes(PROGRAMME.id))[0]).toMatchObject({ actor: 'Ken', action: 'usage.import', detail: { file: 'usage.json', rows: 1 } });
  });

  it.skipIf(!engineAvailable(kind))('refuses a usage file of the wrong shape with the reason, changing nothing', async () => {
    await expect(client.uploadUsage(PROGRAMME.id, { text: 'what,ever\n1,2\n', file: 'x.csv' })).rejects.toThrow(/x\.csv is neither usage API JSON nor a usage CSV/);
    expect((await server.store.getUsage(PROGRAMME.id)).imports).toHaveLength(2);
  });
});
