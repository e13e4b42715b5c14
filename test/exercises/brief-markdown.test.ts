import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/core/markdown.js';

const brief = [
  '# Exercise 1 — Your first file',
  '',
  '**Time:** about 5 min',
  '',
  '## Goal',
  'A new file `intro.md` with:',
  '- a **heading** (a line starting with `#`)',
  '  - nested *detail*',
  '1. `workshop diff` first',
  '',
  '> Create a file called intro.md …',
  '> with **three** bullets.',
  '',
  '```',
  '# not a heading',
  '```',
  '---',
  'See [the docs](https://example.com/docs); keep my_file_name.txt and 2*3*4 as they are; \\*literal\\*.',
].join('\n');

describe('a brief on the terminal', () => {
  it('piped, it is plain text: no #, ** or > marks, commands keep their backticks', () => {
    expect(renderMarkdown(brief, { color: false })).toBe(
      [
        'Exercise 1 — Your first file',
        '',
        'Time: about 5 min',
        '',
        'Goal',
        'A new file `intro.md` with:',
        '• a heading (a line starting with `#`)',
        '  • nested detail',
        '1. `workshop diff` first',
        '',
        '  Create a file called intro.md …',
        '  with three bullets.',
        '',
        '    # not a heading',
        '─'.repeat(40),
        'See the docs (https://example.com/docs); keep my_file_name.txt and 2*3*4 as they are; *literal*.',
      ].join('\n'),
    );
  });

  it('on a terminal, headings, bold, quotes and code are styled and the marks are gone', () => {
    const out = renderMarkdown(brief, { color: true });
    expect(out).toContain('\u001b[36m\u001b[1mGoal\u001b[22m\u001b[39m');
    expect(out).toContain('\u001b[1mTime:\u001b[22m');
    expect(out).toContain('\u001b[36mintro.md\u001b[39m');
    expect(out).toContain('\u001b[2m│\u001b[22m Create a file');
    expect(out).not.toMatch(/\*\*|^#|^>/m);
  });
});
