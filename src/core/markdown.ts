import { sanitizeText } from './sanitize.js';
/**
 * Markdown (an exercise brief) for a terminal: headings, bold, lists, quotes and code rendered with
 * terminal styles when `color` is on, and as plain text without the Markdown marks when it is off
 * (piped, NO_COLOR). Only what briefs use; anything else is printed as written (`__x__` and `_x_` too:
 * underscores are common in file names).
 */
export interface MarkdownStyle {
  color: boolean;
}

const SGR = { bold: [1, 22], dim: [2, 22], italic: [3, 23], underline: [4, 24], cyan: [36, 39] } as const;
type StyleName = keyof typeof SGR;

function style(text: string, names: StyleName[], on: boolean): string {
  if (!on || text === '') return text;
  return names.reduce((inner, name) => `\u001b[${SGR[name][0]}m${inner}\u001b[${SGR[name][1]}m`, text);
}

/** Bold, italics, links and escapes in a run of text that holds no code span. */
function inlineText(text: string, on: boolean): string {
  // Escaped marks are set aside first (as private-use characters) so no rule below reads them.
  const escaped: string[] = [];
  return text
    .replace(/\\([\\`*_{}[\]()#+\-.!>])/g, (_m, mark: string) => `\uE000${escaped.push(mark) - 1}\uE001`)
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => (label === url ? url : `${label} (${url})`))
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, (_m, inner: string) => style(inner, ['bold'], on))
    .replace(/(^|[^\w*])\*(?=[^\s*])([^*]+?)(?<=\S)\*(?!\*)/g, (_m, before: string, inner: string) => `${before}${style(inner, ['italic'], on)}`)
    .replace(/\uE000(\d+)\uE001/g, (_m, index: string) => escaped[Number(index)]);
}

/** A line's inline Markdown: code spans first (nothing inside them is Markdown), then the rest. */
export function renderInline(line: string, on: boolean): string {
  const parts = line.split(/(`+)([^`]|[^`].*?[^`])\1(?!`)/);
  let out = '';
  for (let i = 0; i < parts.length; i += 3) {
    out += inlineText(parts[i], on);
    if (i + 2 < parts.length) {
      const code = parts[i + 2].trim() === '' ? parts[i + 2] : parts[i + 2].replace(/^ (.*) $/, '$1');
      // Plain text keeps the backticks: they show where a command starts and ends.
      out += on ? style(code, ['cyan'], true) : `\`${code}\``;
    }
  }
  return out;
}

export function renderMarkdown(markdown: string, { color }: MarkdownStyle): string {
  // Issue 12: a brief comes from a pack (untrusted): its own control characters go before ours are added.
  markdown = sanitizeText(markdown);
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const fenceMark = /^\s*(```+|~~~+)/.exec(line)?.[1];
    if (fence) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
      else out.push(style(`    ${line}`, ['cyan'], color));
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      continue;
    }
    const heading = /^ {0,3}(#{1,6})\s+(.*?)(\s+#+)?\s*$/.exec(line);
    if (heading) {
      const text = renderInline(heading[2], false);
      out.push(style(text, heading[1].length === 1 ? ['bold', 'underline', 'cyan'] : ['bold', 'cyan'], color));
      continue;
    }
    if (/^ {0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push(style('─'.repeat(40), ['dim'], color));
      continue;
    }
    const quote = /^ {0,3}>\s?(.*)$/.exec(line);
    if (quote) {
      out.push(`${color ? style('│', ['dim'], true) : ' '} ${renderInline(quote[1], color)}`);
      continue;
    }
    const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
    if (bullet) {
      out.push(`${bullet[1]}• ${renderInline(bullet[2], color)}`);
      continue;
    }
    out.push(renderInline(line, color));
  }
  return out.join('\n');
}
