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
