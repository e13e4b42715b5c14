import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay, zonedInstant } from '../../facilitator/programme/calendar.js';
import { parseSessionId } from '../../facilitator/programme/ids.js';
import { segmentDefinitions, segmentPerson } from '../../facilitator/programme/segments.js';
import { emptyUsage, type Roster } from '../../facilitator/programme/store.js';
import { matchUsage, mergeUsage, parseUsageFile } from '../../facilitator/programme/usage-import.js';
import { isolatedEnv, tempDir, workshop } from './helpers.js';

const page = (startTime: number, results: object[], width = 86_400) => ({ object: 'page', data: [{ object: 'bucket', start_time: startTime, end_time: startTime + width, results }], has_more: false, next_page: null });
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000;
const result = (key: string | null, requests: number) => ({ object: 'organization.usage.completions.result', api_key_id: key, num_model_requests: requests, input_tokens: 10, output_tokens: 2 });

describe('reading usage exports', () => {
  it('reads one usage API page, an array of pages, or one page per line, summing a key-day across pages', () => {
    const one = page(day('2026-03-04'), [result('key_a', 2), result('key_b', 1)]);
    const two = page(day('2026-03-04'), [result('key_a', 3)]);
    for (const text of [JSON.stringify([one, two]), `${JSON.stringify(one)}\n${JSON.stringify(two)}\n`]) {
      const parsed = parseUsageFile(text, 'usage.json', 'Asia/Tokyo');
      expect(parsed.format).toBe('usage-api-json');
      expect(parsed.days).toEqual([
        { source: { kind: 'keyId', value: 'key_a' }, day: '2026-03-04', requests: 5, inputTokens: 20, outputTokens: 4 },
        { source: { kind: 'keyId', value: 'key_b' }, day: '2026-03-04', requests: 1, inputTokens: 10, outputTokens: 2 },
      ]);
    }
    expect(parseUsageFile(JSON.stringify(one), 'usage.json', 'UTC').days).toHaveLength(2);
  });

  it('places a daily bucket on its UTC day and an hourly bucket on the programme\'s local day', () => {
    const daily = parseUsageFile(JSON.stringify(page(day('2026-03-04'), [result('key_a', 1)])), 'u.json', 'America/New_York');
    expect(daily.days[0].day).toBe('2026-03-04');
    // 02:00 UTC on the 4th is 21:00 on the 3rd in New York.
    const hourly = parseUsageFile(JSON.stringify(page(day('2026-03-04') + 2 * 3600, [result('key_a', 1)], 3600)), 'u.json', 'America/New_York');
    expect(hourly.days[0].day).toBe('2026-03-03');
  });

  it('warns when the export was not grouped by api_key_id', () => {
    const parsed = parseUsageFile(JSON.stringify(page(day('2026-03-04'), [result(null, 40)])), 'u.json', 'UTC');
    expect(parsed.days).toEqual([]);
    expect(parsed.warnings[0]).toMatch(/40 requests .* no api_key_id .* group_by=api_key_id/);
  });

  it('explains what a usage file must look like when it is neither', () => {
    expect(() => parseUsageFile('{"object":"list","items":[]}', 'u.json', 'UTC')).toThrow(/not a page of the OpenAI usage or costs API: its "object" is "list", not "page"/);
    expect(() => parseUsageFile('who,when\nx,y\n', 'u.csv', 'UTC')).toThrow(/date, key or email, and requests/);
  });

  it('reads a usage CSV by key id, key hint or email, with spreadsheet dates and thousands separators', () => {
    const parsed = parseUsageFile('date,key,email,requests\n2026/3/4,key_a,,"1,200"\n2026-03-05,sk-...abcd,,3\n2026-03-05T10:00:00Z,,Ann@Example.com,2\n', 'u.csv', 'UTC');
    expect(parsed.days).toEqual([
      { source: { kind: 'keyId', value: 'key_a' }, day: '2026-03-04', requests: 1200 },
      { source: { kind: 'hint', value: 'sk-…abcd' }, day: '2026-03-05', requests: 3 },
      { source: { kind: 'email', value: 'ann@example.com' }, day: '2026-03-05', requests: 2 },
    ]);
  });

  it('refuses a usage CSV with bad rows, naming each line, and never echoes a pasted key', () => {
    const key = 'sk-proj-ZZZZZZZZZZZZZZZZZZZZZZZZZZZZ9999';
    let message = '';
    try {
      parseUsageFile(`date,key,requests\n03/04/2026,key_a,1\n2026-03-05,key_a,many\n2026-03-06,,1\n2026-03-07,${key},1\n`, 'u.csv', 'UTC');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/line 2: the date "03\/04\/2026" is not YYYY-MM-DD/);
    expect(message).toMatch(/line 3: requests "many" is not a whole number/);
    expect(message).toMatch(/line 4: neither a key nor an email/);
    expect(message).not.toMatch(/line 5/);
    expect(message).not.toContain('ZZZZZZZZ');
  });

  it('replaces a key-day on re-import instead of adding it twice', () => {
    const first = parseUsageFile('date,key,requests\n2026-03-04,key_a,5\n', 'u.csv', 'UTC');
    const second = parseUsageFile('date,key,requests\n2026-03-04,key_a,7\n2026-03-05,key_a,1\n', 'u.csv', 'UTC');
    const merged = mergeUsage(mergeUsage(emptyUsage(), first, { file: 'a' }), second, { file: 'b' });
    expect(merged.days.map((d) => [d.day, d.requests])).toEqual([
      ['2026-03-04', 7],
      ['2026-03-05', 1],
    ]);
    expect(merged.imports).toHaveLength(2);
  });

  it('matches usage to people through key ids, hints and emails, and reports what matched nobody', () => {
    const roster: Roster = {
      schemaVersion: 1,
      updatedAt: '2026-03-01T00:00:00Z',
      people: [
        { email: 'Ann@example.com', name: 'Ann', team: 'Ops', key: { kind: 'id', id: 'key_a' } },
        { email: 'bo@example.com', name: 'Bo', team: 'Ops', key: { kind: 'hint', hint: 'sk-…abcd' } },
        { email: 'cy@example.com', name: 'Cy', team: 'Ops', key: { kind: 'hint', hint: 'sk-…same' } },
        { email: 'di@example.com', name: 'Di', team: 'Ops', key: { kind: 'hint', hint: 'sk-…same' } },
      ],
    };
    const usage = mergeUsage(
      emptyUsage(),
      parseUsageFile('date,key,email,requests\n2026-03-04,key_a,,2\n2026-03-04,sk-…abcd,,1\n2026-03-04,,ann@example.com,4\n2026-03-04,key_zz,,9\n2026-03-04,sk-…same,,3\n', 'u.csv', 'UTC'),
      { file: 'u.csv' },
    );
    const matched = matchUsage(usage, roster);
    expect(Object.fromEntries([...matched.byPerson].map(([email, days]) => [email, Object.fromEntries(days)]))).toEqual({
      'ann@example.com': { '2026-03-04': 6 },
      'bo@example.com': { '2026-03-04': 1 },
    });
    expect(matched.unmatched).toEqual([
      { source: { kind: 'keyId', value: 'key_zz' }, requests: 9, days: 1, reason: 'not on the roster' },
      { source: { kind: 'hint', value: 'sk-…same' }, requests: 3, days: 1, reason: 'hint shared by several people' },
    ]);
  });
});

describe('segments', () => {
  const settings = { windowDays: 28, regularMinWeeks: 3 };
  const today = '2026-06-01';

  it('puts someone with no recorded use in notStarted', () => {
    expect(segmentPerson([], '2026-03-03', settings, today)).toMatchObject({ segment: 'notStarted', regular: false });
  });

  it('counts use on days 1 to 28 after the session day as continued, and day 0 or 29 as tried only', () => {
    expect(segmentPerson(['2026-03-03'], '2026-03-03', settings, today).segment).toBe('triedOnly');
    expect(segmentPerson(['2026-03-04'], '2026-03-03', settings, today).segment).toBe('continued');
    expect(segmentPerson(['2026-03-31'], '2026-03-03', settings, today).segment).toBe('continued');
    expect(segmentPerson(['2026-04-01'], '2026-03-03', settings, today).segment).toBe('triedOnly');
    expect(segmentPerson(['2026-03-01'], '2026-03-03', settings, today).segment).toBe('triedOnly');
  });

  it('calls someone regular when they used it in 3 of the 4 weeks, not 2', () => {
    const weeks = (...offsets: number[]) => offsets.map((o) => new Date(Date.UTC(2026, 2, 3 + o)).toISOString().slice(0, 10));
    expect(segmentPerson(weeks(1, 8, 15), '2026-03-03', settings, today)).toMatchObject({ segment: 'continued', regular: true, weeksActive: [true, true, true, false] });
    expect(segmentPerson(weeks(1, 2, 3, 4, 5, 6, 7, 22), '2026-03-03', settings, today)).toMatchObject({ regular: false, weeksActive: [true, false, false, true] });
  });

  it('follows the programme settings and says so in the definitions', () => {
    const short = { windowDays: 14, regularMinWeeks: 2 };
    expect(segmentPerson(['2026-03-20'], '2026-03-03', short, today).segment).toBe('triedOnly');
    expect(segmentPerson(['2026-03-05', '2026-03-12'], '2026-03-03', short, today)).toMatchObject({ segment: 'continued', regular: true });
    expect(segmentDefinitions(short)).toMatchObject({ continued: expect.stringMatching(/14 days/), regular: expect.stringMatching(/at least 2 of the 2 weeks/) });
  });

  it('starts the window of someone who never attended at their first day of use, and says when a window is still open', () => {
    expect(segmentPerson(['2026-05-20', '2026-05-25'], undefined, settings, today)).toMatchObject({ anchorDay: '2026-05-20', segment: 'continued', windowOpen: true });
  });
});

describe('session ids and days', () => {
  it('accepts a session day with an optional label and refuses anything else', () => {
    expect(parseSessionId('2026-12-03-pm')).toEqual({ id: '2026-12-03-pm', date: '2026-12-03', label: 'pm' });
    for (const bad of ['2026-02-30', '2026-12-03-', '2026-12-03_pm', 'december', '2026-12-03/../x']) expect(() => parseSessionId(bad), bad).toThrow(/YYYY-MM-DD/);
  });

  it('turns a local start time into an instant, daylight saving included', () => {
    expect(zonedInstant('2026-12-03', 9, 0, 'Asia/Tokyo').toISOString()).toBe('2026-12-03T00:00:00.000Z');
    expect(zonedInstant('2026-07-01', 9, 0, 'Europe/Paris').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(zonedInstant('2026-01-15', 9, 0, 'Europe/Paris').toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(localDay('2026-03-04T02:00:00Z', 'America/New_York')).toBe('2026-03-03');
  });

  it('puts instants on the right local day around midnight, in 30- and 45-minute zones and across daylight saving', () => {
    // Kathmandu is UTC+5:45: local midnight is 18:15 UTC.
    expect(localDay('2026-03-04T18:14:59Z', 'Asia/Kathmandu')).toBe('2026-03-04');
    expect(localDay('2026-03-04T18:15:00Z', 'Asia/Kathmandu')).toBe('2026-03-05');
    // Kolkata is UTC+5:30.
    expect(localDay('2026-03-04T18:29:59Z', 'Asia/Kolkata')).toBe('2026-03-04');
    expect(localDay('2026-03-04T18:30:00Z', 'Asia/Kolkata')).toBe('2026-03-05');
    // New York springs forward on 2026-03-08 (UTC-5 before, UTC-4 after) and falls back on 2026-11-01.
    expect(localDay('2026-03-09T03:59:59Z', 'America/New_York')).toBe('2026-03-08');
    expect(localDay('2026-03-09T04:00:00Z', 'America/New_York')).toBe('2026-03-09');
    expect(localDay('2026-11-02T04:59:59Z', 'America/New_York')).toBe('2026-11-01');
    expect(localDay('2026-11-02T05:00:00Z', 'America/New_York')).toBe('2026-11-02');
  });
});

describe('workshop usage import', () => {
  let root: { dir: string; cleanup: () => Promise<void> };
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    root = await tempDir();
    env = isolatedEnv(root.dir);
    await workshop(['programme', 'create', 'p', '--title', 'P', '--time-zone', 'UTC'], env);
    await writeFile(path.join(root.dir, 'roster.csv'), 'email,name,team,key\nann@example.com,Ann,Ops,key_a\n');
    await workshop(['roster', 'import', path.join(root.dir, 'roster.csv'), '--programme', 'p'], env);
  });
  afterAll(async () => root.cleanup());

  it('says how many people matched and lists keys that matched nobody', async () => {
    const file = path.join(root.dir, 'usage.json');
    await writeFile(file, JSON.stringify(page(day('2026-03-04'), [result('key_a', 2), result('key_unknown', 5)])));
    const text = await workshop(['usage', 'import', file, '--programme', 'p'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/matched to 1 people/);
    expect(text.stdout).toMatch(/key_unknown: 5 requests on 1 day/);
    const json = await workshop(['usage', 'import', file, '--programme', 'p', '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ format: 'usage-api-json', rows: 2, requests: 7, people: 1, unmatched: [{ source: { value: 'key_unknown' } }] });
    const stored = JSON.parse(await readFile(path.join(env.WORKSHOP_DATA!, 'programmes', 'p', 'usage.json'), 'utf8'));
    expect(stored.days).toHaveLength(2);
  });

  it('refuses a broken export with one clear line and no stack trace', async () => {
    const file = path.join(root.dir, 'broken.json');
    await writeFile(file, '{"data": [{"start_time": "yesterday"}]');
    const result = await workshop(['usage', 'import', file, '--programme', 'p'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not valid JSON/);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
