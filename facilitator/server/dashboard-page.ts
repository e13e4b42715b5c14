/**
 * The viewer dashboard (a manager's link): a static page and a small script, kept here as text so the
 * build ships them with the server and there is nothing to bundle. The page holds no data and no
 * secret. The token travels in the URL fragment (`/dashboard#token=wst_…`), which browsers never send
 * to a server or put in a Referer; the script moves it to sessionStorage, clears the address bar, and
 * sends it only in an Authorization header. The report is the same self-contained HTML page
 * `workshop report --format html` writes, shown in a sandboxed frame: no script can run in it, and it
 * cannot reach this page.
 */
export const VIEWER_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Programme report</title>
<link rel="stylesheet" href="/dashboard/viewer.css">
<script src="/dashboard/viewer.js" defer></script>
</head>
<body>
<header>
  <strong id="title">Programme report</strong>
  <span id="who" class="muted"></span>
  <span id="status" class="muted" role="status"></span>
  <button id="refresh" type="button" hidden>Refresh</button>
</header>
<section id="login" hidden>
  <p id="login-reason">Open the viewer link you were given (it ends in <code>#token=…</code>), or paste its token here.</p>
  <input id="token" type="password" autocomplete="off" spellcheck="false" placeholder="wst_…" aria-label="Viewer token">
  <button id="open" type="button">Open the report</button>
</section>
<iframe id="report" title="Programme report" sandbox="" referrerpolicy="no-referrer" hidden></iframe>
</body>
</html>
`;

export const VIEWER_CSS = `[hidden] { display: none !important; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Yu Gothic", sans-serif; color: #1d1d1f; }
header { display: flex; gap: 12px; align-items: center; padding: 8px 16px; border-bottom: 1px solid #d9d9d9; background: #fafafa; }
.muted { color: #6b6b70; }
#status:empty { display: none; }
#refresh { margin-left: auto; }
#login { max-width: 560px; margin: 48px auto; padding: 0 16px; }
#login input { width: 100%; box-sizing: border-box; padding: 6px 8px; margin: 8px 0; font: inherit; }
iframe { display: block; width: 100%; height: calc(100vh - 46px); border: 0; }
`;

export const VIEWER_JS = `'use strict';
(function () {
  var TOKEN_KEY = 'workshop-viewer-token';
  var REFRESH_MS = 5 * 60 * 1000;
  function byId(id) { return document.getElementById(id); }
  function status(text) { byId('status').textContent = text || ''; }

  function takeToken() {
    var match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (match) {
      var token = decodeURIComponent(match[1]);
      sessionStorage.setItem(TOKEN_KEY, token);
      history.replaceState(null, '', location.pathname + location.search);
      return token;
    }
    return sessionStorage.getItem(TOKEN_KEY) || undefined;
  }

  function showLogin(reason) {
    byId('report').hidden = true;
    byId('report').srcdoc = '';
    byId('who').textContent = '';
    byId('refresh').hidden = true;
    byId('login').hidden = false;
    if (reason) byId('login-reason').textContent = reason;
    status('');
  }

  async function reasonOf(response) {
    try { var body = await response.json(); return body.reason || response.statusText; } catch (e) { return response.statusText; }
  }

  async function load() {
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return showLogin();
    var headers = { Authorization: 'Bearer ' + token };
    status('Loading…');
    try {
      var who = await fetch('/v1/whoami', { headers: headers, cache: 'no-store' });
      if (who.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        return showLogin('This link\\'s token is unknown here or was revoked. Ask the programme\\'s owner for a new viewer link.');
      }
      if (!who.ok) return status('The server answered: ' + (await reasonOf(who)));
      var me = await who.json();
      var report = await fetch('/v1/programmes/' + encodeURIComponent(me.programme) + '/report?format=html', { headers: headers, cache: 'no-store' });
      if (!report.ok) return status('The server answered: ' + (await reasonOf(report)));
      var html = await report.text();
      byId('login').hidden = true;
      byId('who').textContent = me.programme + ' · ' + me.name + ' (' + me.role + ')';
      var frame = byId('report');
      frame.srcdoc = html;
      frame.hidden = false;
      byId('refresh').hidden = false;
      status('Updated ' + new Date().toLocaleTimeString());
    } catch (e) {
      status('The server cannot be reached; retrying in a few minutes.');
    }
  }

  function open() {
    var value = byId('token').value.trim();
    byId('token').value = '';
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    load();
  }

  document.addEventListener('DOMContentLoaded', function () {
    takeToken();
    byId('refresh').addEventListener('click', load);
    byId('open').addEventListener('click', open);
    byId('token').addEventListener('keydown', function (event) { if (event.key === 'Enter') open(); });
    setInterval(function () { if (document.visibilityState === 'visible' && sessionStorage.getItem(TOKEN_KEY)) load(); }, REFRESH_MS);
    load();
  });
})();
`;
