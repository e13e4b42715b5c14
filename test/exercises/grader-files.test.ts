import { describe, expect, it } from 'vitest';
import { runCheck } from './helpers.js';

const starter = { 'invoice-001.pdf': '%PDF invoice 1', 'invoice-002.pdf': '%PDF invoice 2', 'lunch.jpg': 'JFIF lunch', 'notes.txt': 'notes' };

describe('exists and absent', () => {
  it('an exists check passes for a file found by a glob at any depth, ignoring case', () => {
    expect(runCheck({ type: 'exists', path: '**/summary.md' }, { 'Reports/SUMMARY.md': '# hi' }).passed).toBe(true);
  });

  it('an exists check passes for a folder, even an empty one', () => {
    expect(runCheck({ type: 'exists', path: 'invoices' }, { 'invoices/': '' }).passed).toBe(true);
    expect(runCheck({ type: 'exists', path: 'invoices/' }, { 'invoices/a.pdf': 'x' }).passed).toBe(true);
  });

  it('an exists check fails and says nothing matched when the file is missing', () => {
    const result = runCheck({ type: 'exists', path: 'summary.md' }, { 'notes.txt': 'x' });
    expect(result.passed).toBe(false);
    expect(result.findings).toEqual([{ code: 'nothing-like', params: { glob: 'summary.md' } }]);
  });

  it('an absent check fails naming the files still there', () => {
    const result = runCheck({ type: 'absent', path: '**/*.tmp' }, { 'a.tmp': '', 'x/b.TMP': '', 'ok.md': '' });
    expect(result.passed).toBe(false);
    expect(result.detail).toContain('a.tmp');
    expect(result.detail).toContain('x/b.TMP');
    expect(runCheck({ type: 'absent', path: '**/*.tmp' }, { 'ok.md': '' }).passed).toBe(true);
  });

  it('a file with a decomposed (macOS) Japanese name matches a composed pattern', () => {
    const decomposed = '請求書/ガイド.md'.normalize('NFD');
    expect(runCheck({ type: 'exists', path: '請求書/ガイド.md' }, { [decomposed]: 'x' }).passed).toBe(true);
  });
});

describe('preserved', () => {
  it('passes when every starter file was moved into folders and renamed', () => {
    const current = { 'invoices/2024-001.pdf': '%PDF invoice 1', 'invoices/invoice-002.pdf': '%PDF invoice 2', 'photos/lunch.jpg': 'JFIF lunch', 'notes.txt': 'notes' };
    expect(runCheck({ type: 'preserved' }, current, starter).passed).toBe(true);
  });

  it('fails naming the file that was lost', () => {
    const current = { 'invoices/invoice-001.pdf': '%PDF invoice 1', 'photos/lunch.jpg': 'JFIF lunch', 'notes.txt': 'notes' };
    const result = runCheck({ type: 'preserved' }, current, starter);
    expect(result.passed).toBe(false);
    expect(result.findings).toEqual([{ code: 'lost', params: { files: ['invoice-002.pdf'] } }]);
  });

  it('fails when a file was edited, even by one byte', () => {
    const current = { ...starter, 'notes.txt': 'notes!' };
    expect(runCheck({ type: 'preserved' }, current, starter).passed).toBe(false);
  });

  it('only looks at the starter files matching `from`', () => {
    const current = { 'invoice-001.pdf': '%PDF invoice 1', 'invoice-002.pdf': '%PDF invoice 2', 'lunch.jpg': 'edited', 'notes.txt': 'gone?' };
    expect(runCheck({ type: 'preserved', from: '*.pdf' }, current, starter).passed).toBe(true);
    expect(runCheck({ type: 'preserved', from: '*.jpg' }, current, starter).passed).toBe(false);
  });
});

describe('unchanged', () => {
  it('passes when the files are byte-identical to the baseline', () => {
    expect(runCheck({ type: 'unchanged', paths: ['notes.txt', '*.pdf'] }, { ...starter, 'new.md': 'x' }, starter).passed).toBe(true);
  });

  it('fails for an edit, a removal or an added file under the globs', () => {
    expect(runCheck({ type: 'unchanged', paths: ['notes.txt'] }, { ...starter, 'notes.txt': 'notes\r\n' }, starter).detail).toBe('Edited: notes.txt.');
    const { 'notes.txt': _removed, ...withoutNotes } = starter;
    expect(runCheck({ type: 'unchanged', paths: ['notes.txt'] }, withoutNotes, starter).detail).toBe('Deleted: notes.txt.');
    expect(runCheck({ type: 'unchanged', paths: ['*.pdf'] }, { ...starter, 'extra.pdf': 'x' }, starter).detail).toBe('Added: extra.pdf.');
  });
});

describe('count', () => {
  it('counts files matching the glob against min and max', () => {
    const files = { 'a.md': '', 'b.md': '', 'c/d.md': '' };
    expect(runCheck({ type: 'count', glob: '**/*.md', min: 3 }, files).passed).toBe(true);
    expect(runCheck({ type: 'count', glob: '**/*.md', min: 4 }, files).passed).toBe(false);
    expect(runCheck({ type: 'count', glob: '*.md', max: 1 }, files).findings).toEqual([{ code: 'count-too-many', params: { glob: '*.md', count: 2, max: 1 } }]);
    expect(runCheck({ type: 'count', glob: '*.md', min: 1, max: 2 }, files).passed).toBe(true);
  });

  it('expects at least one file when neither min nor max is given', () => {
    expect(runCheck({ type: 'count', glob: '*.csv' }, { 'a.md': '' }).passed).toBe(false);
    expect(runCheck({ type: 'count', glob: '*.csv' }, { 'a.csv': '' }).passed).toBe(true);
  });
});

describe('placement', () => {
  const rules = [
    { files: '*.pdf', folder: ['invoices', '請求書'] },
    { files: '*.jpg', folder: 'photos' },
  ];

  it('passes whatever the folder is called exactly, at any depth', () => {
    const current = { 'Archive/Invoices 2024/invoice-001.pdf': 'x', '請求書/invoice-002.pdf': 'y', 'Team-Photos/lunch.jpg': 'z' };
    expect(runCheck({ type: 'placement', rules }, current).passed).toBe(true);
  });

  it('fails naming the file left outside its folder', () => {
    const current = { 'invoices/invoice-001.pdf': 'x', 'invoice-002.pdf': 'y', 'photos/lunch.jpg': 'z' };
    const result = runCheck({ type: 'placement', rules }, current);
    expect(result.passed).toBe(false);
    expect(result.detail).toBe('1 file is not in an “invoices” folder: invoice-002.pdf.');
  });

  it('fails when no file of a rule is there at all, rather than passing vacuously', () => {
    const result = runCheck({ type: 'placement', rules }, { 'photos/lunch.jpg': 'z' });
    expect(result.passed).toBe(false);
    expect(result.findings).toContainEqual({ code: 'no-file', params: { glob: '*.pdf' } });
  });
});

describe('scope', () => {
  it('passes when only allowed files were added or changed', () => {
    expect(runCheck({ type: 'scope', allow: ['summary.md', 'out/**'] }, { ...starter, 'summary.md': 'x', 'out/a/b.txt': 'y' }, starter).passed).toBe(true);
  });

  it('fails naming each file changed outside what was asked, and how', () => {
    const { 'lunch.jpg': _gone, ...rest } = starter;
    const result = runCheck({ type: 'scope', allow: ['summary.md'] }, { ...rest, 'notes.txt': 'edited', 'summary.md': 'x', 'extra.txt': '' }, starter);
    expect(result.passed).toBe(false);
    expect(result.detail).toBe('Added: extra.txt. Deleted: lunch.jpg. Edited: notes.txt.');
  });

  it('with an empty allow list, any change fails', () => {
    expect(runCheck({ type: 'scope', allow: [] }, { ...starter, 'x.md': '' }, starter).passed).toBe(false);
    expect(runCheck({ type: 'scope', allow: [] }, starter, starter).passed).toBe(true);
  });
});
