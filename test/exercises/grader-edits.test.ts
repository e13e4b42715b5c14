import { describe, expect, it } from 'vitest';
import { describeFindings } from '../../src/exercises/feedback.js';
import { grade } from '../../src/exercises/grader.js';
import { CheckSchema } from '../../src/exercises/pack-schema.js';
import { type WorkspaceSnapshot, addFile, gitBlobHash, snapshotFromEntries } from '../../src/exercises/snapshot.js';
import { alignKeys, tokenize } from '../../src/exercises/word-diff.js';
import { BOM, crlf, runCheck } from './helpers.js';

/**
 * `edits` ("only these changes"): a file may differ from its starting version only by the declared
 * replacements and, in a restorable section, by text of the reference copy. Each wrong form fails with
 * the finding a participant can act on; editor noise (line endings, BOM, wrapping, padding, bold) never counts.
 */
const RENAME = {
  type: 'edits',
  paths: ['docs/**'],
  replace: [{ from: ['TaskNest', 'Task Nest'], to: ['Tidewell', 'タイドウェル', 'Tidewell(タイドウェル)'] }],
};

const PRICING = `# TaskNest pricing (from 1 July 2024)

| Plan | Monthly | Best for |
|---|---:|---|
| TaskNest Starter | ¥900 | a small team |
| TaskNest Business | ¥1,800 | growing teams |

- Every plan starts with a free 30-day trial of TaskNest Business.
`;
const FAQ_JA = '**TaskNest はスマートフォンで使えますか?**\nはい。TaskNest アプリがあります。\n';
const EMAIL = crlf('Subject: Welcome to TASKNEST - your account is ready\n\nIs Task Nest on mobile? Download the Tasknest app.\n');
const START = { 'docs/pricing.md': PRICING, 'docs/faq.ja.md': FAQ_JA, 'docs/email.txt': EMAIL, 'CHANGELOG.md': 'TaskNest 1.0\n' };
const renamed = (text: string) => text.replace(/TaskNest|Tasknest|Task Nest/g, 'Tidewell').replace(/TASKNEST/g, 'TIDEWELL');

function findingsOf(check: Record<string, unknown>, current: Record<string, string | Uint8Array>, baseline: Record<string, string | Uint8Array> = START) {
  const result = runCheck(check, current, baseline);
  return { result, codes: result.findings.map((f) => f.code) };
}

describe('edits: a rename may change only the name', () => {
  it('passes every spelling replaced, whatever the editor did to line endings, BOM, spacing, wrapping and emphasis', () => {
    const current = {
      ...START,
      'docs/pricing.md': `${BOM}${crlf(renamed(PRICING))
        .replace('| Plan | Monthly | Best for |', '| Plan              | Monthly | Best for      |')
        .replace('free 30-day trial of', 'free 30-day trial\r\n  of')}`,
      'docs/faq.ja.md': FAQ_JA.replace('**TaskNest は', '**タイドウエル は').replace('TaskNest アプリ', 'Tidewell(タイドウェル)アプリ'),
      'docs/email.txt': renamed(EMAIL).replace(/\r\n/g, '\n').replace('Download the', 'Download the   ').replace('Subject: Welcome to TIDEWELL', 'Subject: Welcome to **Tidewell**'),
    };
    const { result } = findingsOf(RENAME, current);
    expect(result.findings).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it('accepts a bullet list turned into a numbered one, and "a" becoming "an"', () => {
    const base = { 'docs/a.md': '- an Ode to TaskNest\n- a plan\n' };
    expect(runCheck(RENAME, { 'docs/a.md': '1. a Ode to Tidewell\n2. a plan\n' }, base).passed).toBe(true);
  });

  it('fails a price changed during the rename, naming the file, the kind of change and both numbers', () => {
    const { result } = findingsOf(RENAME, { ...START, 'docs/pricing.md': renamed(PRICING).replace('¥1,800', '¥1,980') });
    expect(result.passed).toBe(false);
    expect(result.findings).toEqual([{ code: 'edits-unexpected', params: { file: 'docs/pricing.md', changes: [{ kind: 'number', before: '1,800', after: '1,980' }], more: 0 } }]);
    expect(describeFindings(result.findings, 'en')).toBe('docs/pricing.md: a number or date changed: “1,800” became “1,980”.');
    expect(describeFindings(result.findings, 'ja')).toBe('docs/pricing.md: 数字や日付が変わっています: 「1,800」→「1,980」。');
  });

  it('fails "Tidewell (formerly TaskNest)" as added words, and a reworded heading as changed words', () => {
    const current = {
      ...START,
      'docs/pricing.md': renamed(PRICING).replace('# Tidewell pricing', '# Tidewell (formerly TaskNest) pricing'),
      'docs/faq.ja.md': renamed(FAQ_JA).replace('使えますか', 'ご利用いただけますか'),
    };
    const { result } = findingsOf(RENAME, current);
    expect(result.findings).toEqual([
      { code: 'edits-unexpected', params: { file: 'docs/faq.ja.md', changes: [{ kind: 'changed', before: '使え', after: 'ご利用いただけ' }], more: 0 } },
      { code: 'edits-unexpected', params: { file: 'docs/pricing.md', changes: [{ kind: 'added', after: '(formerly TaskNest)' }], more: 0 } },
    ]);
    expect(describeFindings(result.findings, 'en')).toContain('docs/pricing.md: words added: “(formerly TaskNest)”.');
    expect(describeFindings(result.findings, 'ja')).toContain('docs/faq.ja.md: 語句が変わっています: 「使え」→「ご利用いただけ」。');
  });

  it('fails the name removed instead of replaced, once per wording with a count, without naming the new name', () => {
    const current = { ...START, 'docs/pricing.md': renamed(PRICING).replace(/Tidewell /g, '') };
    const { result } = findingsOf(RENAME, current);
    expect(result.findings).toEqual([{ code: 'edits-unexpected', params: { file: 'docs/pricing.md', changes: [{ kind: 'name-dropped', before: 'TaskNest', times: 4 }], more: 0 } }]);
    const en = describeFindings(result.findings, 'en') ?? '';
    expect(en).toBe('docs/pricing.md: removed instead of replaced: “TaskNest” (4 times).');
    expect(en).not.toContain('Tidewell');
    expect(describeFindings(result.findings, 'ja')).toBe('docs/pricing.md: 置き換えずに削除された名称があります: 「TaskNest」(4 か所)。');
  });

  it('fails files added or deleted under its paths (a notes file or sed backups inside docs/), not outside them', () => {
    const current = { ...START, 'docs/pricing.md.bak': PRICING, 'notes.md': 'changed files: …' } as Record<string, string>;
    delete current['docs/email.txt'];
    const { codes, result } = findingsOf(RENAME, current);
    expect(codes).toEqual(['files-added', 'files-removed']);
    expect(result.findings[0]).toEqual({ code: 'files-added', params: { files: ['docs/pricing.md.bak'] } });
  });

  it('shows the first three changes of a file and counts the rest, and the first three files and lists the rest', () => {
    const many = renamed(PRICING).replace('¥900', '¥1').replace('¥1,800', '¥2').replace('30-day', '14-day').replace('July', 'June').replace('small', 'tiny');
    const { result } = findingsOf(RENAME, { ...START, 'docs/pricing.md': many });
    // ¥900 and "small" are two words apart in one table row: one change for a reader.
    expect(result.findings[0]).toMatchObject({ code: 'edits-unexpected', params: { more: 1 } });
    const files = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((name) => [`docs/${name}.md`, 'One TaskNest.\n']));
    const edited = Object.fromEntries(Object.keys(files).map((path) => [path, 'Two Tidewell.\n']));
    const second = runCheck(RENAME, edited, files);
    expect(second.findings.map((f) => f.code)).toEqual(['edits-unexpected', 'edits-unexpected', 'edits-unexpected', 'edits-more-files']);
    expect(describeFindings(second.findings, 'en')).toContain('More files have changes like these: docs/d.md and docs/e.md.');
  });

  it('says a file was rewritten rather than listing a thousand differences', () => {
    const words = (seed: number) => Array.from({ length: 1500 }, (_, i) => `w${(i * seed) % 997}`).join(' ');
    const result = runCheck(RENAME, { 'docs/long.md': words(7) }, { 'docs/long.md': words(3) });
    expect(result.findings).toEqual([{ code: 'edits-rewritten', params: { files: ['docs/long.md'] } }]);
  });

  it('cannot judge a file whose starting version has no bytes, and says so instead of passing', () => {
    const baseline = snapshotFromEntries({});
    const bytes = new TextEncoder().encode('Old TaskNest.\n');
    addFile(baseline, { path: 'docs/a.md', hash: gitBlobHash(bytes), size: bytes.byteLength });
    const current = snapshotFromEntries({ 'docs/a.md': 'New Tidewell.\n' });
    const result = grade(current, baseline, { checks: [CheckSchema.parse({ ...RENAME, message: 'm' })] });
    expect(result.checks[0].findings).toEqual([{ code: 'edits-unavailable', params: { files: ['docs/a.md'] } }]);
    expect(describeFindings(result.checks[0].findings, 'ja')).toContain('docs/a.md の最初の版を読めなかったため');
  });
});

const BEFORE = `# Policy

## 1. Purpose
Why we have it.

## 4. Security
4.1 Lock your laptop.
4.2 Always use the VPN outside the office.
4.3 Report a lost device within 24 hours.
4.4 Do not print at home.

## 5. Allowance
You recieve ¥5,000 per month.
`;
const AFTER_AI = `# Policy

## 1. Purpose
Why we have it.

## 4. Security
- Lock your laptop.
- Do not print at home.

## 5. Allowance
You receive ¥6,000 per month.
`;
const RESTORE = { type: 'edits', paths: ['policy.md'], restore: [{ section: ['Security', 'セキュリティ'], from: 'before' }] };
const UNDO_START = { 'policy.md': AFTER_AI, 'before/policy.md': BEFORE };
const withSection = (lines: string) => AFTER_AI.replace('- Lock your laptop.\n- Do not print at home.\n', lines);

describe('edits: a section may be brought back from a reference copy, nothing else', () => {
  it('passes the deleted rules restored in the current style, in the old numbering, or at the end of the section', () => {
    for (const section of [
      '- Lock your laptop.\n- Always use the VPN outside the office.\n- Report a lost device within 24 hours.\n- Do not print at home.\n',
      '4.1 Lock your laptop.\n4.2 Always use the VPN outside the office.\n4.3 Report a lost device\n    within 24 hours.\n4.4 Do not print at home.\n',
      '- Lock your laptop.\n- Do not print at home.\n- Always use the VPN outside the office.\n- Report a lost device within 24 hours.\n',
    ]) {
      const result = runCheck(RESTORE, { ...UNDO_START, 'policy.md': crlf(withSection(section)) }, UNDO_START);
      expect(result.findings, section).toEqual([]);
    }
  });

  it('fails rules restored in new words, naming the reference copy and quoting the new words', () => {
    const result = runCheck(RESTORE, { ...UNDO_START, 'policy.md': withSection('- Lock your laptop.\n- **Use the VPN** whenever you are away.\n- Do not print at home.\n') }, UNDO_START);
    expect(result.findings).toEqual([
      { code: 'edits-unexpected', params: { file: 'policy.md', changes: [{ kind: 'not-from-reference', after: 'whenever you are away', reference: 'before/policy.md' }], more: 0 } },
    ]);
    expect(describeFindings(result.findings, 'en')).toBe('policy.md: words that are not in before/policy.md: “whenever you are away”.');
    expect(describeFindings(result.findings, 'ja')).toBe('policy.md: before/policy.md にない語句があります: 「whenever you are away」。');
  });

  it('fails a rule that was there before and after the AI deleted from the section', () => {
    const result = runCheck(RESTORE, { ...UNDO_START, 'policy.md': withSection('- Lock your laptop.\n- Always use the VPN outside the office.\n- Report a lost device within 24 hours.\n') }, UNDO_START);
    expect(result.findings[0]).toMatchObject({ params: { changes: [{ kind: 'removed', before: 'Do not print at home' }] } });
  });

  it('fails a good change undone outside the section, saying which words went back', () => {
    const section = '- Lock your laptop.\n- Always use the VPN outside the office.\n- Report a lost device within 24 hours.\n- Do not print at home.\n';
    const result = runCheck(RESTORE, { ...UNDO_START, 'policy.md': withSection(section).replace('receive ¥6,000', 'recieve ¥5,000') }, UNDO_START);
    expect(result.findings[0]).toEqual({ code: 'edits-unexpected', params: { file: 'policy.md', changes: [{ kind: 'undone', before: 'receive ¥6,000', after: 'recieve ¥5,000' }], more: 0 } });
    expect(describeFindings(result.findings, 'en')).toBe('policy.md: an earlier change was undone: “receive ¥6,000” is “recieve ¥5,000” again.');
    expect(describeFindings(result.findings, 'ja')).toBe('policy.md: 前の変更が取り消されて元に戻っています: 「receive ¥6,000」→「recieve ¥5,000」。');
  });

  it('allows nothing outside the section even when it comes from the reference', () => {
    const result = runCheck(RESTORE, { ...UNDO_START, 'policy.md': AFTER_AI.replace('Why we have it.', 'Why we have it. Always use the VPN outside the office.') }, UNDO_START);
    expect(result.passed).toBe(false);
  });
});

describe('the word comparison underneath', () => {
  it('leaves out line markup and emphasis, folds width, case, quotes and dashes, and keeps numbers whole', () => {
    const keys = (text: string) => tokenize(text).tokens.map((t) => t.key);
    expect(keys('## 4.1 **Ｔｉｄｅｗｅｌｌ’s** price — ¥1,800')).toEqual(['tidewell', "'", 's', 'price', '-', '¥', '1,800']);
    expect(keys('- [x] ソフトウェア を使う')).toEqual(['ソフトウエア', 'を', '使', 'う']);
  });

  it('finds a longest common subsequence (checked against dynamic programming on random sequences)', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round += 1) {
      const a = Array.from({ length: Math.floor(random() * 30) }, () => 'abcd'[Math.floor(random() * 4)]);
      const b = Array.from({ length: Math.floor(random() * 30) }, () => 'abcd'[Math.floor(random() * 4)]);
      const alignment = alignKeys(a, b);
      if (!alignment) throw new Error('no alignment');
      const keptA = a.filter((_, i) => alignment.keptA[i]);
      const keptB = b.filter((_, i) => alignment.keptB[i]);
      expect(keptA).toEqual(keptB);
      const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = 1; i <= a.length; i += 1) for (let j = 1; j <= b.length; j += 1) dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
      expect(keptA.length).toBe(dp[a.length][b.length]);
    }
  });

  it('grades a 2,000-file workspace with seven edited documents well within 150 ms of CPU', () => {
    const entries: Record<string, string> = {};
    for (let i = 0; i < 2000; i += 1) entries[`docs/section-${i % 40}/page-${i}.md`] = `# Page ${i}\n\nTaskNest keeps your team in sync.\n`;
    const documents = Array.from({ length: 7 }, (_, i) => `docs/guide-${i}.md`);
    for (const path of documents) entries[path] = `${PRICING}\n${'TaskNest helps teams of 10 to 500 plan who does what, and when, in one place.\n'.repeat(15)}`;
    const edited = { ...entries };
    for (const path of documents) edited[path] = renamed(entries[path]);
    const baseline = snapshotFromEntries(entries);
    const current: WorkspaceSnapshot = snapshotFromEntries(edited);
    const exercise = { checks: [CheckSchema.parse({ ...RENAME, message: 'm' })] };
    // CPU time, not wall time: the machine running the tests may be busy with other work.
    const started = process.cpuUsage();
    const result = grade(current, baseline, exercise);
    const used = process.cpuUsage(started);
    expect(result.checks[0].passed).toBe(true);
    expect((used.user + used.system) / 1000).toBeLessThan(150);
  });
});
