// The live request journal and event feed: two Server-Sent Event streams
// of the control plane, newest first; a row opens its full record. Both
// show the chosen app's rows only, unless "all apps" is ticked: parallel
// tests share a server, and another app's traffic would bury yours.

import { control, stream } from './api.js';
import { emit, on, state } from './state.js';
import { $, clockTime, fill, h, jsonView, vendorName } from './util.js';

const KEEP = 300; // rows kept per table

const journal = new Map(); // id → entry
const events = new Map(); // id → event
const streams = { journal: 'connecting', events: 'connecting' };

export function initActivity(signal) {
  $('journal-clear').addEventListener('click', async () => {
    await control('DELETE', '/journal');
    journal.clear();
    fill($('journal-body'));
    counts();
  });
  $('events-clear').addEventListener('click', async () => {
    await control('DELETE', '/events');
    events.clear();
    fill($('events-body'));
    counts();
  });
  for (const id of ['journal-all', 'events-all']) {
    $(id).addEventListener('change', (e) => {
      // One choice for both tables.
      $('journal-all').checked = $('events-all').checked = e.target.checked;
      filter();
    });
  }
  on('apps', filter); // a new chosen app, or the apps reloaded
  $('detail-close').addEventListener('click', () => $('detail-dialog').close());
  $('detail-dialog').addEventListener('click', (e) => {
    if (e.target === $('detail-dialog')) $('detail-dialog').close();
  });
  counts();
  stream('/journal/stream', (_, e) => addEntry(e), (st) => live('journal', st), signal);
  stream('/events/stream', (_, e) => addEvent(e), (st) => live('events', st), signal);
}

function live(which, st) {
  streams[which] = st;
  const all = Object.values(streams);
  const el = $('live');
  const state = all.every((x) => x === 'live') ? 'live' : all.includes('unauthorized') ? 'unauthorized' : 'retrying';
  el.className = `live state-${state}`;
  el.textContent = { live: 'live', unauthorized: 'token needed', retrying: 'reconnecting' }[state];
}

// shown says whether a row of app key (vendor/appId) is shown.
const shown = (key) => $('journal-all').checked || key === state.key;

// filter shows the rows of the chosen app (or all) and recounts.
function filter() {
  for (const body of [$('journal-body'), $('events-body')]) {
    for (const row of body.rows) row.hidden = !shown(row.dataset.app);
  }
  counts();
}

function visible(body) {
  let n = 0;
  for (const row of body.rows) if (!row.hidden) n++;
  return n;
}

function counts() {
  const all = $('journal-all').checked;
  const j = visible($('journal-body'));
  const ev = visible($('events-body'));
  $('journal-count').textContent = j ? `${j}` : '';
  $('events-count').textContent = ev ? `${ev}` : '';
  $('journal-empty').hidden = j > 0;
  $('events-empty').hidden = ev > 0;
  $('journal-empty').textContent = all ? 'No vendor requests yet. Send one with \u201cTry it\u201d or from your backend.'
    : 'No vendor requests for this app yet. Send one with \u201cTry it\u201d or from your backend.';
  $('events-empty').textContent = all ? 'No events yet: ZEGO client notifications (friend list, blocklist, applications, profiles) and TIM callbacks appear here.'
    : 'No events for this app yet: ZEGO client notifications (friend list, blocklist, applications, profiles) and TIM callbacks appear here.';
}

// from is the user a vendor request acts for, read from its body or query.
function from(e) {
  const b = e.body && typeof e.body === 'object' ? e.body : {};
  return b.FromUserId || b.From_Account || e.query?.FromUserId?.[0] || '';
}

function addEntry(e) {
  if (journal.has(e.id)) return;
  journal.set(e.id, e);
  const answered = e.httpStatus !== 0;
  const ok = e.code === 0;
  const codeCell = !answered
    ? h('span', { class: 'code-pill error' }, 'dropped')
    : e.code === null || e.code === undefined
      ? h('span', { class: 'code-pill' }, `HTTP ${e.httpStatus}`)
      : h('span', { class: `code-pill ${ok ? 'ok' : 'error'}` }, String(e.code));
  const row = h('tr', {
    dataset: { id: e.id, vendor: e.vendor, app: `${e.vendor}/${e.appId}`, api: e.api, code: e.code ?? '' },
    tabindex: 0,
    onclick: () => showEntry(e),
    onkeydown: (ev) => { if (ev.key === 'Enter') showEntry(e); },
  },
  h('td', { class: 'mono' }, clockTime(e.time)),
  h('td', {}, h('span', { class: `vendor ${e.vendor}` }, vendorName(e.vendor))),
  h('td', { class: 'mono muted' }, e.appId || '\u2014'),
  h('td', { class: 'mono' }, e.api || e.path),
  h('td', {}, from(e)),
  h('td', {}, codeCell, e.fault ? h('span', { class: 'badge fault', title: 'answered by a fault rule' }, 'fault') : null),
  h('td', { class: 'num mono' }, e.latencyMs.toFixed(1)));
  row.hidden = !shown(row.dataset.app);
  prepend($('journal-body'), row, journal);
  counts();
  emit('journal', e);
}

function addEvent(e) {
  if (events.has(e.id)) return;
  events.set(e.id, e);
  const row = h('tr', {
    dataset: { id: e.id, kind: e.kind, app: `${e.vendor}/${e.appId}`, target: e.target },
    tabindex: 0,
    onclick: () => showEvent(e),
    onkeydown: (ev) => { if (ev.key === 'Enter') showEvent(e); },
  },
  h('td', { class: 'mono' }, clockTime(e.time)),
  h('td', {}, h('span', { class: `kind ${e.vendor}`, title: e.kind }, e.kind.replace(/^\w+\./, ''))),
  h('td', { class: 'mono muted' }, e.appId),
  h('td', {}, e.target),
  h('td', { class: 'wrap' }, summary(e)));
  row.hidden = !shown(row.dataset.app);
  prepend($('events-body'), row, events);
  counts();
  emit('event', e);
}

// summary says in a few words what an event reports.
export function summary(e) {
  const p = e.payload || {};
  const ids = (l) => (l || []).join(', ');
  switch (e.kind) {
    case 'zego.friendListChanged':
      return `${p.userId}: ${p.action} ${ids(p.friendUserIds)}`;
    case 'zego.blacklistChanged':
      return `${p.userId}: ${p.action === 'added' ? 'blocked' : 'unblocked'} ${ids(p.userIds)}`;
    case 'zego.friendApplicationListChanged':
      return `${p.userId}: application from ${ids((p.applications || []).map((a) => a.fromUserId))}`;
    case 'zego.friendInfoUpdated':
      return `${p.userId}: updated ${ids((p.friendInfos || []).map((f) => f.userId))}`;
    case 'zego.userInfoUpdated':
      return `${p.userId}: profile updated`;
    default:
  }
  const what = p.CallbackCommand || 'callback';
  return e.outcome ? `${what} \u2192 ${e.outcome}` : what;
}

function prepend(body, row, map) {
  body.prepend(row);
  while (body.rows.length > KEEP) {
    const last = body.rows[body.rows.length - 1];
    map.delete(Number(last.dataset.id));
    last.remove();
  }
}

function query(q) {
  const p = new URLSearchParams();
  for (const [k, vs] of Object.entries(q || {})) for (const v of vs) p.append(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

function showEntry(e) {
  $('detail-title').textContent = `${vendorName(e.vendor)} ${e.api || e.path} \u00b7 #${e.id}`;
  fill($('detail-body'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Time'), h('dd', { class: 'mono' }, e.time),
      h('dt', {}, 'Request id'), h('dd', { class: 'mono' }, e.requestId || '\u2014'),
      h('dt', {}, 'App'), h('dd', { class: 'mono' }, `${e.vendor}/${e.appId}`),
      h('dt', {}, 'Answer'), h('dd', {}, e.httpStatus ? `HTTP ${e.httpStatus}, code ${e.code ?? '\u2014'}` : 'none: the connection was dropped',
        e.fault ? ' (fault rule)' : ''),
      h('dt', {}, 'Latency'), h('dd', {}, `${e.latencyMs} ms`)),
    h('h3', {}, 'Request'),
    h('p', { class: 'mono url' }, `${e.method} ${e.path}${query(e.query)}`),
    h('p', { class: 'hint' }, 'Signature and usersig are never recorded.'),
    jsonView(e.body),
    h('h3', {}, 'Response'),
    jsonView(e.response));
  $('detail-dialog').showModal();
}

function showEvent(e) {
  $('detail-title').textContent = `${e.kind} \u00b7 #${e.id}`;
  fill($('detail-body'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Time'), h('dd', { class: 'mono' }, e.time),
      h('dt', {}, 'App'), h('dd', { class: 'mono' }, `${e.vendor}/${e.appId}`),
      h('dt', {}, 'Target'), h('dd', {}, e.target || '\u2014'),
      e.outcome ? [h('dt', {}, 'Outcome'), h('dd', {}, e.outcome)] : null),
    h('h3', {}, 'Payload'),
    jsonView(e.payload));
  $('detail-dialog').showModal();
}
