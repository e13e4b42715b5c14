import { sanitizeLine } from '../../src/core/sanitize.js';
/**
 * Escaping for the facilitator's reports, shared by the session report and the programme report:
 * every string a participant or a spreadsheet supplied goes through one of these before it is written.
 */

/** Text for HTML element content and attribute values. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * One CSV cell: quoted when needed (RFC 4180), and a cell starting like a formula (= + - @, tab, CR)
 * is made text with a leading apostrophe, so a hostile name cannot run in Excel or Sheets.
 */
export function csvCell(value: string | number | boolean): string {
  // Issue 12: a CSV on stdout reaches a terminal; no control character, escape sequence or bidi override survives.
  let text = sanitizeLine(String(value));
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Participant text that looks like a link (`https://…`, `www.…`, `name@host`) with an invisible
 * break (U+200B) inside the pattern: mail clients and Markdown renderers (GFM, markdown-it's linkify)
 * turn such text into a link even after escaping, and a digest must not carry a participant's link.
 */
export function defuseLinks(text: string): string {
  return text
    .replace(/:\/\//g, ':\u200b//')
    .replace(/\b(www)\./gi, '$1\u200b.')
    .replace(/([^\s\u200b])@(?=\S)/g, '$1\u200b@');
}

/**
 * One line of participant text inside Markdown: terminal controls removed (one line), `&`, `<` and
 * `>` as entities (many renderers pass raw HTML through), every character Markdown gives a meaning
 * to backslash-escaped (no emphasis, code, link, image, table cell or heading), links defused.
 */
export function escapeMarkdown(text: string | number): string {
  return defuseLinks(sanitizeLine(String(text)))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~]/g, '\\$&');
}
