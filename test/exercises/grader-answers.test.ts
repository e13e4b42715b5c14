import { describe, expect, it } from 'vitest';
import { answerProblem, judgeChoice, readMinutes } from '../../src/exercises/answers.js';
import { describeFindings } from '../../src/exercises/feedback.js';
import { BOM, crlf, runCheck } from './helpers.js';

/** The *real answers* primitive: a form's fields, a title and bullet points hold answers, not template slots. */

const TAKES = ['minutes it takes', '所要時間', 'time it takes', 'how long'];
const SAVED = ['minutes saved', '短縮できた時間', 'time saved', '短縮'];
const task = { type: 'field', path: 'my-task.md', label: ['task', '業務', 'タスク'] };
const takes = { type: 'field', path: 'my-task.md', label: TAKES, answer: 'minutes' };
const saved = { type: 'field', path: 'my-task.md', label: SAVED, answer: 'minutes', atMost: TAKES };
const risk = { type: 'field', path: 'my-task.md', label: ['risk level', 'リスク', 'risk'], answer: 'choice', options: [['low', '低'], ['medium', '中'], ['high', '高']] };
const reuse = {
  type: 'field',
  path: 'my-task.md',
  label: ['reusable by colleagues', '同僚も使えるか', 'reusable', '同僚'],
  answer: 'choice',
  options: [['yes', 'はい', '可能'], ['no', 'いいえ', '不可', '不可能']],
};

const TEMPLATE = `# My task

Fill in the first three fields before you start, then work on the task with Codex and fill in the rest.

Task (業務):
How often (頻度):
Minutes it takes (所要時間・分):

Minutes saved (短縮できた時間・分):
Risk level (リスク low / medium / high):
Reusable by colleagues (同僚も使えるか yes / no):
`;

const form = (values: Record<string, string>) =>
  TEMPLATE.replace(/^(Task \(業務\)|How often \(頻度\)|Minutes it takes \(所要時間・分\)|Minutes saved \(短縮できた時間・分\)|Risk level \(リスク low \/ medium \/ high\)|Reusable by colleagues \(同僚も使えるか yes \/ no\)):$/gm, (line, label: string) => {
    const key = label.split(' (')[0];
    return values[key] === undefined ? line : `${label}: ${values[key]}`;
  });

const filled = form({ Task: 'Weekly status e-mail', 'How often': 'every Monday', 'Minutes it takes': '45', 'Minutes saved': '25', 'Risk level': 'low', 'Reusable by colleagues': 'yes' });

function all(text: string) {
  return [task, takes, saved, risk, reuse].map((check) => runCheck(check, { 'my-task.md': text }));
}

describe('field: finding the value in any layout', () => {
  const layouts: Record<string, string> = {
    'label: value lines (the template filled in)': filled,
    'full-width colons, Japanese labels only': '# 私の業務\n\n業務:経費精算のチェック\n頻度:毎月末\n所要時間:１２０分\n短縮できた時間:約60分\nリスク:中(最終確認は自分で行う)\n同僚も使えるか:はい\n',
    'English labels only, bold, CRLF, BOM': BOM + crlf('# My task\n\n**Task:** Clean up the attendance export\n**Minutes it takes:** ~90\n**Minutes saved:** 70 (I still spot-check)\n**Risk level:** Medium – payroll data\n**Reusable by colleagues:** yes, anyone in HR\n'),
    'bold labels with the colon outside': '**Task**: Weekly report\n**Minutes it takes**: 1.5 hours\n**Minutes saved**: 30 min\n**Risk level**: high\n**Reusable**: No, it is specific to my manager\n',
    'headings with the value below': '# My task\n\n## Task\nTranslate the newsletter\n\n## Minutes it takes\n\n180\n\n## Minutes saved\n100\n\n## Risk level\nMedium\n\n## Reusable by colleagues\nYes\n',
    'a table, one row per field': '# My task\n\n| Field | Answer |\n|---|---|\n| Task | Ops meeting minutes |\n| Minutes it takes | 60 |\n| Minutes saved | 30 |\n| Risk level (low / medium / high) | Low |\n| Reusable by colleagues (yes / no) | Yes |\n',
    'a table, one column per field': '| Task | Minutes it takes | Minutes saved | Risk level | Reusable |\n|---|---|---|---|---|\n| Ops minutes | 60 | 30 | low | yes |\n',
    'a bulleted list with nested values': '# My task\n\n- Task\n  - Weekly status e-mail\n- Minutes it takes: 45分\n- Minutes saved: 20分\n- Risk level: 低\n- Reusable by colleagues: いいえ\n',
    'empty label lines with the value on the next line': 'Task:\nWeekly status e-mail\n\nMinutes it takes:\n45\n\nMinutes saved:\n0\n\nRisk level:\nlow\n\nReusable:\nyes\n',
    'the empty template left above a filled table': `${TEMPLATE}\n| Field | Answer |\n|---|---|\n| Task | Weekly e-mail |\n| Minutes it takes | 45 |\n| Minutes saved | 20 |\n| Risk level | low |\n| Reusable by colleagues | yes |\n`,
  };
  for (const [name, text] of Object.entries(layouts)) {
    it(`reads ${name}`, () => {
      const results = all(text);
      expect(results.map((result) => result.detail ?? 'ok')).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    });
  }

  it('does not read the form title ("# My task") or its instructions as the task', () => {
    expect(runCheck(task, { 'my-task.md': TEMPLATE }).findings).toEqual([{ code: 'field-empty', params: { label: task.label } }]);
  });

  it('fails naming a field that is not there at all', () => {
    expect(runCheck(risk, { 'my-task.md': 'Task: weekly report\n' }).findings[0].code).toBe('field-missing');
  });
});

describe('field: judging the value', () => {
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ['placeholder in brackets', task, '[your task]', 'field-placeholder'],
    ['placeholder "TBD"', task, 'TBD', 'field-placeholder'],
    ['placeholder "TBD" with a note', saved, 'TBD (try the template first)', 'field-placeholder'],
    ['placeholder "…"', task, '…', 'field-placeholder'],
    ['placeholder "<fill in>"', task, '<fill in>', 'field-placeholder'],
    ['placeholder 未記入', task, '未記入', 'field-placeholder'],
    ['placeholder "XX minutes"', takes, 'XX minutes', 'field-placeholder'],
    ['placeholder "xx分"', takes, 'xx分', 'field-placeholder'],
    ['minutes in words', takes, 'about an hour', 'field-no-number'],
    ['minutes as "quite a lot"', saved, 'quite a lot', 'field-no-number'],
    ['minutes as a percentage', saved, '50%', 'field-percent'],
    ['risk options copied', risk, 'low / medium / high', 'field-options-copied'],
    ['risk options copied in Japanese', risk, '低 / 中 / 高', 'field-options-copied'],
    ['risk not a level', risk, 'it depends on the week', 'field-not-a-choice'],
    ['risk "small"', risk, 'small', 'field-not-a-choice'],
    ['two risk levels', risk, 'low to medium', 'field-several-choices'],
    ['yes / no copied', reuse, 'yes / no', 'field-options-copied'],
    ['"Not really" is not yes or no', reuse, 'Not really', 'field-not-a-choice'],
  ];
  for (const [name, check, value, code] of cases) {
    it(`fails: ${name}`, () => {
      const label = (check.label as string[])[0];
      const text = `${capitalise(label)}: ${value}\n${check === saved ? 'Minutes it takes: 45\n' : ''}`;
      const result = runCheck(check, { 'my-task.md': text });
      expect(result.passed).toBe(false);
      expect(result.findings[0].code).toBe(code);
    });
  }

  const passing: Array<[string, Record<string, unknown>, string]> = [
    ['"about 20"', takes, 'about 20'],
    ['"20分"', takes, '20分'],
    ['"1.5 hours"', takes, '1.5 hours'],
    ['"1時間半"', takes, '1時間半'],
    ['"三十分" (kanji numerals)', takes, '三十分'],
    ['"20〜30分" (a range)', takes, '20〜30分'],
    ['"0" minutes saved', saved, '0'],
    ['a level with its reason', risk, 'Medium – a native speaker reviews it'],
    ['a level named in a sentence', risk, 'I always review it, so low'],
    ['a bold pick among struck options', risk, '~~low~~ / **medium** / ~~high~~'],
    ['高い (Japanese)', risk, '高い(給与データのため)'],
    ['"No, only my team"', reuse, 'No, only my team uses this format'],
    ['不可能 is no, not yes', reuse, '不可能'],
  ];
  for (const [name, check, value] of passing) {
    it(`passes: ${name}`, () => {
      const label = (check.label as string[])[0];
      const result = runCheck(check, { 'my-task.md': `${capitalise(label)}: ${value}\nMinutes it takes: 45\n` });
      expect(result.detail).toBeUndefined();
      expect(result.passed).toBe(true);
    });
  }

  it('fails when minutes saved are more than the minutes the task takes', () => {
    const result = runCheck(saved, { 'my-task.md': 'Minutes it takes: 45\nMinutes saved: 60\n' });
    expect(result.findings[0].code).toBe('field-more-than');
    expect(runCheck(saved, { 'my-task.md': 'Minutes it takes: 1 hour\nMinutes saved: 60\n' }).passed).toBe(true);
    expect(runCheck(saved, { 'my-task.md': 'Minutes it takes: 30-45 minutes\nMinutes saved: 40\n' }).passed).toBe(true);
  });

  it('words the findings in English and Japanese without an expected value', () => {
    const copied = runCheck(risk, { 'my-task.md': 'Risk level: low / medium / high\n' });
    expect(copied.detail).toBe('“Risk level” lists the choices (“low / medium / high”) instead of picking one.');
    expect(describeFindings(copied.findings, 'ja')).toBe('「リスク」の欄に選択肢(「low / medium / high」)がそのまま書かれています。1 つだけ選んでください。');
    const words = runCheck(takes, { 'my-task.md': '所要時間: 1時間くらい?いや、だいたい一時間' });
    expect(words.passed).toBe(true);
    const none = runCheck(takes, { 'my-task.md': 'Minutes it takes: about an hour\n' });
    expect(none.detail).toBe('“Minutes it takes” says “about an hour”, with no number in it: write the minutes in digits.');
    expect(describeFindings(none.findings, 'ja')).toBe('「所要時間」の欄は「about an hour」となっていて、数字がありません。分を数字で書いてください。');
    const more = runCheck(saved, { 'my-task.md': 'Minutes it takes: 45\nMinutes saved: 60\n' });
    expect(more.detail).toBe('“Minutes saved” (“60”) is more than “Minutes it takes” (“45”): you cannot save more time than the task takes.');
    expect(describeFindings(more.findings, 'ja')).toContain('「短縮できた時間」(「60」)が「所要時間」(「45」)より多くなっています');
    for (const result of [copied, none, more]) expect(result.detail).not.toMatch(/match|regex|\\d/);
  });
});

describe('answer helpers', () => {
  it('tells an answer from an empty slot and a placeholder', () => {
    expect(answerProblem('   ')).toBe('empty');
    expect(answerProblem('**')).toBe('empty');
    expect(answerProblem('[Your Name]')).toBe('placeholder');
    expect(answerProblem('Your name here')).toBe('placeholder');
    expect(answerProblem('○○部')).toBe('placeholder');
    expect(answerProblem('(チーム名を記入)')).toBe('placeholder');
    expect(answerProblem('中')).toBeUndefined();
    expect(answerProblem('〇〇')).toBe('placeholder');
    expect(answerProblem('Sales Operations')).toBeUndefined();
    expect(answerProblem('週1回')).toBeUndefined();
  });

  it('reads minutes in digits only', () => {
    expect(readMinutes('1h 30m')).toEqual({ kind: 'minutes', low: 90, high: 90 });
    expect(readMinutes('2 hours')).toEqual({ kind: 'minutes', low: 120, high: 120 });
    expect(readMinutes('half an hour')).toEqual({ kind: 'none' });
    expect(readMinutes('twenty minutes')).toEqual({ kind: 'none' });
  });

  it('judges choices by whole words', () => {
    const yesNo = [['yes'], ['no']];
    expect(judgeChoice('Note: colleagues could use it', yesNo)).toEqual({ ok: false, problem: 'none' });
    expect(judgeChoice('below average', [['low'], ['high']])).toEqual({ ok: false, problem: 'none' });
  });
});

describe('heading', () => {
  const check = { type: 'heading', path: '**/*.md', generic: ['self-introduction', 'introduction', 'about me', 'hi', "i'm", '自己紹介', 'name', '名前'] };
  it.each([['# Alex Morgan'], ['## Alex Morgan'], ["# Hi, I'm Alex 👋"], ['# 山田花子'], ['# 自己紹介:山田 花子'], ['## About me — Priya Raman'], ['Sarah Lindqvist\n===============']])('passes %s', (heading) => {
    expect(runCheck(check, { 'intro.md': `${heading}\n\n- Team: Sales\n` }).passed).toBe(true);
  });
  it.each([
    ['# [Your Name]', 'heading-placeholder'],
    ['# Your name here', 'heading-placeholder'],
    ['# 名前', 'heading-generic'],
    ['# Self-introduction', 'heading-generic'],
    ['# 自己紹介', 'heading-generic'],
    ['**Alex Morgan**', 'heading-none'],
  ])('fails %s', (heading, code) => {
    expect(runCheck(check, { 'intro.md': `${heading}\n\n- Team: Sales\n` }).findings[0].code).toBe(code);
  });
  it('reads a name given as the subtitle right under a general title, but not a section heading further down', () => {
    const withTeam = { ...check, generic: [...check.generic, 'team', 'チーム'] };
    expect(runCheck(withTeam, { 'intro.md': '# 自己紹介\n\n## 山田 花子\n\n- 所属: 営業企画部\n' }).passed).toBe(true);
    expect(runCheck(withTeam, { 'intro.md': '# Self-introduction\n\nAlex Morgan\n-----------\n\n- Team: Sales\n' }).passed).toBe(true);
    expect(runCheck(withTeam, { 'intro.md': '# 自己紹介\n\n## チーム\n\n- 営業企画部\n' }).findings[0].code).toBe('heading-generic');
    expect(runCheck(withTeam, { 'intro.md': '# Self-introduction\n\n- Team: Sales\n\n## Alex Morgan\n' }).findings[0].code).toBe('heading-generic');
  });

  it('says an empty file is empty, in both languages', () => {
    const result = runCheck(check, { 'intro.md': '  \n' });
    expect(result.findings).toEqual([{ code: 'file-empty', params: { files: ['intro.md'] } }]);
    expect(result.detail).toBe('intro.md is empty.');
    expect(describeFindings(result.findings, 'ja')).toBe('intro.md が空です。');
  });
});

describe('bullets', () => {
  const check = { type: 'bullets', path: '**/*.md', min: 3, items: [['AI', 'Codex', 'ChatGPT', '人工知能', 'help', '手伝']] };
  it.each([
    ['- Team: Sales\n- Work: pipeline report\n- AI help: follow-up emails'],
    ['* Team: Marketing\n* Work: newsletters\n* AI wish: first drafts'],
    ['1. Team: Finance\n2. I close the books.\n3. I would like AI to explain variances.'],
    ['・チーム:人事部\n・仕事:面接の調整\n・AI に手伝ってほしいこと:フィードバックのまとめ'],
    ['- Team: Sales\n- Work:\n  - pipeline report\n  - CRM hygiene\n- AI: drafting emails'],
  ])('passes %j', (list) => {
    const result = runCheck(check, { 'intro.md': `# Alex\n\n${list}\n` });
    expect(result.detail).toBeUndefined();
  });
  it('does not count placeholders and empty labels, and names them', () => {
    const result = runCheck(check, { 'intro.md': '# Alex\n\n- Team: [your team]\n- Work:\n- AI could help with: follow-up emails\n' });
    expect(result.findings.map((f) => f.code)).toEqual(['bullets-too-few', 'bullets-placeholder']);
    expect(result.detail).toBe('Only 1 bullet point holds a real answer; at least 3 are needed. Not filled in yet: “Team: [your team]” and “Work:”.');
    expect(describeFindings(result.findings, 'ja')).toBe('中身のある箇条書きが 1 個しかありません。3 個以上必要です。まだ埋まっていない項目: 「Team: [your team]」、「Work:」。');
  });
  it('does not count bullet points that only repeat the categories asked for', () => {
    const generic = { ...check, generic: [['my team', 'team', 'what', 'i', 'work', 'on', 'one', 'thing', 'would', 'like', 'ai', 'to', 'help', 'me', 'with'], ['所属チーム', '担当業務']] };
    const copied = runCheck(generic, { 'intro.md': "# Alex\n\n- My team\n- What I work on\n- One thing I would like AI to help me with\n" });
    expect(copied.findings.map((f) => f.code)).toEqual(['bullets-too-few', 'bullets-placeholder', 'bullets-missing']);
    expect(runCheck(generic, { 'intro.md': '# Alex\n\n- My team: Sales\n- I work on the pipeline report\n- I would like AI to help me with emails\n' }).passed).toBe(true);
  });

  it('needs a bullet point about AI ("ai" inside "emails" does not count)', () => {
    const result = runCheck(check, { 'intro.md': '# Alex\n\n- Team: Sales\n- Work: emails and details\n- Hobby: tennis\n' });
    expect(result.findings).toEqual([{ code: 'bullets-missing', params: { terms: check.items } }]);
    expect(result.detail).toBe('No bullet point of its own is about “AI”.');
    expect(describeFindings(result.findings, 'ja')).toBe('「人工知能」について書いた箇条書きがありません。');
  });
});

describe('count of real files', () => {
  const check = { type: 'count', glob: '**/*', exclude: ['my-task.md'], changed: true, nonEmpty: true, ignoreDotfiles: true, min: 1 };
  const baseline = { 'my-task.md': 'Task:\n' };
  it('counts a new file with content', () => {
    expect(runCheck(check, { 'my-task.md': 'Task: x\n', 'template.md': '# Template\n\nHi [name], here is last week.\n' }, baseline).passed).toBe(true);
    expect(runCheck(check, { 'my-task.md': 'Task: x\n', 'tool.xlsx': new Uint8Array([0x50, 0x4b, 0, 1]) }, baseline).passed).toBe(true);
  });
  it('does not count empty, heading-only, placeholder-only or hidden files, and says so', () => {
    const result = runCheck(
      check,
      { 'my-task.md': 'Task: x\n', 'draft.md': '', 'notes.md': '  \n\n', 'template.md': '# Template\n\nTODO\n', '.DS_Store': 'x', '.codex/state.json': '{"a":1}' },
      baseline,
    );
    expect(result.findings).toEqual([{ code: 'count-real-too-few', params: { count: 0, min: 1, empty: ['draft.md', 'notes.md', 'template.md'], hidden: ['.DS_Store', '.codex/state.json'] } }]);
    expect(result.detail).toBe(
      'No file with content of its own is there yet; at least 1 is needed. Empty, so not counted: draft.md, notes.md and template.md. Hidden (the name starts with a dot), so not counted: .DS_Store and .codex/state.json.',
    );
    expect(describeFindings(result.findings, 'ja')).toBe(
      '中身のあるファイルがまだありません。1 個以上必要です。空なので数えていないファイル: draft.md、notes.md、template.md。隠しファイル(名前がドットで始まる)なので数えていないファイル: .DS_Store、.codex/state.json。',
    );
  });
  it('does not count a starter file left as it was', () => {
    expect(runCheck(check, { 'my-task.md': 'Task: x\n', 'old.md': 'kept' }, { ...baseline, 'old.md': 'kept' }).passed).toBe(false);
  });
  it('without the new options, counts every matching file as before', () => {
    expect(runCheck({ type: 'count', glob: '**/*', min: 2 }, { 'a.md': '', '.x': '' }).passed).toBe(true);
  });
});

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
