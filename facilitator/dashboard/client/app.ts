import type { DashboardSnapshot, DashboardUpdate, ParticipantCard, RoomView, SessionAggregates } from '../../summary/types.js';
import { byId, clear, el } from './dom.js';
import { renderCard, renderCounted, renderFunnel, renderTeams } from './render.js';
import { openStream } from './stream.js';

/**
 * The facilitator's dashboard. The hub computes every card (sorted by who needs help first) and
 * streams changes; this page only keeps them, filters by team and renders. The facilitator token
 * arrives in the URL fragment (`#token=…`), is moved to sessionStorage so a reload still works,
 * and is removed from the address bar at once, so it does not end up on the projector, in a
 * screenshot or in the browser history.
 */
/**
 * Where this hub's API is: '' on a laptop hub (the page is `/dashboard`), `/s/<session>` for a date
 * hosted on the programme server (the page is `/s/<session>/dashboard`). Every request goes there.
 */
const HUB = location.pathname.replace(/\/dashboard\/?$/, '');
// One key per hub: two dates' dashboards on one server are one origin, and must not swap keys.
const TOKEN_KEY = `workshop-facilitator-token${HUB ? `:${HUB}` : ''}`;

function takeToken(): string | undefined {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    const token = decodeURIComponent(match[1]);
    sessionStorage.setItem(TOKEN_KEY, token);
    history.replaceState(null, '', location.pathname + location.search);
    return token;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

const cards = new Map<string, ParticipantCard>();
const nodes = new Map<string, HTMLElement>();
let order: string[] = [];
let aggregates: SessionAggregates | undefined;
let room: RoomView | undefined;
const HELPER_KEY = 'workshop-helper-name';

const ui = {
  title: byId('title'),
  join: byId('join'),
  connection: byId('connection'),
  funnel: byId('funnel'),
  blockers: byId('blockers'),
  failing: byId('failing'),
  teamFilter: byId<HTMLSelectElement>('team-filter'),
  counts: byId('counts'),
  cards: byId('cards'),
  message: byId('message'),
  toast: byId('toast'),
  toastText: byId('toast-text'),
  toastUndo: byId<HTMLButtonElement>('toast-undo'),
  roomForm: byId<HTMLFormElement>('room-form'),
  roomText: byId<HTMLInputElement>('room-text'),
  roomClear: byId<HTMLButtonElement>('room-clear'),
  roomTarget: byId<HTMLSelectElement>('room-target'),
  roomNow: byId('room-now'),
  helper: byId<HTMLInputElement>('helper-name'),
  notJoined: byId('not-joined'),
  notJoinedTitle: byId('not-joined-title'),
  notJoinedList: byId('not-joined-list'),
  joinAlert: byId('join-alert'),
};

function showMessage(text: string | undefined): void {
  ui.message.hidden = !text;
  ui.message.textContent = text ?? '';
}

let toastTimer: number | undefined;
let undo: (() => void) | undefined;
/** A short note; with `onUndo`, an Undo button for 8 seconds (issue 11: lowering a hand can be undone). */
function toast(text: string, onUndo?: () => void): void {
  ui.toastText.textContent = text;
  ui.toastUndo.hidden = !onUndo;
  undo = onUndo;
  ui.toast.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => {
    ui.toast.hidden = true;
    undo = undefined;
  }, onUndo ? 8000 : 4000);
}

function applySnapshot(snapshot: DashboardSnapshot): void {
  document.title = `${snapshot.session.title} · dashboard`;
  ui.title.textContent = snapshot.session.title;
  clear(ui.join);
  if (snapshot.session.joinCommand) {
    ui.join.append(document.createTextNode('Join: '), el('code', '', snapshot.session.joinCommand));
  } else {
    ui.join.append(document.createTextNode('Session code: '), el('code', '', snapshot.session.code));
  }
  cards.clear();
  for (const node of nodes.values()) node.remove();
  nodes.clear();
  for (const card of snapshot.cards) cards.set(card.id, card);
  order = snapshot.cards.map((c) => c.id);
  for (const card of snapshot.cards) nodes.set(card.id, renderCard(card));
  aggregates = snapshot.aggregates;
  room = snapshot.room;
  render();
}

function applyUpdate(update: DashboardUpdate): void {
  for (const card of update.cards) {
    cards.set(card.id, card);
    const fresh = renderCard(card);
    nodes.get(card.id)?.replaceWith(fresh);
    nodes.set(card.id, fresh);
  }
  for (const id of update.removed ?? []) {
    nodes.get(id)?.remove();
    nodes.delete(id);
    cards.delete(id);
  }
  order = update.order;
  aggregates = update.aggregates;
  room = update.room;
  render();
}

/** Issue 11: the room's message, target and who is not here yet. */
function renderRoom(): void {
  if (!room) return;
  const now: string[] = [];
  if (room.message) now.push(`Laptops show: “${room.message.text}” (${room.message.minutesAgo} min ago)`);
  if (room.target) now.push(`Target: ${room.target.exerciseId}${room.target.source === 'timetable' ? ' (timetable)' : ''}`);
  ui.roomNow.textContent = now.join(' · ');
  // Issue 12: wrong join codes are someone mistyping, or someone outside the room guessing.
  const alert = room.joinAlert;
  ui.joinAlert.hidden = !alert;
  ui.joinAlert.textContent = alert
    ? `${alert.wrongCodes} wrong join code${alert.wrongCodes === 1 ? '' : 's'} in the last ${alert.windowMinutes} min from ${alert.addresses} address${alert.addresses === 1 ? '' : 'es'}` +
      (alert.lockedAddresses > 0 ? `; ${alert.lockedAddresses} address${alert.lockedAddresses === 1 ? ' is' : 'es are'} locked out (joins refused for a while, the right code too)` : '') +
      '. If nobody in the room is mistyping the code, someone may be guessing it.'
    : '';
  const key = JSON.stringify(room.exercises);
  if (ui.roomTarget.dataset.exercises !== key) {
    ui.roomTarget.dataset.exercises = key;
    clear(ui.roomTarget);
    ui.roomTarget.append(new Option('none', ''));
    room.exercises.forEach((e, i) => ui.roomTarget.append(new Option(`${i + 1}. ${e.title}`, e.id)));
  }
  if (document.activeElement !== ui.roomTarget) ui.roomTarget.value = room.target?.source === 'facilitator' ? room.target.exerciseId : '';
  const missing = room.notJoined ?? [];
  ui.notJoined.hidden = missing.length === 0;
  ui.notJoinedTitle.textContent = `Not here yet (${missing.length})`;
  clear(ui.notJoinedList);
  for (const person of missing) ui.notJoinedList.append(el('li', '', `${person.name} · ${person.team}`));
}

function render(): void {
  if (!aggregates) return;
  renderFunnel(ui.funnel, aggregates.funnel);
  renderCounted(ui.blockers, aggregates.setupBlockers, 'none right now');
  renderCounted(ui.failing, aggregates.failingChecks, 'none right now');
  renderTeams(ui.teamFilter, aggregates);
  renderRoom();
  const team = ui.teamFilter.value;
  let shown = 0;
  let hands = 0;
  let stuck = 0;
  let blocked = 0;
  let behind = 0;
  // Re-append in rank order: moving existing nodes keeps focus and avoids rebuilding every card.
  for (const id of order) {
    const node = nodes.get(id);
    const card = cards.get(id);
    if (!node || !card) continue;
    const visible = !team || card.team === team;
    node.hidden = !visible;
    if (visible) {
      // Issue 11: the counts follow the filter.
      shown += 1;
      if (card.hand) hands += 1;
      if (card.needs.state === 'stuck') stuck += 1;
      if (card.needs.state === 'blocked') blocked += 1;
      if (card.needs.state === 'behind') behind += 1;
    }
    ui.cards.append(node);
  }
  ui.counts.textContent = `${shown} shown · ${hands} hand${hands === 1 ? '' : 's'} up · ${blocked} blocked · ${stuck} stuck · ${behind} behind`;
  showMessage(order.length === 0 ? 'Nobody has joined yet. Put the join line on the screen.' : undefined);
}

async function post(token: string, url: string, body?: unknown): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) {
      const answer = (await response.json().catch(() => ({}))) as { reason?: string };
      toast(`Could not do that: ${answer.reason ?? `HTTP ${response.status}`}`);
    }
    return response.ok;
  } catch {
    toast('The hub did not answer; try again.');
    return false;
  }
}

async function act(token: string, action: string, participantId: string, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  const base = `${HUB}/v1/facilitator/participants/${encodeURIComponent(participantId)}`;
  try {
    if (action === 'claim' || action === 'unclaim') {
      const helper = action === 'claim' ? ui.helper.value.trim() || 'A helper' : null;
      await post(token, `${base}/claim`, { helper });
      return;
    }
    const ok = await post(token, `${base}/${action}`);
    if (ok && action === 'lower-hand') {
      const name = cards.get(participantId)?.name ?? 'the participant';
      toast(`Lowered ${name}'s hand.`, () => void post(token, `${base}/restore-hand`));
    }
  } finally {
    button.disabled = false;
  }
}

function start(): void {
  const token = takeToken();
  if (!token) {
    ui.connection.textContent = 'no facilitator key';
    showMessage('Open the dashboard with the link `workshop host` printed: it carries the facilitator key.');
    return;
  }
  ui.teamFilter.addEventListener('change', render);
  ui.helper.value = localStorage.getItem(HELPER_KEY) ?? '';
  ui.helper.addEventListener('change', () => localStorage.setItem(HELPER_KEY, ui.helper.value.trim()));
  ui.toastUndo.addEventListener('click', () => {
    undo?.();
    undo = undefined;
    ui.toast.hidden = true;
  });
  ui.roomForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = ui.roomText.value.trim();
    if (!text) return;
    void post(token, `${HUB}/v1/facilitator/room/message`, { text }).then((ok) => {
      if (ok) ui.roomText.value = '';
    });
  });
  ui.roomClear.addEventListener('click', () => void post(token, `${HUB}/v1/facilitator/room/message`, { text: '' }));
  ui.roomTarget.addEventListener('change', () => void post(token, `${HUB}/v1/facilitator/room/target`, { exerciseId: ui.roomTarget.value || null }));
  ui.cards.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest('button');
    if (!button?.dataset.action || !button.dataset.id) return;
    void act(token, button.dataset.action, button.dataset.id, button);
  });
  openStream(`${HUB}/v1/facilitator/stream`, token, {
    onEvent(name, data) {
      if (name === 'snapshot') applySnapshot(JSON.parse(data) as DashboardSnapshot);
      else if (name === 'update') applyUpdate(JSON.parse(data) as DashboardUpdate);
      else if (name === 'full') showMessage('Too many dashboards are open on this hub; close one and reload.');
    },
    onState(state) {
      ui.connection.textContent = state === 'live' ? '● live' : state === 'reconnecting' ? 'hub unreachable, retrying…' : 'wrong facilitator key';
      ui.connection.className = `connection ${state === 'live' ? 'live' : 'down'}`;
      if (state === 'unauthorised') {
        sessionStorage.removeItem(TOKEN_KEY);
        showMessage('This facilitator key is not valid for this hub. Open the link `workshop host` printed.');
      }
    },
  });
}

start();
