import { describe, expect, it } from 'vitest';
import { describeFindings } from '../../src/exercises/feedback.js';
import { findNumbers } from '../../src/exercises/numbers.js';
import { crlf, runCheck } from './helpers.js';

/**
 * The `number` check reads a label's figure where it stands: in tables of either orientation (a
 * category as a row or as a column, a totals row or column), in prose and lists by the words just
 * before each number, under headings. The figures here are from a small expenses report: Travel
 * 439,210, Meals 203,330, grand total 642,540.
 */
const CATEGORIES = { travel: ['travel', '旅費', '交通費'], meals: ['meals', '会議費', '飲食'] };
const travel = { type: 'number', path: '**/*.md', label: CATEGORIES.travel, others: [CATEGORIES.meals], value: 439210 };
const meals = { type: 'number', path: '**/*.md', label: CATEGORIES.meals, others: [CATEGORIES.travel], value: 203330 };
const grand = { type: 'number', path: '**/*.md', label: ['grand total', 'total', '合計', '総計'], others: [CATEGORIES.travel, CATEGORIES.meals], value: 642540 };

function verdicts(text: string) {
  const files = { 'summary.md': text };
  return [runCheck(travel, files).passed, runCheck(meals, files).passed, runCheck(grand, files).passed];
}

describe('reading numbers the way reports write them', () => {
  const values = (text: string) => findNumbers(text).map((n) => n.value);

  it('reads Japanese compound amounts, thousands multipliers and the accounting minus', () => {
    expect(values('43万9,210円')).toEqual([439_210]);
    expect(values('64万2540円')).toEqual([642_540]);
    expect(values('1億2,000万円')).toEqual([120_000_000]);
    expect(values('439千円')).toEqual([439_000]);
    expect(values('¥439k and 2.84M')).toEqual([439_000, 2_840_000]);
    expect(values('▲3,200')).toEqual([-3200]);
  });

  it('does not read units glued to letters as multipliers', () => {
    expect(values('5km, 3Mbps')).toEqual([5, 3]);
  });
});

describe('number: the label as a table row', () => {
  it('reads the category row and the totals row of a two-column table', () => {
    const table = '| Category | Total (JPY) |\n|---|---:|\n| Travel | ¥439,210 |\n| Meals | ¥203,330 |\n| **Grand total** | **¥642,540** |\n';
    expect(verdicts(table)).toEqual([true, true, true]);
  });

  it('reads the totals column of a row, not a count or a share beside it', () => {
    const table = [
      '| # | Category | Claims | Total | Share |',
      '|--:|---|--:|--:|--:|',
      '| 1 | Travel | 28 | 439,210 | 68.4% |',
      '| 2 | Meals | 46 | 203,330 | 31.6% |',
      '|  | **Total** | **74** | **642,540** | **100%** |',
    ].join('\n');
    expect(verdicts(table)).toEqual([true, true, true]);
    // A wrong total in the totals column is reported as such, not as the count or the share.
    const wrong = table.replace('439,210', '453,930');
    const result = runCheck(travel, { 'summary.md': wrong });
    expect(result.findings).toEqual([{ code: 'number-off', params: { label: travel.label, found: '453,930', direction: 'high', band: '1-5' } }]);
  });

  it('reads the totals column of a category row with months as columns', () => {
    const table = [
      '| 区分 | 4月 | 5月 | 6月 | 合計 |',
      '|---|---:|---:|---:|---:|',
      '| 旅費交通費 | 135,110 | 159,780 | 144,320 | 439,210 |',
      '| 会議費 | 85,600 | 59,650 | 58,080 | 203,330 |',
      '| 合計 | 220,710 | 219,430 | 202,400 | 642,540 |',
    ].join('\n');
    expect(verdicts(table)).toEqual([true, true, true]);
  });

  it('reads a summary CSV too', () => {
    const csv = crlf('Category,Amount (JPY)\nTravel,"439,210"\nMeals,203330\nTotal,"642,540"\n');
    const files = { 'summary.csv': csv };
    for (const check of [travel, meals, grand]) expect(runCheck({ ...check, path: '*.csv' }, files).passed).toBe(true);
  });
});

describe('number: the label as a table column', () => {
  const byMonth = [
    '| Month | Travel | Meals | Total |',
    '|---|---:|---:|---:|',
    '| April | 135,110 | 85,600 | 220,710 |',
    '| May | 159,780 | 59,650 | 219,430 |',
    '| June | 144,320 | 58,080 | 202,400 |',
    '| **Total** | **439,210** | **203,330** | **642,540** |',
  ].join('\n');

  it('reads the column’s cell in the totals row (months as rows, categories as columns)', () => {
    expect(verdicts(byMonth)).toEqual([true, true, true]);
    expect(verdicts(byMonth.replace('**Total**', '合計'))).toEqual([true, true, true]);
    expect(verdicts(byMonth.replace('**Total**', '計'))).toEqual([true, true, true]);
  });

  it('reads the only data row of a one-row table', () => {
    const oneRow = '| Travel | Meals | Grand total |\n|---|---|---|\n| ¥439,210 | ¥203,330 | ¥642,540 |\n';
    expect(verdicts(oneRow)).toEqual([true, true, true]);
  });

  it('does not take a month’s figure for the category total when there is no totals row', () => {
    const noTotals = byMonth.split('\n').slice(0, 5).join('\n').replace('| April | 135,110', '| April | 439,210');
    const result = runCheck(travel, { 'summary.md': noTotals });
    expect(result.passed).toBe(false);
    expect(result.findings).toEqual([{ code: 'number-column-no-total', params: { label: travel.label } }]);
  });
});

describe('number: prose and lists', () => {
  it('reads bullets, sentences and Japanese prose', () => {
    expect(verdicts('- **Travel:** 439,210 JPY (28 claims)\n- **Meals:** 203,330 JPY\n\n**Grand total: 642,540 JPY**\n')).toEqual([true, true, true]);
    expect(verdicts('旅費交通費の合計は 439,210 円、会議費は 203,330 円で、総計は 642,540 円です。')).toEqual([true, true, true]);
    expect(verdicts('・旅費：４３９，２１０円\n・会議費：２０３，３３０円\n\n合計：６４万２,５４０円')).toEqual([true, true, true]);
    expect(verdicts('Travel (28 claims): 439,210\nMeals, 46 claims, 203,330\nTotal 642,540 across 74 claims')).toEqual([true, true, true]);
  });

  it('reads a bare “Total” under a heading or list item as that item’s total', () => {
    const sections = '## Travel\n- Claims: 28\n- Total: ¥439,210\n\n## Meals\n- Total: ¥203,330\n\n## Overall\nTotal: ¥642,540\n';
    expect(verdicts(sections)).toEqual([true, true, true]);
    const nested = '- Travel\n  - 28 claims\n  - Total: 439,210\n- Meals\n  - Total: 203,330\n\nGrand total: 642,540\n';
    expect(verdicts(nested)).toEqual([true, true, true]);
  });

  it('reads the amount under a heading that names the label', () => {
    expect(runCheck(grand, { 'summary.md': '## Grand total\n\n¥642,540\n' }).passed).toBe(true);
  });

  it('does not read a category’s total line as the grand total', () => {
    // Only category lines: "Total travel" mentions "total" but is Travel's.
    const result = runCheck(grand, { 'summary.md': 'Total travel: 642,540\nMeals total: 203,330\n' });
    expect(result.passed).toBe(false);
    expect(result.findings).toEqual([{ code: 'number-no-label', params: { label: grand.label } }]);
    // And under a "Travel" heading, "Total:" is Travel's total.
    expect(runCheck(grand, { 'summary.md': '### Travel\n- Total: 642,540\n' }).passed).toBe(false);
  });

  it('does not read the grand total line as a category’s total', () => {
    expect(runCheck(travel, { 'summary.md': 'Travel: 453,930\nGrand total: 439,210\n' }).passed).toBe(false);
  });

  it('does not read a count or a share on the category line as its total', () => {
    const result = runCheck({ ...travel, value: 28 }, { 'summary.md': 'Travel: 439,210 (28 claims)\n' });
    // The count does sit on the line; with "others" given, it still counts as said about Travel.
    expect(result.passed).toBe(true);
    expect(runCheck(travel, { 'summary.md': 'Travel: 28 claims, 15.4% of spend\n' }).passed).toBe(false);
  });
});

describe('number: items named together, counts and shares', () => {
  it('resolves overlapping names to the more specific item (飲食 inside 接待飲食費)', () => {
    const entertainment = ['client entertainment', '接待交際費', '接待飲食'];
    const mealsJa = { ...meals, label: ['meals', '飲食'], others: [entertainment] };
    const text = '| 区分 | 金額 |\n|---|---|\n| 接待飲食費 | 506,060 |\n| 飲食費 | 203,330 |\n';
    expect(runCheck(mealsJa, { 'summary.md': text }).passed).toBe(true);
    expect(runCheck({ ...mealsJa, value: 506060 }, { 'summary.md': text }).passed).toBe(false);
    expect(runCheck({ type: 'number', path: '**/*.md', label: entertainment, others: [['meals', '飲食']], value: 506060 }, { 'summary.md': text }).passed).toBe(true);
  });

  it('says so when the label only appears merged with another item', () => {
    const result = runCheck(travel, { 'summary.md': '| Category | Total |\n|---|---|\n| Travel & meals | 642,540 |\n' });
    expect(result.findings).toEqual([{ code: 'number-label-shared', params: { label: travel.label } }]);
    expect(result.detail).toBe('“travel” only appears together with another item, never with a figure of its own.');
    expect(describeFindings(result.findings, 'ja')).toBe('「旅費」はほかの項目とまとめて書かれているだけで、それだけの数字がありません。');
  });

  it('says so when beside the label there is only a count or a share', () => {
    const table = '| 区分 | 件数 | 構成比 |\n|---|--:|--:|\n| 旅費交通費 | 28 件 | 68.4% |\n';
    const result = runCheck(travel, { 'summary.md': table });
    expect(result.findings).toEqual([{ code: 'number-only-counts', params: { label: travel.label } }]);
    expect(result.detail).toBe('Beside “travel” there is only a count or a share (%), not the amount.');
    expect(describeFindings(result.findings, 'ja')).toBe('「旅費」の横には件数や割合(%)しかなく、金額がありません。');
    expect(runCheck(travel, { 'summary.md': '- Travel: 28 claims (68.4%)\n' }).findings?.[0].code).toBe('number-only-counts');
    // "rows" belongs to the 200 before it, not to the total after it.
    expect(runCheck(grand, { 'summary.md': 'Grand total across 200 rows: 650,123\n' }).findings?.[0].code).toBe('number-off');
  });

  it('still reads a count when the label itself is a count', () => {
    expect(runCheck({ type: 'number', path: '*.md', label: ['claims', '件数'], value: 200 }, { 'a.md': 'Claims: 200 rows' }).passed).toBe(true);
  });
});

describe('number: feedback never gives the right figure', () => {
  it('says which way and roughly how far, in bands', () => {
    const result = runCheck(travel, { 'summary.md': '- Travel: ¥468,650\n' });
    expect(result.findings).toEqual([{ code: 'number-off', params: { label: travel.label, found: '468,650', direction: 'high', band: '5-10' } }]);
    expect(result.detail).toBe('“travel” says 468,650, which is too high by 5–10%.');
    expect(describeFindings(result.findings, 'ja')).toBe('「旅費」は 468,650 となっていますが、5〜10% ほど多すぎます。');
    for (const text of [result.detail, describeFindings(result.findings, 'ja')]) expect(text).not.toMatch(/439/);
  });

  it('says a figure looks rounded instead of sending people after a missing row', () => {
    const result = runCheck(travel, { 'summary.md': '| Category | Total |\n|---|---|\n| Travel | ¥439k |\n' });
    expect(result.findings).toEqual([{ code: 'number-rounded', params: { label: travel.label, found: '439k' } }]);
    expect(result.detail).toBe('“travel” says 439k, which looks rounded: the exact figure is needed.');
    expect(describeFindings(result.findings, 'ja')).toBe('「旅費」は 439k となっていて、丸めた数字のようです。端数まで正確な数字が必要です。');
    expect(runCheck(travel, { 'summary.md': 'Travel: 439,000 yen' }).findings?.[0].code).toBe('number-rounded');
    // 440,000 is not a rounding of 439,210 to the thousand: it is just off.
    expect(runCheck(travel, { 'summary.md': 'Travel: 441,000 yen' }).findings?.[0].code).toBe('number-off');
  });

  it('words the column-without-total finding in both languages', () => {
    const findings = [{ code: 'number-column-no-total', params: { label: travel.label } }] as const;
    expect(describeFindings([...findings], 'en')).toBe('“travel” heads a table column, but no row of that table gives its total.');
    expect(describeFindings([...findings], 'ja')).toBe('「旅費」は表の列になっていますが、その列の合計を示す行がありません。');
  });

  it('says “more than double” rather than a percentage far above 100', () => {
    const result = runCheck(travel, { 'summary.md': 'Travel: 1,439,210' });
    expect(result.detail).toBe('“travel” says 1,439,210, which is more than double the right figure.');
  });
});
