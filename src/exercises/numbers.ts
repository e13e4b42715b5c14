/**
 * Reading numbers the way people (and AI) write them in reports: "1,234.50", "1234.5", "¥1,234",
 * "$1,234", "1 234,50" (space thousands, decimal comma), "1.234,50", "1'234.50", "12.5%", "-1,234",
 * "−1 234", "▲1,234" (the Japanese accounting minus), "1,234万円" / "1.5億" / "439千円" (Japanese
 * multipliers), "43万9,210円" (a Japanese compound amount, one number), and "439k" / "2.84M"
 * (abbreviated thousands and millions, as rounded reports write them). Full-width digits are expected
 * to be folded by the caller (NFKC).
 *
 * Dates and times ("2024-03-31", "10:30") come out as separate small numbers, never as one big one,
 * because "-" and ":" end a number.
 */
export interface FoundNumber {
  value: number;
  /** The number as written (without its sign, currency or multiplier). */
  text: string;
  /** Where it starts and ends in the text it was read from (multiplier included), for callers that read what stands around it. */
  start: number;
  end: number;
}

const GROUP_SPACE = '[ \\u00a0\\u202f]';
const FORMATS: Array<{ pattern: RegExp; parse: (s: string) => number }> = [
  { pattern: /^\d{1,3}(,\d{3})+(\.\d+)?$/, parse: (s) => Number(s.replace(/,/g, '')) },
  { pattern: new RegExp(`^\\d{1,3}(${GROUP_SPACE}\\d{3})+(,\\d+)?$`), parse: (s) => Number(s.replace(/[ \u00a0\u202f]/g, '').replace(',', '.')) },
  { pattern: new RegExp(`^\\d{1,3}(${GROUP_SPACE}\\d{3})+(\\.\\d+)?$`), parse: (s) => Number(s.replace(/[ \u00a0\u202f]/g, '')) },
  { pattern: /^\d{1,3}(\.\d{3})+,\d+$/, parse: (s) => Number(s.replace(/\./g, '').replace(',', '.')) },
  { pattern: /^\d{1,3}('\d{3})+(\.\d+)?$/, parse: (s) => Number(s.replace(/'/g, '')) },
  { pattern: /^\d+(\.\d+)?$/, parse: (s) => Number(s) },
  // A decimal comma with one or two decimals ("1234,5", "12,50"); "1,234" was taken above as thousands.
  { pattern: /^\d+,\d{1,2}$/, parse: (s) => Number(s.replace(',', '.')) },
];

function parseExact(text: string): number | undefined {
  for (const format of FORMATS) if (format.pattern.test(text)) return format.parse(text);
  return undefined;
}

/** A run of digits with the separators a formatted number may contain. */
const RUN = /\d(?:[\d,.'\u00a0\u202f ]*\d)?/g;

/** Splits a run that is not one number ("2024 12", "1,2,3") into numbers, most specific first. */
function parseRun(run: string): Array<{ text: string; value: number; offset: number }> {
  const whole = parseExact(run);
  if (whole !== undefined) return [{ text: run, value: whole, offset: 0 }];
  const out: Array<{ text: string; value: number; offset: number }> = [];
  const pieces = run.split(/([ \u00a0\u202f]+)/);
  let offset = 0;
  for (const piece of pieces) {
    if (/^[ \u00a0\u202f]*$/.test(piece)) {
      offset += piece.length;
      continue;
    }
    const trimmed = piece.replace(/[,.']+$/, '');
    const value = parseExact(trimmed);
    if (value !== undefined) out.push({ text: trimmed, value, offset });
    else {
      // "1,2,3" or "3.5,4.5": a list; read each element on its own.
      let inner = 0;
      for (const part of trimmed.split(',')) {
        const partValue = parseExact(part);
        if (partValue !== undefined && part !== '') out.push({ text: part, value: partValue, offset: offset + inner });
        inner += part.length + 1;
      }
    }
    offset += piece.length;
  }
  return out;
}

const MULTIPLIERS: Record<string, number> = { 万: 1e4, 億: 1e8, 千: 1e3 };
/** "439k", "2.84M": only when no other letter follows ("5 km", "3 Mbps" are not amounts). */
const LATIN_MULTIPLIERS: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6 };

interface Piece extends FoundNumber {
  /** The multiplier written after it, if any (万 in "43万"). */
  multiplier: number;
}

export function findNumbers(text: string): FoundNumber[] {
  const pieces: Piece[] = [];
  for (const match of text.matchAll(RUN)) {
    const start = match.index ?? 0;
    for (const piece of parseRun(match[0])) {
      const pieceStart = start + piece.offset;
      let pieceEnd = pieceStart + piece.text.length;
      // A digit glued to a Latin letter before it ("Q3", "A4", "mp3") is part of a name, not a quantity.
      if (/[A-Za-z]/.test(text[pieceStart - 1] ?? '')) continue;
      const next = text[pieceEnd] ?? '';
      let multiplier = MULTIPLIERS[next] ?? 0;
      if (!multiplier && LATIN_MULTIPLIERS[next] && !/[A-Za-z]/.test(text[pieceEnd + 1] ?? '')) multiplier = LATIN_MULTIPLIERS[next];
      let value = piece.value;
      if (multiplier) {
        value *= multiplier;
        pieceEnd += 1;
      }
      if (isNegative(text, pieceStart)) value = -value;
      pieces.push({ value, text: piece.text, start: pieceStart, end: pieceEnd, multiplier });
    }
  }
  return joinCompounds(text, pieces).map(({ value, text: written, start, end }) => ({ value, text: written, start, end }));
}

/**
 * "43万9,210円" and "1億2,000万" are one amount each: a number right after 億 or 万 that is smaller
 * than that unit adds to it.
 */
function joinCompounds(text: string, pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    const previous = out[out.length - 1];
    const unit = previous?.multiplier;
    if (previous && (unit === 1e4 || unit === 1e8) && piece.start === previous.end && Math.abs(piece.value) < unit && piece.value >= 0 && piece.multiplier < unit) {
      const sign = previous.value < 0 ? -1 : 1;
      previous.value += sign * piece.value;
      previous.end = piece.end;
      previous.text = text.slice(previous.start, piece.start + piece.text.length);
      previous.multiplier = piece.multiplier;
      continue;
    }
    out.push({ ...piece });
  }
  return out;
}

/**
 * "-1,234", "−¥1,234", "¥-1,234", "▲1,234": a minus glued to the number (or to its currency sign),
 * not after a letter or digit. "- 1,234" is a markdown bullet, not a negative amount.
 */
function isNegative(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && /[¥$€£₩]/.test(text[i]) && start - i <= 2) i -= 1;
  if (i < 0) return false;
  if (/[▲△]/.test(text[i])) return true;
  if (!/[-−]/.test(text[i])) return false;
  const beforeSign = text[i - 1] ?? '';
  return !/[\p{L}\p{N}]/u.test(beforeSign);
}

