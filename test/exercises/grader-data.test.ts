import { describe, expect, it } from 'vitest';
import { findNumbers } from '../../src/exercises/numbers.js';
import { parseCsv } from '../../src/exercises/tables.js';
import { BOM, crlf, runCheck } from './helpers.js';

describe('reading numbers', () => {
  const values = (text: string) => findNumbers(text).map((n) => n.value);

  it('reads the formats people write', () => {
    expect(values('1,234.50')).toEqual([1234.5]);
    expect(values('1234.5')).toEqual([1234.5]);
    expect(values('¥1,234')).toEqual([1234]);
    expect(values('$1,234')).toEqual([1234]);
    expect(values('1 234,50 €')).toEqual([1234.5]);
    expect(values('1.234,50')).toEqual([1234.5]);
    expect(values("CHF 1'234.50")).toEqual([1234.5]);
    expect(values('12.5%')).toEqual([12.5]);
    expect(values('1,234万円')).toEqual([12_340_000]);
    expect(values('１，２３４円'.normalize('NFKC'))).toEqual([1234]);
  });

  it('reads negatives but not markdown bullets or date parts as negatives', () => {
    expect(values('Net: -1,234')).toEqual([-1234]);
    expect(values('Net: −¥500')).toEqual([-500]);
    expect(values('- 1,234 total')).toEqual([1234]);
    expect(values('2024-03-31')).toEqual([2024, 3, 31]);
  });

  it('keeps numbers apart that only sit side by side', () => {
    expect(values('Travel 12 45,000')).toEqual([12, 45000]);
    expect(values('1,234.50, 5,678.00')).toEqual([1234.5, 5678]);
    expect(values('Q3 total 900')).toEqual([900]);
  });
});

describe('number', () => {
  const check = { type: 'number', path: 'summary.md', label: ['grand total', '総合計'], value: 1234.5 };

  it('finds the number on the same line as the label, in many formats', () => {
    for (const line of ['Grand total: 1,234.50', '**Grand Total** — $1,234.50', 'grand total 1234.5 yen', 'Grand total: 1 234,50', '総合計：１，２３４．５円']) {
      expect(runCheck(check, { 'summary.md': `# Expenses\n\n${line}\n` }).passed, line).toBe(true);
    }
  });

  it('finds the number in the table cell beside the label', () => {
    const table = '| Category | Amount |\n|---|---:|\n| Travel | 900.00 |\n| **Grand total** | **1,234.50** |\n';
    expect(runCheck(check, { 'summary.md': table }).passed).toBe(true);
  });

  it('finds the number beside the label in a CSV row, with quoted thousands', () => {
    const csv = BOM + crlf('category,amount\nTravel,900\nGrand total,"1,234.50"\n');
    expect(runCheck({ ...check, path: '*.csv' }, { 'totals.csv': csv }).passed).toBe(true);
  });

  it('reads the amount on the next line when the label stands alone', () => {
    expect(runCheck(check, { 'summary.md': '## Grand total\n\n¥1,234.50\n' }).passed).toBe(true);
  });

  it('fails with the numbers it found beside the label', () => {
    const result = runCheck(check, { 'summary.md': 'Grand total: 1,230.00' });
    expect(result.passed).toBe(false);
    expect(result.findings).toEqual([{ code: 'number-off', params: { label: ['grand total', '総合計'], found: '1,230.00', direction: 'low', band: 'under-1' } }]);
    // The learner is told which way and roughly how far, never the right total.
    expect(result.detail).toBe('“grand total” says 1,230.00, which is too low by less than 1%.');
    expect(result.detail).not.toContain('1,234');
  });

  it('fails saying the label is missing', () => {
    expect(runCheck(check, { 'summary.md': 'Total: 1,234.50' }).findings).toEqual([{ code: 'number-no-label', params: { label: check.label } }]);
  });

  it('honours the tolerance', () => {
    expect(runCheck({ ...check, value: 1234, tolerance: 1 }, { 'summary.md': 'Grand total 1,234.50' }).passed).toBe(true);
    expect(runCheck({ ...check, value: 1234, tolerance: 0.1 }, { 'summary.md': 'Grand total 1,234.50' }).passed).toBe(false);
  });
});

describe('table', () => {
  const check = { type: 'table', path: '*.md', format: 'markdown', columns: ['category', ['total', 'amount']], rows: { min: 2, max: 5 } };

  it('passes for a markdown table with the columns in any order, with or without outer pipes', () => {
    const a = 'Intro text.\n\n| Amount (JPY) | Category |\n| ---: | :--- |\n| 1,000 | Travel |\n| 2,000 | Meals |\n\nThanks!';
    expect(runCheck(check, { 'summary.md': a }).passed).toBe(true);
    const b = crlf('Category | Total\n--- | ---\nTravel | 1\nMeals | 2\nOther | 3\n');
    expect(runCheck(check, { 'summary.md': b }).passed).toBe(true);
  });

  it('fails naming a missing column', () => {
    const result = runCheck(check, { 'summary.md': '| Category | Notes |\n|---|---|\n| a | b |\n| c | d |\n' });
    expect(result.passed).toBe(false);
    expect(result.findings).toEqual([{ code: 'table-columns-missing', params: { terms: [['total', 'amount']] } }]);
  });

  it('fails when the row count is out of range', () => {
    const result = runCheck(check, { 'summary.md': '| Category | Total |\n|---|---|\n| a | 1 |\n' });
    expect(result.findings).toEqual([{ code: 'table-rows', params: { count: 1, min: 2, max: 5 } }]);
    expect(result.detail).toBe('The table has 1 row; 2 to 5 are expected.');
  });

  it('fails when there is no table at all', () => {
    expect(runCheck(check, { 'summary.md': 'Category: Travel, Total: 1' }).detail).toBe('There is no Markdown table in summary.md.');
  });

  it('reads CSV with semicolons or tabs, quoted fields, and a title line before the header', () => {
    const csvCheck = { type: 'table', path: '*.csv', format: 'csv', columns: ['name', 'email'], rows: { min: 2 } };
    expect(runCheck(csvCheck, { 'a.csv': 'Email;Name\n"a@x.jp";"Sato; Aki"\nb@x.jp;Ken\n' }).passed).toBe(true);
    expect(runCheck(csvCheck, { 'a.csv': 'Name\tEmail\nA\ta@x\nB\tb@x\n' }).passed).toBe(true);
    expect(runCheck(csvCheck, { 'a.csv': 'Contacts export 2024\nName,Email\nA,a@x\nB,b@x\n' }).passed).toBe(true);
    expect(runCheck(csvCheck, { 'a.csv': 'Name,Phone\nA,1\nB,2\n' }).passed).toBe(false);
  });

  it('parses quoted CSV fields with commas, quotes and newlines', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi""\nthere"\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
    ]);
  });
});

describe('json', () => {
  const check = { type: 'json', path: 'task.json', required: ['title', 'owner.email', 'steps.name'] };

  it('passes with the dotted keys present, with a BOM, keys in another case', () => {
    const json = BOM + JSON.stringify({ Title: 'x', owner: { email: 'a@b' }, steps: [{ name: 'a' }, { name: 'b' }] });
    expect(runCheck(check, { 'task.json': json }).passed).toBe(true);
  });

  it('fails naming the missing keys', () => {
    const result = runCheck(check, { 'task.json': JSON.stringify({ title: 'x', owner: {}, steps: [{ name: 'a' }, {}] }) });
    expect(result.passed).toBe(false);
    expect(result.findings).toEqual([{ code: 'json-keys-missing', params: { keys: ['owner.email', 'steps.name'] } }]);
  });

  it('indexes arrays with a number segment', () => {
    expect(runCheck({ type: 'json', path: 'a.json', required: ['items.1.id'] }, { 'a.json': '{"items":[{},{"id":1}]}' }).passed).toBe(true);
    expect(runCheck({ type: 'json', path: 'a.json', required: ['items.2.id'] }, { 'a.json': '{"items":[{},{"id":1}]}' }).passed).toBe(false);
  });

  it('fails for invalid JSON with the parser’s reason', () => {
    const result = runCheck(check, { 'task.json': '{"title": "x",}' });
    expect(result.passed).toBe(false);
    expect(result.detail).toBe('task.json is not valid JSON.');
  });
});
