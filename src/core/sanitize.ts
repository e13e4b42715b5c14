/**
 * The one sanitiser for untrusted text on its way to a terminal or to stdout: what a participant typed
 * (a raised hand, a name), what a pack says (titles, hints, briefs), what a roster or the hub holds.
 * Such text must never be able to move the cursor, rewrite lines, change a window title, plant a
 * hyperlink, or reverse the direction of what follows it.
 *
 * Removed: ANSI escape sequences whole (CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`, DCS/PM/APC strings,
 * two-character escapes), the C1 controls (U+0080–U+009F, which some terminals read as CSI/OSC), and
 * the bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069). Other C0
 * controls (NUL, CR, BEL, backspace…) and DEL become U+FFFD, so the reader sees that something was
 * there. Newline and tab are kept; `sanitizeLine` turns them into spaces for one-line places.
 */
const ESCAPE_SEQUENCES = /\u001b(?:\[[0-?]*[ -/]*[@-~]?|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[ -/]*[0-~]?)/g;
const C1_AND_BIDI = /[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/g;
const OTHER_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

export function sanitizeText(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(C1_AND_BIDI, '').replace(OTHER_CONTROLS, '\ufffd');
}

/** For places that hold one line (a table cell, a name, a report row): line breaks become spaces too. */
export function sanitizeLine(text: string): string {
  return sanitizeText(text.replace(/\r\n|[\r\n\t]/g, ' '));
}
