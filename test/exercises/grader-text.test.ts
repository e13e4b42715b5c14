import { describe, expect, it } from 'vitest';
import { containsTerm, normalizeForMatch } from '../../src/exercises/text.js';
import { BOM, crlf, runCheck } from './helpers.js';

describe('text normalisation', () => {
  it('ignores case, Latin accents, whitespace and markdown emphasis', () => {
    expect(normalizeForMatch('  **Café**  Crème\t_Brûlée_ ')).toBe('cafecremebrulee');
    expect(containsTerm(normalizeForMatch('Next   STEPS:'), 'next steps')).toBe(true);
    expect(containsTerm(normalizeForMatch('a follow-up e‑mail'), 'follow up')).toBe(true);
  });

  it('folds full-width letters and digits (NFKC) and keeps Japanese voiced marks', () => {
    expect(normalizeForMatch('ＡＢＣ１２３')).toBe('abc123');
    expect(containsTerm(normalizeForMatch('がっこう'), 'かっこう')).toBe(false);
    expect(containsTerm(normalizeForMatch('ﾃﾞｰﾀ'), 'データ')).toBe(true);
    expect(containsTerm(normalizeForMatch('ビル'), 'ビール')).toBe(false);
  });

  it('matches any synonym of a term', () => {
    expect(containsTerm(normalizeForMatch('合計は 12,000 円'), ['total', '合計'])).toBe(true);
    expect(containsTerm(normalizeForMatch('nothing here'), ['total', '合計'])).toBe(false);
  });
});

describe('contains', () => {
  const check = { type: 'contains', path: 'summary.md', all: ['budget', ['deadline', 'due date']], none: ['lorem ipsum'] };

  it('passes for AI-style variation: other headings, bullets, order, extra prose', () => {
    const answer = `Sure! Here is the summary you asked for.\n\n### Key points\n* The **Due Date** is Friday\n+ BUDGET: unchanged\n\nLet me know if you need anything else.`;
    expect(runCheck(check, { 'summary.md': answer }).passed).toBe(true);
  });

  it('passes with CRLF line endings and a BOM', () => {
    expect(runCheck(check, { 'summary.md': BOM + crlf('# Summary\n- budget ok\n- deadline Friday\n') }).passed).toBe(true);
  });

  it('passes for Japanese text with a Japanese synonym', () => {
    const jp = { type: 'contains', path: '*.md', all: [['budget', '予算'], ['deadline', '締め切り']] };
    expect(runCheck(jp, { 'まとめ.md': '# まとめ\n- 予算：据え置き\n- 締め切り：金曜日\n' }).passed).toBe(true);
  });

  it('reads a UTF-16 file saved by Windows Notepad and a Shift_JIS CSV from Japanese Excel', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('budget and deadline', 'utf16le')]);
    expect(runCheck(check, { 'summary.md': utf16 }).passed).toBe(true);
    // "予算" in Shift_JIS is 97 5C 8E 5A.
    const sjis = new Uint8Array([0x97, 0x5c, 0x8e, 0x5a, 0x2c, 0x31, 0x30, 0x30]);
    expect(runCheck({ type: 'contains', path: 'a.csv', all: ['予算'] }, { 'a.csv': sjis }).passed).toBe(true);
  });

  it('fails naming the missing term', () => {
    const result = runCheck(check, { 'summary.md': 'The budget is fine.' });
    expect(result.passed).toBe(false);
    expect(result.findings).toEqual([{ code: 'terms-missing', params: { terms: [['deadline', 'due date']] } }]);
    expect(result.detail).toBe('It does not mention “deadline”.');
  });

  it('fails when a forbidden term appears', () => {
    const result = runCheck(check, { 'summary.md': 'budget, deadline, Lorem  Ipsum dolor' });
    expect(result.passed).toBe(false);
    expect(result.detail).toBe('It still mentions “lorem ipsum”.');
  });

  it('any: passes with one of the terms, fails with none', () => {
    const anyCheck = { type: 'contains', path: 'a.md', any: ['yes', 'ok'] };
    expect(runCheck(anyCheck, { 'a.md': 'OK then' }).passed).toBe(true);
    expect(runCheck(anyCheck, { 'a.md': 'no' }).findings[0].code).toBe('terms-none-of');
  });

  it('fails when no file matches the path', () => {
    expect(runCheck(check, { 'notes.md': 'budget deadline' }).findings).toEqual([{ code: 'no-file', params: { glob: 'summary.md' } }]);
  });

  it('looks across every file the glob matches', () => {
    const multi = { type: 'contains', path: 'docs/**/*.md', all: ['alpha', 'beta'] };
    expect(runCheck(multi, { 'docs/a.md': 'Alpha', 'docs/x/b.md': 'Beta' }).passed).toBe(true);
  });
});

describe('matches', () => {
  it('counts regex matches against min, on text with CRLF turned into LF and the BOM removed', () => {
    const check = { type: 'matches', path: '*.md', regex: '^#{1,6} \\S', flags: 'm', min: 2 };
    expect(runCheck(check, { 'a.md': BOM + crlf('# One\ntext\n## Two\n') }).passed).toBe(true);
    const result = runCheck(check, { 'a.md': '# One\ntext' });
    expect(result.passed).toBe(false);
    expect(result.findings).toEqual([{ code: 'pattern-too-few', params: { count: 1, min: 2 } }]);
    expect(result.detail).not.toMatch(/match/);
  });

  it('defaults to one match and honours the i flag', () => {
    expect(runCheck({ type: 'matches', path: 'a.txt', regex: 'invoice-\\d{3}', flags: 'i' }, { 'a.txt': 'INVOICE-042' }).passed).toBe(true);
    expect(runCheck({ type: 'matches', path: 'a.txt', regex: 'invoice-\\d{3}' }, { 'a.txt': 'INVOICE-042' }).passed).toBe(false);
  });

  it('survives a pattern that matches the empty string', () => {
    expect(runCheck({ type: 'matches', path: 'a.txt', regex: 'x*', min: 3 }, { 'a.txt': 'abc' }).passed).toBe(true);
  });
});

describe('checklist', () => {
  const check = { type: 'checklist', path: 'actions.md', items: [['slides', 'スライド'], 'invoice'], min: 2 };

  it('accepts every task-list style: - [ ], - [x], * [ ], 1. [ ], full-width brackets', () => {
    const text = '## Actions\n- [ ] Mika: slides\n* [x] Ken: invoice\n1. [ ] Aki: book room\n2) [X] lunch\n- ［ ］ full width\n';
    const result = runCheck({ type: 'checklist', path: 'actions.md', min: 5 }, { 'actions.md': text });
    expect(result.passed).toBe(true);
    expect(runCheck({ type: 'checklist', path: 'actions.md', min: 6 }, { 'actions.md': text }).findings).toEqual([{ code: 'checklist-too-few', params: { count: 5, min: 6 } }]);
  });

  it('passes for reordered items with extra prose, CRLF and Japanese', () => {
    const text = crlf('アクション:\n\n- [ ] ケン: invoice を送る\n- [ ] ミカ: スライドを準備する（金曜）\n\nThat is all.');
    expect(runCheck(check, { 'actions.md': text }).passed).toBe(true);
  });

  it('requires each item to be matched by a different list item', () => {
    const text = '- [ ] slides and invoice together\n- [ ] something else\n';
    const result = runCheck(check, { 'actions.md': text });
    expect(result.passed).toBe(false);
    expect(result.findings[0].code).toBe('checklist-missing');
  });

  it('finds the assignment even when a greedy choice would fail', () => {
    // Item 1 mentions both; item 2 only the slides. A greedy match of "slides" to item 1 would leave "invoice" out.
    const text = '- [ ] slides + invoice\n- [ ] slides v2\n';
    expect(runCheck(check, { 'actions.md': text }).passed).toBe(true);
  });

  it('does not count plain bullets as task-list items', () => {
    const result = runCheck(check, { 'actions.md': '- slides\n- invoice\n' });
    expect(result.passed).toBe(false);
    expect(result.findings).toContainEqual({ code: 'checklist-too-few', params: { count: 0, min: 2 } });
  });
});

describe('katakana spelling variants', () => {
  it('treats the usual spellings of one katakana word as the same word', () => {
    const same = [
      ['ソフトウェア', 'ソフトウエア'],
      ['ユーザー', 'ユーザ'],
      ['ダニエル・オカフォー', 'ダニエル オカフォー'],
      ['ｿﾌﾄｳｪｱ', 'ソフトウエア'],
      ['ヴァイオリン', 'バイオリン'],
      ['コンピューター登録', 'コンピュータ登録'],
    ];
    for (const [a, b] of same) expect(normalizeForMatch(a), `${a} vs ${b}`).toBe(normalizeForMatch(b));
  });

  it('keeps a long-vowel mark inside a word, where it changes the word (ビール is not ビル)', () => {
    expect(normalizeForMatch('ビール')).not.toBe(normalizeForMatch('ビル'));
  });
});
