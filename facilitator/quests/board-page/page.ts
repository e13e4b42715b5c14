import { escapeHtml } from '../../render/escape.js';
import { BOARD_EN } from './messages.js';

/**
 * The board's page: landmarks, headings and empty containers the script fills (every participant
 * string as text). The static labels carry `data-i18n` keys, worded in English here (what a browser
 * without script shows) and in the chosen language by the script. The programme id travels in a
 * meta tag: the page needs it to ask for the data, and it is no secret (/healthz says it too).
 */
export function boardPage(programmeId: string): string {
  const t = (key: keyof typeof BOARD_EN) => `data-i18n="${key}">${escapeHtml(BOARD_EN[key])}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="workshop-programme" content="${escapeHtml(programmeId)}">
<title>${escapeHtml(BOARD_EN.pageTitle)}</title>
<link rel="stylesheet" href="/board/board.css">
<script src="/board/board.js" defer></script>
</head>
<body>
<a class="skip" href="#main" ${t('skip')}</a>
<header class="top">
  <div class="brand">
    <h1 ${t('pageTitle')}</h1>
    <p id="programme" class="sub"></p>
  </div>
  <div class="controls">
    <div class="control">
      <label for="team" ${t('team')}</label>
      <select id="team"><option value="" ${t('allTeams')}</option></select>
    </div>
    <div class="control lang" role="group" aria-labelledby="lang-label">
      <span id="lang-label" class="visually-hidden" ${t('language')}</span>
      <button type="button" data-lang="en" lang="en" aria-pressed="true">English</button>
      <button type="button" data-lang="ja" lang="ja" aria-pressed="false">日本語</button>
    </div>
    <button id="refresh" type="button" ${t('refresh')}</button>
    <button id="print" type="button" ${t('print')}</button>
  </div>
  <p id="status" class="status" role="status" aria-live="polite"></p>
</header>
<main id="main" tabindex="-1">
  <section id="login" class="login" aria-labelledby="login-title" hidden>
    <h2 id="login-title" ${t('loginTitle')}</h2>
    <p id="login-reason" class="reason"></p>
    <p ${t('loginIntro')}</p>
    <label for="token" ${t('loginToken')}</label>
    <input id="token" type="password" autocomplete="off" spellcheck="false" placeholder="wst_…">
    <button id="open" type="button" ${t('loginOpen')}</button>
  </section>
  <div id="board" hidden>
    <p id="viewer" class="viewer"></p>
    <p id="filtered" class="filtered" hidden></p>
    <section aria-labelledby="glance-title">
      <h2 id="glance-title" class="visually-hidden" ${t('glance')}</h2>
      <ul id="totals" class="totals"></ul>
    </section>
    <section aria-labelledby="wins-title">
      <h2 id="wins-title" ${t('winsTitle')}</h2>
      <p class="note" ${t('winsNote')}</p>
      <div id="wins"></div>
    </section>
    <section aria-labelledby="open-title">
      <h2 id="open-title" ${t('openTitle')}</h2>
      <div id="open-quests"></div>
    </section>
    <section aria-labelledby="progress-title">
      <h2 id="progress-title" ${t('progressTitle')}</h2>
      <div id="progress"></div>
    </section>
    <div class="pair">
      <section aria-labelledby="reused-title">
        <h2 id="reused-title" ${t('reusedTitle')}</h2>
        <div id="reused"></div>
      </section>
      <section aria-labelledby="points-title">
        <h2 id="points-title" ${t('pointsTitle')}</h2>
        <p class="note" id="points-rules"></p>
        <div id="points"></div>
      </section>
    </div>
    <section aria-labelledby="skills-title">
      <h2 id="skills-title" ${t('skillsTitle')}</h2>
      <p class="note" ${t('skillsNote')}</p>
      <div id="skills"></div>
    </section>
    <section aria-labelledby="teams-title">
      <h2 id="teams-title" ${t('teamsTitle')}</h2>
      <div id="teams"></div>
    </section>
    <section aria-labelledby="how-title" class="how">
      <h2 id="how-title" ${t('howTitle')}</h2>
      <p ${t('howHours')}</p>
      <p id="how-points"></p>
    </section>
  </div>
</main>
</body>
</html>
`;
}
