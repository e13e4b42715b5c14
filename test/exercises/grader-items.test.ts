import { describe, expect, it } from 'vitest';
import { describeFindings } from '../../src/exercises/feedback.js';
import { namesPerson } from '../../src/exercises/item-facts.js';
import { parseItems } from '../../src/exercises/items.js';
import { assignBest } from '../../src/exercises/matching.js';
import { CheckSchema } from '../../src/exercises/pack-schema.js';
import { BOM, crlf, runCheck } from './helpers.js';

/** A small meeting: three commitments, one date corrected during the meeting, things that are not actions. */
const people = [
  { id: 'daniel', names: ['Daniel', 'Okafor', 'ダニエル'] },
  { id: 'kenji', names: ['Kenji', 'Mori', 'ケンジ', '森'] },
  { id: 'yuki', names: ['Yuki', 'Tanaka', 'ユキ', '田中'] },
];
const required = [
  { id: 'quote', name: { en: 'the quote', ja: '見積書' }, match: ['quote', '見積'], owner: 'daniel', due: '2024-06-14', superseded: ['2024-06-13'] },
  { id: 'hotel', name: { en: 'the hotel booking', ja: 'ホテルの予約' }, match: ['hotel', 'ホテル'], owner: 'kenji', due: '2024-06-20', superseded: ['2024-06-14'] },
  { id: 'review', name: { en: 'the draft review', ja: '原稿のレビュー' }, match: ['draft', '原稿'], owner: 'yuki', due: '2024-06-26' },
];
const forbidden = [
  { id: 'cake', match: ['birthday', 'cake', '誕生日', 'ケーキ'], why: { en: 'a personal errand', ja: '個人的な用事' } },
  { id: 'website', match: ['website', 'ウェブサイト'], why: { en: 'rejected in the meeting', ja: '会議で見送り' } },
];
const check = { type: 'items', path: '**/*.md', shape: 'checklist', count: { max: 3 }, people, referenceDate: '2024-06-12', required, forbidden };

const right = `# Action items (12 June 2024)

- [ ] Send the revised quote to Nakamura — **Owner:** Daniel — **Due:** Fri 14 June
- [ ] Book the hotel rooms in Osaka — **Owner:** Kenji — **Due:** 20 June
- [ ] Review the case study draft written by Priya — **Owner:** Yuki — **Due:** 26 June
`;

function withLines(lines: string[]): string {
  return `# Action items\n\n${lines.join('\n')}\n`;
}

describe('items: reading a list', () => {
  it('reads a checklist item with its nested sub-lines as one item', () => {
    const list = parseItems('- [ ] Send quote\n  - Owner: Daniel\n  - Due: 14 June\n- [x] Book hotel\n');
    expect(list.shape).toBe('checklist');
    expect(list.items.map((item) => item.text)).toEqual(['Send quote\nOwner: Daniel\nDue: 14 June', 'Book hotel']);
  });

  it('does not read items under a "Not included" heading or label, nor prose, as items', () => {
    const list = parseItems('Intro paragraph about the meeting.\n\n- [ ] Send quote\n\n## Not included\n- [ ] Birthday cake\n\n**除外したもの:**\n- 歯医者\n');
    expect(list.items.map((item) => item.head)).toEqual(['Send quote']);
  });

  it('reads a ticked-box name over ticked-box lines as a group, not one item', () => {
    const list = parseItems('- [ ] Daniel\n  - [ ] Send quote — 14 June\n  - [ ] CRM — 28 June\n');
    expect(list.items.map((item) => [item.head, item.context])).toEqual([
      ['Send quote — 14 June', ['Daniel']],
      ['CRM — 28 June', ['Daniel']],
    ]);
  });

  it('reads table rows as items, with the owner and due columns', () => {
    const list = parseItems('| Task | Owner | Due |\n|---|---|---|\n| Send quote | Daniel | 6/14 |\n| Book hotel | Kenji | 6/20 |\n');
    expect(list.shape).toBe('table');
    expect(list.items.map((item) => item.cells)).toEqual([
      { owner: 'Daniel', due: '6/14' },
      { owner: 'Kenji', due: '6/20' },
    ]);
  });

  it('reads a one-person group bullet as a group, and plain bullets as their own shape', () => {
    const list = parseItems('- **Daniel Okafor**\n  - Send quote (14 June)\n  - Clean up the CRM (28 June)\n');
    expect(list.shape).toBe('bullets');
    expect(list.items.map((item) => [item.head, item.context])).toEqual([
      ['Send quote (14 June)', ['Daniel Okafor']],
      ['Clean up the CRM (28 June)', ['Daniel Okafor']],
    ]);
  });

  it('names people by containment for Japanese forms and by whole word for Latin ones', () => {
    expect(namesPerson('担当:森さん', ['Mori', '森'])).toBe(true);
    expect(namesPerson('ご担当:田中様', ['Tanaka', '田中'])).toBe(true);
    expect(namesPerson('Owner: Okafor-san', ['Okafor'])).toBe(true);
    expect(namesPerson('ダニエル・オカフォーさん', ['オカフォー'])).toBe(true);
    expect(namesPerson('the memorial service', ['Mori'])).toBe(false);
    expect(namesPerson('ＫＥＮＪＩ', ['Kenji'])).toBe(true);
  });

  it('pairs rows with columns for the highest total score', () => {
    // Row 0 fits both columns, row 1 only column 0: the best pairing gives row 1 column 0.
    expect(assignBest([[110, 100], [100, 0]])).toEqual([1, 0]);
    expect(assignBest([[0, 0]])).toEqual([-1]);
  });
});

describe('items check', () => {
  it('passes the right list in many shapes: sub-lines, owner groups, Japanese, CRLF and BOM', () => {
    expect(runCheck(check, { 'action-items.md': right }).passed).toBe(true);
    const nested = withLines(['1. [ ] Quote to Nakamura', '   - Owner: Daniel Okafor', '   - Due: 14.06.2024', '2. [ ] Hotel booking (Osaka)', '   - Owner: Kenji Mori', '   - Due: 2024-06-20', '3. [ ] Draft review', '   - Owner: Yuki', '   - Due: 6/26']);
    expect(runCheck(check, { 'notes/actions.md': BOM + crlf(nested) }).passed).toBe(true);
    const grouped = '## Daniel Okafor\n- [ ] Send quote — Friday\n\n## 森さん\n- [ ] ホテルの予約 — 6月20日(木)まで\n\n## Yuki Tanaka\n- [ ] Review the draft from Priya — 26 June\n';
    expect(runCheck(check, { 'a.md': grouped }).passed).toBe(true);
    const japanese = '# アクションアイテム\n\n- [ ] 見積書を送付(担当:ダニエルさん、期限:6/14(金))\n- [ ] ホテルを予約(担当:森様、期限:6月20日 ※当初14日の予定を変更)\n- [ ] 原稿のレビュー(担当:田中さん、期限:６月２６日)\n';
    expect(runCheck(check, { 'a.md': japanese }).passed).toBe(true);
  });

  it('passes with a source timestamp before items and a "Not included" note naming what was left out', () => {
    const answer = withLines([
      '- [ ] [00:12:31] Send the quote — Daniel — Fri 14 June',
      '- [ ] [00:24:02] Book the hotel — Kenji — 20 June (not the 14th)',
      '- [ ] [00:31:02] Review the draft — Yuki — 26 June',
      '',
      '## Not included',
      '- Sarah\'s birthday cake (personal), the website idea (rejected)',
    ]);
    expect(runCheck(check, { 'a.md': answer }).passed).toBe(true);
  });

  it('fails naming the missing item', () => {
    const result = runCheck({ ...check, judge: ['present'] }, { 'a.md': withLines(['- [ ] Send the quote — Daniel — 14 June', '- [ ] Review the draft — Yuki — 26 June']) });
    expect(result.findings).toEqual([{ code: 'items-missing', params: { items: [{ en: 'the hotel booking', ja: 'ホテルの予約' }] } }]);
  });

  it('fails when owners are only in an attendees line, and when the wrong person is the owner', () => {
    const attendees = 'Attendees: Daniel, Kenji, Yuki\n\n- [ ] Send the quote — 14 June\n- [ ] Book the hotel — 20 June\n- [ ] Review the draft — 26 June\n';
    const result = runCheck({ ...check, judge: ['owner'] }, { 'a.md': attendees });
    expect(result.findings.map((f) => f.code)).toEqual(['items-owner-missing']);
    const swapped = right.replace('**Owner:** Yuki', '**Owner:** Daniel (sends it to Yuki)');
    const wrong = runCheck({ ...check, judge: ['owner'] }, { 'a.md': swapped });
    expect(wrong.findings).toEqual([{ code: 'items-owner-wrong', params: { items: [{ en: 'the draft review', ja: '原稿のレビュー' }] } }]);
  });

  it('fails on the date said first, a missing date and another date, without saying the right one', () => {
    const answer = withLines([
      '- [ ] Send the quote — Daniel — Due: Thursday',
      '- [ ] Book the hotel — Kenji — Due: 14 June (the rate changes on 20 June)',
      '- [ ] Review the draft — Yuki',
    ]);
    const result = runCheck({ ...check, judge: ['due'] }, { 'a.md': answer });
    expect(result.findings.map((f) => f.code)).toEqual(['items-due-missing', 'items-due-superseded']);
    const other = runCheck({ ...check, judge: ['due'] }, { 'a.md': right.replace('26 June', '25 June') });
    expect(other.findings.map((f) => f.code)).toEqual(['items-due-wrong']);
    for (const lang of ['en', 'ja']) {
      const words = describeFindings(result.findings, lang) ?? '';
      expect(words).not.toMatch(/14|20|26|Friday|金/);
    }
    expect(describeFindings(result.findings, 'en')).toBe(
      'No due date on the draft review. The quote and the hotel booking still have the dates said first, which were changed later.',
    );
    expect(describeFindings(result.findings, 'ja')).toBe('「原稿のレビュー」に期限が書かれていません。「見積書」、「ホテルの予約」の期限が、最初に言われて後で変更された日付のままです。');
  });

  it('judges forbidden things per item: a listed errand fails, a note inside a real item does not', () => {
    const listed = runCheck(check, { 'a.md': `${right}- [ ] Pick up the birthday cake — Sarah — Friday\n` });
    expect(listed.findings).toEqual([{ code: 'items-forbidden', params: { items: [{ text: 'Pick up the birthday cake', why: { en: 'a personal errand', ja: '個人的な用事' } }] } }]);
    expect(describeFindings(listed.findings, 'en')).toBe('Not action items, but listed: “Pick up the birthday cake” (a personal errand).');
    expect(describeFindings(listed.findings, 'ja')).toBe('アクションアイテムではないものが入っています: 「Pick up the birthday cake」(個人的な用事)。');
    const note = right.replace('Book the hotel rooms in Osaka', 'Book the hotel rooms in Osaka (the website idea was parked)');
    expect(runCheck(check, { 'a.md': note }).passed).toBe(true);
  });

  it('counts extra items and names those that match no required item', () => {
    const result = runCheck({ ...check, judge: ['count'] }, { 'a.md': `${right}- [ ] Post the recap in the channel — Yuki — today\n` });
    expect(result.findings).toEqual([{ code: 'items-count', params: { count: 4, max: 3, extra: ['Post the recap in the channel'] } }]);
    expect(describeFindings(result.findings, 'en')).toBe('The list has 4 items; at most 3 are expected. Not one of the expected items: “Post the recap in the channel”.');
    expect(describeFindings(result.findings, 'ja')).toBe('リストの項目が 4 件です。3 件以下のはずです。想定される項目のどれにも当たらないもの: 「Post the recap in the channel」。');
  });

  it('pairs a twice-listed item with its right copy, so the other copy is the extra', () => {
    const twice = `${right}- [ ] Book the hotel — Kenji — 14 June\n`;
    expect(runCheck({ ...check, judge: ['due'] }, { 'a.md': twice }).passed).toBe(true);
    expect(runCheck({ ...check, judge: ['count'] }, { 'a.md': twice }).findings[0].code).toBe('items-count');
  });

  it('fails on the shape when the list is plain bullets or a table', () => {
    const bullets = right.replace(/- \[ \] /g, '- ');
    const result = runCheck({ ...check, judge: ['shape'] }, { 'a.md': bullets });
    expect(result.findings).toEqual([{ code: 'items-shape', params: { found: 'bullets', wanted: 'checklist' } }]);
    expect(describeFindings(result.findings, 'en')).toBe('The items are plain bullets, not a checklist (lines starting with “- [ ]”).');
    const table = '| Task | Owner | Due |\n|---|---|---|\n| Quote | Daniel | 6/14 |\n';
    expect(runCheck({ ...check, judge: ['shape'] }, { 'a.md': table }).findings[0].params).toEqual({ found: 'table', wanted: 'checklist' });
    const checkboxTable = '| ☐ | Task | Owner | Due |\n|---|---|---|---|\n| ☐ | Quote | Daniel | 6/14 |\n';
    expect(runCheck({ ...check, judge: ['shape'] }, { 'a.md': checkboxTable }).passed).toBe(true);
  });

  it('fails when there is no list or no file', () => {
    expect(runCheck(check, { 'a.md': 'Just a paragraph.' }).findings).toEqual([{ code: 'items-none', params: { files: ['a.md'] } }]);
    expect(runCheck(check, { 'a.txt': right }).findings[0].code).toBe('no-file');
  });

  it('rejects a pack whose owner is not one of the people, or that judges what it does not define', () => {
    const base = { message: 'm', type: 'items', path: 'a.md' };
    expect(CheckSchema.safeParse({ ...base, people, required: [{ id: 'x', name: 'x', match: 'x', owner: 'nobody' }] }).success).toBe(false);
    expect(CheckSchema.safeParse({ ...base, forbidden, judge: ['due'] }).success).toBe(false);
    expect(CheckSchema.safeParse({ ...base, referenceDate: '2024-02-30', count: { max: 1 } }).success).toBe(false);
    expect(CheckSchema.safeParse({ ...base, count: { max: 1 } }).success).toBe(true);
  });
});
