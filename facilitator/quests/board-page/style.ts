/**
 * The board's stylesheet. Contrast: body text #1b1b1f and muted #4b4b55 on white or #f5f6f8 (both
 * above 7:1), links and focus #0a53be (above 6:1), the hours' green #0b6b34 (above 6:1): WCAG AA
 * with room. Tables turn into labelled stacks below 640 px, so a phone never scrolls sideways; long
 * participant text wraps anywhere. Printed: no controls, black on white, every section.
 */
export const BOARD_CSS = `[hidden] { display: none !important; }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Yu Gothic UI", "Noto Sans CJK JP", sans-serif; color: #1b1b1f; background: #f5f6f8; overflow-wrap: anywhere; }
h1, h2, h3 { line-height: 1.25; }
h1 { font-size: 1.5rem; margin: 0; }
h2 { font-size: 1.2rem; margin: 0 0 8px; }
h3 { font-size: 1rem; margin: 0 0 4px; }
p { margin: 0 0 6px; }
:focus-visible { outline: 3px solid #0a53be; outline-offset: 2px; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: 8px; top: -48px; background: #fff; color: #0a53be; padding: 8px 12px; border: 2px solid #0a53be; z-index: 10; }
.skip:focus { top: 8px; }
.top { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; padding: 12px 20px; background: #fff; border-bottom: 1px solid #d0d0d7; }
.brand { flex: 1 1 260px; min-width: 0; }
.sub { color: #4b4b55; margin: 0; }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.control { display: flex; gap: 6px; align-items: center; }
select, button, input { font: inherit; color: #1b1b1f; }
select { max-width: 14rem; padding: 5px 8px; border: 1px solid #767680; border-radius: 6px; background: #fff; }
button { padding: 5px 12px; border: 1px solid #767680; border-radius: 6px; background: #fff; cursor: pointer; min-height: 34px; }
button:hover { background: #eef1f6; }
.lang button[aria-pressed="true"] { background: #0a53be; border-color: #0a53be; color: #fff; }
.status { flex-basis: 100%; margin: 0; color: #4b4b55; font-size: 0.9rem; }
.status:empty { display: none; }
main { max-width: 1240px; margin: 0 auto; padding: 16px 20px 40px; }
main:focus { outline: none; }
section { margin: 0 0 28px; }
.viewer, .filtered, .note { color: #4b4b55; }
.filtered { font-weight: 600; color: #1b1b1f; }
.empty { color: #4b4b55; font-style: italic; }
.more { color: #4b4b55; font-size: 0.9rem; margin-top: 6px; }
.login { max-width: 600px; margin: 32px auto; background: #fff; border: 1px solid #d0d0d7; border-radius: 10px; padding: 20px; }
.login input { display: block; width: 100%; padding: 7px 9px; margin: 6px 0 10px; border: 1px solid #767680; border-radius: 6px; }
.reason { font-weight: 600; }
.reason:empty { display: none; }
.totals { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; }
.totals li { background: #fff; border: 1px solid #d0d0d7; border-radius: 10px; padding: 10px 14px; }
.totals strong { display: block; font-size: 1.6rem; line-height: 1.2; }
.cards { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 300px), 1fr)); gap: 12px; }
.card { background: #fff; border: 1px solid #d0d0d7; border-radius: 10px; padding: 12px 14px; min-width: 0; }
.card .id { color: #4b4b55; font-weight: 400; }
.hours { font-size: 1.25rem; font-weight: 700; color: #0b6b34; margin: 4px 0 2px; }
.formula { font-variant-numeric: tabular-nums; color: #1b1b1f; background: #eef6f0; border-radius: 6px; padding: 4px 8px; }
.meta { color: #4b4b55; font-size: 0.9rem; }
.tag { display: inline-block; border: 1px solid #9a9aa3; border-radius: 999px; padding: 0 8px; font-size: 0.8rem; margin-right: 4px; color: #1b1b1f; }
.tag.risk-high { border-color: #a4262c; color: #a4262c; }
.teams-open { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 340px), 1fr)); gap: 12px; }
.teams-open ul { list-style: none; margin: 6px 0 0; padding: 0; }
.teams-open li { padding: 6px 0; border-top: 1px solid #e4e4ea; }
.teams-open li:first-child { border-top: 0; }
.count { color: #4b4b55; font-weight: 400; font-size: 0.9rem; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0 24px; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid #d0d0d7; border-radius: 10px; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: #4b4b55; padding: 0 0 6px; caption-side: top; }
th, td { text-align: left; padding: 7px 10px; border-top: 1px solid #e4e4ea; vertical-align: top; }
thead th { border-top: 0; background: #eef0f4; font-size: 0.9rem; }
td.num, th.num { text-align: right; }
tr.you { background: #fff6d6; font-weight: 600; }
ol.reused { margin: 0; padding-left: 1.5em; }
ol.reused li { margin: 0 0 8px; }
.how { border-top: 1px solid #d0d0d7; padding-top: 12px; color: #1b1b1f; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef0f4; padding: 0 4px; border-radius: 4px; }
#skills th, #skills td { overflow-wrap: break-word; }
@media (min-width: 641px) {
  #skills td:nth-child(2) { min-width: 16rem; }
}
@media (max-width: 640px) {
  #skills td:nth-child(2) { grid-column: 1 / -1; }
}
@media (max-width: 900px) {
  .pair { grid-template-columns: 1fr; }
}
@media (max-width: 640px) {
  .top { padding: 10px 12px; }
  main { padding: 12px 12px 32px; }
  h1 { font-size: 1.3rem; }
  .totals { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  table, thead, tbody, tr, th, td, caption { display: block; }
  table { border: 0; background: transparent; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  tbody { display: grid; gap: 8px; }
  tr { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 2px 12px; background: #fff; border: 1px solid #d0d0d7; border-radius: 10px; padding: 8px 10px; }
  tr.you { background: #fff6d6; }
  th, td { border: 0; padding: 0; }
  tbody th { grid-column: 1 / -1; }
  td.num, th.num { text-align: left; }
  td[data-label]::before, th[data-label]::before { content: attr(data-label) ": "; color: #4b4b55; font-weight: 400; }
}
@media print {
  .top .controls, .skip, .status, #login { display: none !important; }
  body { background: #fff; color: #000; font-size: 10.5pt; }
  .top { border: 0; padding: 0 0 8px; }
  main { max-width: none; padding: 0; }
  .card, .totals li, table, tr, .teams-open > div { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .card, .totals li, table, thead th, tr.you, .formula, code { background: #fff !important; color: #000 !important; border-color: #777 !important; }
  .hours, .meta, .note, .sub, .viewer, .count, .more, .empty, caption, .tag, .tag.risk-high { color: #000 !important; }
  .pair { grid-template-columns: 1fr 1fr; }
  tr.you th, tr.you td { font-weight: 700; text-decoration: underline; }
}
`;
