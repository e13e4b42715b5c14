import type { Digest, DigestLanguage, DigestQuest, DigestWin } from '../../src/protocol/digest.js';
import { sanitizeLine, sanitizeText } from '../../src/core/sanitize.js';
import { localDateTime, localDay } from '../programme/calendar.js';
import { defuseLinks, escapeHtml, escapeMarkdown } from '../render/escape.js';
import { DIGEST_WORDS } from './digest-words.js';
import { hoursFormula } from './hours.js';

/**
 * The digest as an email: Markdown (to paste into a mail or chat) and one self-contained HTML
 * document (inline styles on every element, because mail clients drop <style>; no script, no image,
 * no external resource). Both only read the digest; every string a participant typed (titles, names,
 * teams) goes through one escaper per format: `escapeMarkdown`, or `escapeHtml` after `defuseLinks`
 * (facilitator/render/escape.ts). The catalogue's own sentences are trusted text.
 */

/** The email's subject line (plain text: no markup, participant text as typed but on one line, links defused). */
export function digestSubject(digest: Digest, lang: DigestLanguage): string {
  const words = DIGEST_WORDS[lang];
  const tz = digest.programme.timeZone;
  return sanitizeLine(
    words.subject({
      programme: defuseLinks(digest.programme.title),
      ...(digest.team !== null ? { team: defuseLinks(digest.team) } : {}),
      from: localDay(digest.window.since, tz),
      to: localDay(digest.window.until, tz),
    }),
  );
}

/** One escaper per format, so the section builders below are written once. */
interface Format {
  text(value: string): string;
  email(value: string): string;
}

const MD: Format = {
  text: escapeMarkdown,
  // A code span: no Markdown renderer makes a link inside one (a backtick in it would end it, so then plain escaping).
  email: (value) => (/[`\r\n]/.test(value) ? escapeMarkdown(value) : `\`${sanitizeLine(value)}\``),
};

const HTML: Format = {
  // A backtick as an entity: the catalogue's `code` spans are the only ones turned into <code>.
  text: (value) => escapeHtml(defuseLinks(sanitizeLine(value))).replace(/`/g, '&#96;'),
  email: (value) => `<span style="font-weight:400;color:#6b6b70;">${escapeHtml(sanitizeLine(value)).replace(/`/g, '&#96;')}</span>`,
};

interface Item {
  /** `#12 Title`, already escaped. */
  title: string;
  lines: string[];
}

interface Section {
  id: string;
  heading: string;
  intro?: string;
  items: Item[];
  /** Said when there are no items. */
  none?: string;
  more?: string;
  note?: string;
}

function sections(digest: Digest, lang: DigestLanguage, f: Format): Section[] {
  const words = DIGEST_WORDS[lang];
  const team = (value: string) => f.text(value || '—');
  const names = (people: Array<{ name: string }>) => words.names(people.map((p) => f.text(p.name)));
  const title = (q: { id: number; title: string }) => `#${q.id} ${f.text(q.title)}`;
  const more = (total: number, shown: number) => (total > shown ? words.more({ count: total - shown }) : undefined);
  const win = (w: DigestWin): Item => ({
    title: title(w),
    lines: [
      words.winBy({ names: names(w.claimers), kind: words.kind[w.kind], team: team(w.team) }),
      words.hoursLine({ formula: hoursFormula(w.hours, lang) }) + (w.reuseCount > 0 ? `${words.gap}${words.usedBy({ count: w.reuseCount })}` : ''),
    ],
  });
  const quest = (q: DigestQuest, line: string): Item => ({ title: title(q), lines: [line] });

  const out: Section[] = [
    {
      id: 'new-wins',
      heading: words.newWins,
      ...(digest.newWins.total > 0 ? { intro: words.newWinsSummary({ count: digest.newWins.total, hours: digest.newWins.hoursPerMonth }) } : {}),
      items: digest.newWins.shown.map(win),
      none: words.newWinsNone,
      ...optional('more', more(digest.newWins.total, digest.newWins.shown.length)),
    },
    {
      id: 'hours',
      heading: words.reviewed,
      ...(digest.reviewed.wins > 0 ? { intro: words.reviewedSummary({ wins: digest.reviewed.wins, hours: digest.reviewed.hoursPerMonth }) } : {}),
      items: [],
      none: words.reviewedNone,
      note: words.howComputed,
    },
    {
      id: 'open',
      heading: words.open,
      items: digest.open.shown.map((q) => quest(q, words.openLine({ team: team(q.team), often: words.often(q.often), minutes: q.minutesEach, risk: words.risk[q.risk] }))),
      none: words.openNone,
      ...optional('more', more(digest.open.total, digest.open.shown.length)),
    },
    {
      id: 'in-progress',
      heading: words.inProgress,
      items: digest.inProgress.shown.map((q) => quest(q, words.inProgressLine({ state: words.state[q.state], names: names(q.claimers), team: team(q.team) }))),
      none: words.inProgressNone,
      ...optional('more', more(digest.inProgress.total, digest.inProgress.shown.length)),
    },
    {
      id: 'worth-trying',
      heading: words.worthTrying,
      ...(digest.worthTrying.length > 0 ? { intro: words.worthTryingIntro(digest.team !== null ? { team: f.text(digest.team) } : {}) } : {}),
      items: digest.worthTrying.map((w) => ({
        title: title(w),
        lines: [words.worthTryingLine({ team: team(w.team), kind: words.kind[w.kind], hours: w.hours.perMonth }) + (w.reuseCount > 0 ? `${words.gap}${words.usedBy({ count: w.reuseCount })}` : '')],
      })),
      none: words.worthTryingNone(digest.team !== null ? { team: f.text(digest.team) } : {}),
    },
  ];
  if (digest.officeHours) {
    const { people, windowDays } = digest.officeHours;
    out.push({
      id: 'office-hours',
      heading: words.officeHours,
      intro: words.officeHoursIntro({ windowDays }),
      items: people.map((p) => ({
        title: `${f.text(p.name)} ${f.email(p.email)}`,
        lines: [words.officeHoursLine({ team: team(p.team), day: p.sessionDay }) + (p.windowOpen ? `${words.gap}${words.windowOpen}` : '')],
      })),
      none: words.officeHoursNone,
    });
  }
  return out;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

export function renderDigestMarkdown(digest: Digest, lang: DigestLanguage): string {
  const words = DIGEST_WORDS[lang];
  const tz = digest.programme.timeZone;
  const out: string[] = [];
  out.push(`# ${words.heading({ programme: MD.text(digest.programme.title), ...(digest.team !== null ? { team: MD.text(digest.team) } : {}) })}`, '');
  out.push(words.period({ from: localDateTime(digest.window.since, tz), to: localDateTime(digest.window.until, tz), timeZone: MD.text(tz) }), '');
  if (digest.audience === 'facilitator') out.push(`_${words.facilitatorOnly}_`, '');
  for (const section of sections(digest, lang, MD)) {
    out.push(`## ${section.heading}`, '');
    if (section.intro) out.push(section.intro, '');
    if (section.items.length === 0 && section.none && !(section.id === 'hours' && section.intro)) out.push(section.none, '');
    for (const item of section.items) {
      // Two spaces at a line end: a line break inside the list item.
      out.push(`- **${item.title}**  `, ...item.lines.map((line, i) => `  ${line}${i < item.lines.length - 1 ? '  ' : ''}`));
    }
    if (section.items.length > 0) out.push('');
    if (section.more) out.push(`_${section.more}_`, '');
    if (section.note) out.push(`_${section.note}_`, '');
  }
  out.push('---', '', words.takePart, '');
  return sanitizeText(out.join('\n'));
}

const STYLE = {
  body: 'margin:0;padding:0;background:#f4f4f6;',
  outer: 'background:#f4f4f6;width:100%;border-collapse:collapse;',
  card: "max-width:640px;width:100%;background:#ffffff;border-collapse:collapse;font-family:-apple-system,'Segoe UI','Hiragino Sans','Yu Gothic',Meiryo,Arial,sans-serif;font-size:14px;line-height:1.5;color:#1d1d1f;",
  h1: 'font-size:22px;line-height:1.3;margin:0 0 6px;color:#1d1d1f;',
  h2: 'font-size:16px;margin:24px 0 8px;padding-bottom:4px;border-bottom:1px solid #dddddd;color:#1d1d1f;',
  p: 'margin:0 0 10px;',
  muted: 'margin:0 0 10px;color:#6b6b70;font-size:13px;',
  warn: 'margin:0 0 10px;padding:6px 10px;background:#fff6e0;color:#5c4400;font-size:13px;',
  ul: 'margin:0 0 10px;padding:0 0 0 20px;',
  li: 'margin:0 0 8px;',
  title: 'font-weight:600;',
  line: 'color:#3a3a3c;',
  code: 'font-family:Menlo,Consolas,monospace;font-size:12px;background:#f3f3f5;padding:0 3px;',
};

/** The catalogue's `code` spans as <code> (participant text has its backticks as entities, so only these match). */
function inlineCode(html: string): string {
  return html.replace(/`([^`]+)`/g, `<code style="${STYLE.code}">$1</code>`);
}

export function renderDigestHtml(digest: Digest, lang: DigestLanguage): string {
  const words = DIGEST_WORDS[lang];
  const tz = digest.programme.timeZone;
  const heading = words.heading({ programme: HTML.text(digest.programme.title), ...(digest.team !== null ? { team: HTML.text(digest.team) } : {}) });
  const parts: string[] = [];
  parts.push(`<h1 style="${STYLE.h1}">${heading}</h1>`);
  parts.push(`<p style="${STYLE.muted}">${words.period({ from: localDateTime(digest.window.since, tz), to: localDateTime(digest.window.until, tz), timeZone: HTML.text(tz) })}</p>`);
  if (digest.audience === 'facilitator') parts.push(`<p style="${STYLE.warn}">${words.facilitatorOnly}</p>`);
  for (const section of sections(digest, lang, HTML)) {
    parts.push(`<h2 id="${section.id}" style="${STYLE.h2}">${section.heading}</h2>`);
    if (section.intro) parts.push(`<p style="${STYLE.p}">${section.intro}</p>`);
    if (section.items.length === 0 && section.none && !(section.id === 'hours' && section.intro)) parts.push(`<p style="${STYLE.p}">${section.none}</p>`);
    if (section.items.length > 0) {
      parts.push(
        `<ul style="${STYLE.ul}">${section.items
          .map((item) => `<li style="${STYLE.li}"><span style="${STYLE.title}">${item.title}</span>${item.lines.map((line) => `<br><span style="${STYLE.line}">${line}</span>`).join('')}</li>`)
          .join('')}</ul>`,
      );
    }
    if (section.more) parts.push(`<p style="${STYLE.muted}">${section.more}</p>`);
    if (section.note) parts.push(`<p style="${STYLE.muted}">${section.note}</p>`);
  }
  parts.push(`<p style="${STYLE.muted}border-top:1px solid #dddddd;padding-top:10px;margin-top:20px;">${words.takePart}</p>`);
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${HTML.text(digestSubject(digest, lang))}</title>
</head>
<body style="${STYLE.body}">
<table role="presentation" cellpadding="0" cellspacing="0" style="${STYLE.outer}"><tr><td align="center" style="padding:16px 8px;">
<table role="presentation" cellpadding="0" cellspacing="0" style="${STYLE.card}"><tr><td style="padding:20px 24px;">
${inlineCode(sanitizeText(parts.join('\n')))}
</td></tr></table>
</td></tr></table>
</body>
</html>
`;
}
