import { REUSE_POINTS, WIN_POINTS } from '../points.js';
import { BOARD_EN, BOARD_JA } from './messages.js';

/**
 * The board's script (plain ES2020, no build step: it ships as text with the server like the viewer
 * dashboard's). What it does:
 *   - takes `#token=` (a viewer's link) or `#once=` (a participant's one-time code, traded once for a
 *     board session token) out of the address bar into sessionStorage: the secret is never sent in a
 *     URL or a Referer, only in an Authorization header;
 *   - fetches the board data (team filter in `?team=`) and builds the page with createElement and
 *     textContent only: no participant string is ever parsed as HTML;
 *   - speaks English or Japanese (`?lang=`, else the browser's language; a toggle), and refreshes every
 *     minute while the tab is visible.
 */
const CLIENT = String.raw`'use strict';
(function () {
  var M = __MESSAGES__;
  var TOKEN_KEY = 'workshop-board-token';
  var REFRESH_MS = 60 * 1000;
  var meta = document.querySelector('meta[name="workshop-programme"]');
  var base = '/v1/programmes/' + encodeURIComponent(meta ? meta.getAttribute('content') : '');
  var state = { lang: 'en', team: '', data: null, loadedAt: 0 };

  function byId(id) { return document.getElementById(id); }
  function t(key, params) {
    var text = (M[state.lang] && M[state.lang][key]) || M.en[key] || key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, function (whole, name) { return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole; });
  }
  /** An element with text (never HTML) and a few attributes. */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function add(parent) { for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]); return parent; }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function locale() { return state.lang === 'ja' ? 'ja-JP' : 'en-GB'; }
  function num(n) { return Number(n).toLocaleString(locale(), { maximumFractionDigits: 1 }); }
  function day(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? '' : d.toLocaleDateString(locale(), { year: 'numeric', month: 'short', day: 'numeric' });
  }
  function names(people) {
    var list = people.map(function (p) { return p.name; });
    return list.length === 2 ? t('pair', { a: list[0], b: list[1] }) : list.join(', ');
  }
  function often(o) { return o.times === 1 ? t('often_' + o.per + '_1') : t('often_' + o.per, { times: num(o.times) }); }
  function role(kind) { return t('role' + kind.charAt(0).toUpperCase() + kind.slice(1)); }
  function team(name) { return name || t('noTeam'); }
  /** Text with \`command\` spans shown as code (still text: each part goes in with textContent). */
  function rich(node, text) {
    text = String(text);
    if (text.indexOf('\u0060') < 0) { node.textContent = text; return node; }
    clear(node);
    text.split('\u0060').forEach(function (part, i) { if (part) node.appendChild(el(i % 2 ? 'code' : 'span', '', part)); });
    return node;
  }
  function status(text) { byId('status').textContent = text || ''; }

  function chooseLanguage() {
    var asked = new URLSearchParams(location.search).get('lang');
    if (asked === 'en' || asked === 'ja') return asked;
    var langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
    return /^ja\b/i.test(langs[0] || '') ? 'ja' : 'en';
  }

  function rememberInAddress() {
    var query = new URLSearchParams(location.search);
    query.set('lang', state.lang);
    if (state.team) query.set('team', state.team); else query.delete('team');
    history.replaceState(null, '', location.pathname + '?' + query.toString());
  }

  function applyWords() {
    document.documentElement.lang = state.lang;
    document.title = t('pageTitle');
    var labelled = document.querySelectorAll('[data-i18n]');
    for (var i = 0; i < labelled.length; i++) rich(labelled[i], t(labelled[i].getAttribute('data-i18n')));
    var buttons = document.querySelectorAll('[data-lang]');
    for (var j = 0; j < buttons.length; j++) buttons[j].setAttribute('aria-pressed', String(buttons[j].getAttribute('data-lang') === state.lang));
    rich(byId('how-points'), t('pointsRules', __POINTS__) + (state.lang === 'ja' ? '' : ' ') + t('howPoints'));
  }

  /** The secret from the fragment, out of the address bar at once. Returns a one-time code to trade, if any. */
  function takeFragment() {
    var hash = location.hash;
    var token = /(?:^#|&)token=([^&]+)/.exec(hash);
    var once = /(?:^#|&)once=([^&]+)/.exec(hash);
    if (token || once) history.replaceState(null, '', location.pathname + location.search);
    if (token) sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(token[1]));
    return once ? decodeURIComponent(once[1]) : undefined;
  }

  function showLogin(reasonKey) {
    byId('board').hidden = true;
    byId('login').hidden = false;
    byId('login-reason').textContent = reasonKey ? t(reasonKey) : '';
    byId('refresh').hidden = true;
    status('');
  }

  async function reasonOf(response) {
    try { var body = await response.json(); return { error: body.error, reason: body.reason || response.statusText }; } catch (e) { return { error: '', reason: response.statusText }; }
  }

  async function trade(code) {
    try {
      var response = await fetch(base + '/board-session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: code }), cache: 'no-store' });
      if (!response.ok) { showLogin('loginCodeUsed'); return false; }
      var body = await response.json();
      sessionStorage.setItem(TOKEN_KEY, body.token);
      return true;
    } catch (e) {
      status(t('unreachable'));
      return false;
    }
  }

  async function load() {
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return showLogin();
    status(t('loading'));
    try {
      var response = await fetch(base + '/board' + (state.team ? '?team=' + encodeURIComponent(state.team) : ''), { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store' });
      if (response.status === 401) {
        var why = await reasonOf(response);
        sessionStorage.removeItem(TOKEN_KEY);
        return showLogin(why.error === 'board_session_expired' ? 'loginSessionOver' : 'loginRevoked');
      }
      if (!response.ok) return status(t('serverSaid', { reason: (await reasonOf(response)).reason }));
      state.data = await response.json();
      state.loadedAt = Date.now();
      byId('login').hidden = true;
      byId('board').hidden = false;
      byId('refresh').hidden = false;
      render();
    } catch (e) {
      status(t('unreachable'));
    }
  }

  function render() {
    var data = state.data;
    if (!data) return;
    byId('programme').textContent = data.programme.title;
    byId('viewer').textContent = t('viewerLabel', { name: data.viewer.name, role: role(data.viewer.kind) });
    var filtered = byId('filtered');
    filtered.hidden = !data.team;
    filtered.textContent = data.team ? t('filteredTo', { team: data.team }) : '';
    renderTeamFilter(data);
    renderTotals(data);
    renderWins(data);
    renderOpen(data);
    renderProgress(data);
    renderReused(data);
    renderPoints(data);
    renderSkills(data);
    renderTeams(data);
    status(t('updated', { time: new Date(state.loadedAt).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' }) }));
  }

  function renderTeamFilter(data) {
    var select = byId('team');
    var teams = data.teams.slice();
    if (state.team && teams.indexOf(state.team) < 0) teams.unshift(state.team);
    clear(select);
    var all = el('option', '', t('allTeams'));
    all.value = '';
    select.appendChild(all);
    teams.forEach(function (name) {
      var option = el('option', '', team(name));
      option.value = name;
      select.appendChild(option);
    });
    select.value = state.team;
  }

  function renderTotals(data) {
    var list = clear(byId('totals'));
    [[data.totals.open, 'totalOpen'], [data.totals.inProgress, 'totalInProgress'], [data.totals.done, 'totalDone'], [data.totals.hoursPerMonth, 'totalHours'], [data.totals.reuses, 'totalReuses']].forEach(function (pair) {
      add(list, add(el('li'), el('strong', '', num(pair[0])), el('span', '', t(pair[1]))));
    });
  }

  function questTitle(tag, quest) {
    var heading = el(tag);
    add(heading, el('span', '', quest.title), document.createTextNode(' '), el('span', 'id', '#' + quest.id));
    return heading;
  }

  function tags(quest) {
    var line = el('p', 'meta');
    add(line, el('span', 'tag', team(quest.team)), el('span', 'tag' + (quest.risk === 'high' ? ' risk-high' : ''), t('riskLabel', { risk: t('risk_' + quest.risk) })));
    if (quest.sensitivity !== 'none') add(line, el('span', 'tag', t('dataLabel', { sensitivity: t('sensitivity_' + quest.sensitivity) })));
    if (quest.kind) add(line, el('span', 'tag', t('kind_' + quest.kind)));
    return line;
  }

  function renderWins(data) {
    var box = clear(byId('wins'));
    if (data.wins.quests.length === 0) return add(box, el('p', 'empty', t('winsEmpty')));
    var list = el('ol', 'cards');
    box.appendChild(list);
    data.wins.quests.forEach(function (win) {
      var card = el('article', 'card');
      add(card, questTitle('h3', win), tags(win), el('p', 'hours', t('hoursPerMonth', { hours: num(win.hours.perMonth) })), el('p', 'formula', win.formula[state.lang] || win.formula.en));
      add(card, el('p', 'meta', t('builtBy', { names: names(win.claimers) }) + ', ' + t('reviewedBy', { name: win.reviewedBy.name, role: role(win.reviewRole) })));
      add(card, el('p', 'meta', t('doneOn', { date: day(win.doneAt) }) + (win.reuseCount > 0 ? ' · ' + t('usedBy', { count: num(win.reuseCount) }) : '')));
      add(list, add(el('li'), card));
    });
    if (data.wins.count > data.wins.quests.length) add(box, el('p', 'more', t('winsMore', { shown: data.wins.quests.length, count: num(data.wins.count) })));
  }

  function renderOpen(data) {
    var box = clear(byId('open-quests'));
    if (data.open.teams.length === 0) return add(box, el('p', 'empty', t('openEmpty')));
    var grid = el('div', 'teams-open');
    box.appendChild(grid);
    data.open.teams.forEach(function (group) {
      var card = el('div', 'card');
      var heading = el('h3');
      add(heading, el('span', '', team(group.team)), document.createTextNode(' '), el('span', 'count', t('openQuestCount', { count: num(group.count) })));
      var list = el('ul');
      group.quests.forEach(function (quest) {
        var item = el('li');
        add(item, add(el('p'), el('strong', '', quest.title), document.createTextNode(' '), el('span', 'id', '#' + quest.id)));
        add(item, el('p', 'meta', t('oftenLine', { often: often(quest.often), minutes: num(quest.minutesEach) }) + ' · ' + t('riskLabel', { risk: t('risk_' + quest.risk) })));
        add(item, el('p', 'meta', t('postedBy', { name: quest.postedBy.name, date: day(quest.postedAt) })));
        add(list, item);
      });
      add(card, heading, list);
      if (group.count > group.quests.length) add(card, el('p', 'more', t('openMore', { shown: group.quests.length, count: num(group.count) })));
      add(grid, card);
    });
    if (data.open.moreTeams > 0) add(box, el('p', 'more', t('openMoreTeams', { count: num(data.open.moreTeams) })));
  }

  /** A table with a caption, column headers (scope=col), and the first cell of each row a row header. */
  function table(caption, columns, rows) {
    var tableNode = el('table');
    add(tableNode, el('caption', '', caption));
    var headRow = el('tr');
    columns.forEach(function (c) {
      var th = el('th', c.num ? 'num' : '', c.label);
      th.setAttribute('scope', 'col');
      headRow.appendChild(th);
    });
    add(tableNode, add(el('thead'), headRow));
    var body = el('tbody');
    rows.forEach(function (row) {
      var tr = el('tr', row.className || '');
      row.cells.forEach(function (value, i) {
        var cell = el(i === 0 ? 'th' : 'td', columns[i].num ? 'num' : '', value);
        if (i === 0) cell.setAttribute('scope', 'row');
        cell.setAttribute('data-label', columns[i].label);
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    });
    return add(tableNode, body);
  }

  function renderProgress(data) {
    var box = clear(byId('progress'));
    if (data.inProgress.quests.length === 0) return add(box, el('p', 'empty', t('progressEmpty')));
    add(box, table(t('progressCaption'), [{ label: t('colQuest') }, { label: t('colTeam') }, { label: t('colState') }, { label: t('colWho') }, { label: t('colSince') }], data.inProgress.quests.map(function (q) {
      return { cells: [q.title + ' #' + q.id, team(q.team), t('state_' + q.state), names(q.claimers), day(q.claimedAt || q.postedAt)] };
    })));
    if (data.inProgress.count > data.inProgress.quests.length) add(box, el('p', 'more', t('progressMore', { shown: data.inProgress.quests.length, count: num(data.inProgress.count) })));
  }

  function renderReused(data) {
    var box = clear(byId('reused'));
    if (data.topReused.length === 0) return add(box, el('p', 'empty', t('reusedEmpty')));
    var list = el('ol', 'reused');
    box.appendChild(list);
    data.topReused.forEach(function (win) {
      var item = el('li');
      add(item, add(el('p'), el('strong', '', win.title), document.createTextNode(' '), el('span', 'id', '#' + win.id)));
      add(item, el('p', 'meta', t('reusedLine', { count: num(win.reuseCount) }) + ' · ' + team(win.team) + ' · ' + t('hoursPerMonth', { hours: num(win.hours.perMonth) })));
      add(list, item);
    });
  }

  function renderPoints(data) {
    byId('points-rules').textContent = t('pointsRules', { win: data.points.rules.win, reuse: data.points.rules.reuse });
    var box = clear(byId('points'));
    var you = data.points.you;
    if (data.points.top.length === 0) add(box, el('p', 'empty', t('pointsEmpty')));
    else {
      var columns = [{ label: t('colRank'), num: true }, { label: t('colPerson') }, { label: t('colTeam') }, { label: t('colPoints'), num: true }, { label: t('colWins'), num: true }, { label: t('colReusesOfWins'), num: true }];
      var rows = data.points.top.map(function (p) {
        var mine = you && you.person.key === p.person.key;
        return { className: mine ? 'you' : '', cells: [num(p.rank), p.person.name + (mine ? ' (' + t('you') + ')' : ''), team(p.person.team), num(p.points), num(p.wins), num(p.reusesOfWins)] };
      });
      add(box, table(t('pointsCaption', { count: data.points.top.length }), columns, rows));
    }
    if (you) add(box, rich(el('p', 'viewer'), you.rank ? t('youLine', { points: num(you.points), wins: num(you.wins), reuses: num(you.reusesOfWins), rank: num(you.rank) }) : t('youLineUnranked')));
  }

  /** Approved company skills (issue 15): a table like the others, every value as text. */
  function renderSkills(data) {
    var box = clear(byId('skills'));
    var section = data.skills || { count: 0, skills: [], more: 0 };
    if (section.skills.length === 0) return add(box, rich(el('p', 'empty'), t('skillsEmpty')));
    var columns = [{ label: t('colSkill') }, { label: t('colDescription') }, { label: t('colTeam') }, { label: t('colAuthor') }, { label: t('colInstalls'), num: true }, { label: t('colUses'), num: true }, { label: t('colFromQuest') }, { label: t('colVersion'), num: true }];
    add(box, table(t('skillsCaption'), columns, section.skills.map(function (s) {
      var teams = s.installs.byTeam.map(function (row) { return t('installsTeam', { team: team(row.team), count: num(row.people) }); });
      if (s.installs.moreTeams > 0) teams.push(t('installsMoreTeams', { count: num(s.installs.moreTeams) }));
      var installs = teams.length ? t('installsLine', { count: num(s.installs.people), teams: teams.join(t('listSep')) }) : num(s.installs.people);
      var quest = s.quest ? (s.quest.title ? s.quest.title + ' #' + s.quest.id : '#' + s.quest.id) : t('noQuest');
      return { cells: [s.name, s.description, team(s.team), t('authorLine', { name: s.author.name, team: team(s.author.team) }), installs, num(s.uses), quest, t('versionLine', { version: s.version })] };
    })));
    if (section.more > 0) add(box, el('p', 'more', t('skillsMore', { count: num(section.more) })));
  }

  function renderTeams(data) {
    var box = clear(byId('teams'));
    if (data.teamView.teams.length === 0) return add(box, el('p', 'empty', t('teamsEmpty')));
    var columns = [{ label: t('colTeam') }, { label: t('colPosted'), num: true }, { label: t('colOpen'), num: true }, { label: t('colInProgress'), num: true }, { label: t('colDone'), num: true }, { label: t('colHours'), num: true }, { label: t('colReuses'), num: true }];
    add(box, table(t('teamsCaption'), columns, data.teamView.teams.map(function (row) {
      return { cells: [team(row.team), num(row.posted), num(row.open), num(row.inProgress), num(row.done), num(row.hoursPerMonth), num(row.reuses)] };
    })));
    if (data.teamView.moreTeams > 0) add(box, el('p', 'more', t('teamsMore', { count: num(data.teamView.moreTeams) })));
  }

  function openPasted() {
    var input = byId('token');
    var value = input.value.trim();
    input.value = '';
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    load();
  }

  document.addEventListener('DOMContentLoaded', async function () {
    state.lang = chooseLanguage();
    state.team = new URLSearchParams(location.search).get('team') || '';
    var code = takeFragment();
    applyWords();
    byId('refresh').addEventListener('click', load);
    byId('print').addEventListener('click', function () { window.print(); });
    byId('open').addEventListener('click', openPasted);
    byId('token').addEventListener('keydown', function (event) { if (event.key === 'Enter') openPasted(); });
    byId('team').addEventListener('change', function (event) { state.team = event.target.value; rememberInAddress(); load(); });
    var buttons = document.querySelectorAll('[data-lang]');
    for (var i = 0; i < buttons.length; i++) buttons[i].addEventListener('click', function (event) {
      state.lang = event.currentTarget.getAttribute('data-lang');
      rememberInAddress();
      applyWords();
      render();
    });
    setInterval(function () { if (document.visibilityState === 'visible' && sessionStorage.getItem(TOKEN_KEY)) load(); }, REFRESH_MS);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible' && sessionStorage.getItem(TOKEN_KEY) && Date.now() - state.loadedAt > REFRESH_MS) load();
    });
    if (code && !(await trade(code))) return;
    load();
  });
})();
`;

export const BOARD_JS = CLIENT.replace('__MESSAGES__', () => JSON.stringify({ en: BOARD_EN, ja: BOARD_JA }).replace(/</g, '\\u003c')).replace('__POINTS__', () =>
  JSON.stringify({ win: WIN_POINTS, reuse: REUSE_POINTS }),
);
