import { describe, expect, it } from 'vitest';
import { sanitizeLine, sanitizeText } from '../../src/core/sanitize.js';

describe('the sanitiser for untrusted text on a terminal', () => {
  it('removes escape sequences whole: colours, cursor moves, screen clears, titles, hyperlinks', () => {
    expect(sanitizeText('\u001b[31mred\u001b[0m')).toBe('red');
    expect(sanitizeText('a\u001b[2J\u001b[Hb')).toBe('ab');
    expect(sanitizeText('\u001b]0;pwned title\u0007name')).toBe('name');
    expect(sanitizeText('\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\')).toBe('click');
    expect(sanitizeText('x\u001bPq#0;2;0;0;0\u001b\\y')).toBe('xy');
    expect(sanitizeText('\u001b7saved\u001b8')).toBe('saved');
    expect(sanitizeText('trailing escape \u001b')).toBe('trailing escape ');
  });

  it('removes C1 controls and bidirectional overrides, and marks other controls', () => {
    expect(sanitizeText('\u009b31mred')).toBe('31mred');
    expect(sanitizeText('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitizeText('a\u2066b\u2069c')).toBe('abc');
    expect(sanitizeText('over\rwrite')).toBe('over\ufffdwrite');
    expect(sanitizeText('bell\u0007 nul\u0000 del\u007f')).toBe('bell\ufffd nul\ufffd del\ufffd');
  });

  it('keeps ordinary text in any script, newlines and tabs', () => {
    const text = 'Hanako 花子 — naïve café ✓\n\tnext line 🙂 ｱｲｳ';
    expect(sanitizeText(text)).toBe(text);
    expect(sanitizeLine('one\ntwo\tthree\r\nfour')).toBe('one two three four');
  });
});
