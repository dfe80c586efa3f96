// "Try it": build a vendor request for the chosen app, have the server
// sign it (POST /_mock/sign), send it as a backend would, and show the
// vendor's answer and what it changed in the graph.

import { control, vendor } from './api.js';
import { edgeSet, model } from './graph.js';
import { currentApp, fetchState, loadApps, loadGraph, on, selectUser, state } from './state.js';
import { $, changed, fill, h, jsonView, splitList } from './util.js';

let op = 'delete';
let sent = 0; // requests sent; #try-result's data-seq tells which one it shows

export function initTryIt() {
  for (const b of $('try-op').querySelectorAll('button')) {
    b.addEventListener('click', () => {
      op = b.dataset.op;
      for (const o of $('try-op').querySelectorAll('button')) o.classList.toggle('on', o === b);
      renderForm();
    });
  }
  $('try-from').addEventListener('change', () => selectUser($('try-from').value));
  $('try-targets').addEventListener('input', () => {
    renderChips();
    renderPreview();
  });
  for (const r of document.querySelectorAll('input[name="try-type"]')) r.addEventListener('change', renderPreview);
  $('try-form').addEventListener('submit', (e) => {
    e.preventDefault();
    send();
  });
  on('graph', renderForm);
  on('user', renderForm);
  on('apps', renderForm);
}

// request describes the vendor call the form asks for.
export function request(app, operation, from, targets, both) {
  if (app.vendor === 'zego') {
    const type = both ? 0 : 1; // ZEGO DeleteType: 0 two-way, 1 one-way
    switch (operation) {
      case 'deleteAll':
        return { sign: { action: 'DeleteAllFriends' }, method: 'GET', query: { FromUserId: from, DeleteType: type } };
      case 'list':
        return { sign: { action: 'QueryFriendList' }, method: 'GET', query: { FromUserId: from, Limit: 100, Next: 0 } };
      default:
        return { sign: { action: 'DeleteFriends' }, method: 'POST', body: { FromUserId: from, UserIds: targets, DeleteType: type } };
    }
  }
  const type = both ? 'Delete_Type_Both' : 'Delete_Type_Single';
  switch (operation) {
    case 'deleteAll':
      return { sign: { api: 'sns/friend_delete_all' }, method: 'POST', body: { From_Account: from, DeleteType: type } };
    case 'list':
      return { sign: { api: 'sns/friend_get' }, method: 'POST', body: { From_Account: from, StartIndex: 0 } };
    default:
      return { sign: { api: 'sns/friend_delete' }, method: 'POST', body: { From_Account: from, To_Account: targets, DeleteType: type } };
  }
}

function formRequest() {
  const app = currentApp();
  if (!app) return null;
  const both = $('try-type-both').checked;
  return request(app, op, $('try-from').value, splitList($('try-targets').value), both);
}

function renderForm() {
  const m = state.model;
  const from = $('try-from');
  const ids = m ? m.users.map((u) => u.id) : [];
  if (changed(from, ids.join('\n'))) fill(from, ids.map((id) => h('option', { value: id }, id)));
  if (ids.includes(state.user)) from.value = state.user;
  for (const el of $('try-form').querySelectorAll('[data-for]')) {
    el.hidden = !el.dataset.for.split(' ').includes(op);
  }
  renderChips();
  renderPreview();
}

// renderChips offers the users as toggles for the targets field, the
// chosen user's friends first.
function renderChips() {
  const m = state.model;
  const box = $('try-chips');
  if (!m) {
    if (changed(box, '')) fill(box);
    return;
  }
  const from = $('try-from').value;
  const chosen = new Set(splitList($('try-targets').value));
  const friends = m.lists.get(from) || new Set();
  const ids = m.users.map((u) => u.id).filter((id) => id !== from);
  ids.sort((a, b) => Number(friends.has(b)) - Number(friends.has(a)) || a.localeCompare(b));
  const key = JSON.stringify([from, ids, [...friends], [...chosen]]);
  if (!changed(box, key)) return;
  fill(box, ids.slice(0, 24).map((id) => h('button', {
    type: 'button',
    dataset: { user: id },
    class: `chip-toggle${chosen.has(id) ? ' on' : ''}${friends.has(id) ? ' friend' : ''}`,
    title: friends.has(id) ? `${from} lists ${id}` : `${from} does not list ${id}`,
    onclick: () => {
      const now = splitList($('try-targets').value);
      $('try-targets').value = (now.includes(id) ? now.filter((x) => x !== id) : [...now, id]).join(', ');
      renderChips();
      renderPreview();
    },
  }, id)));
}

function renderPreview() {
  const app = currentApp();
  const req = formRequest();
  if (!app || !req) {
    $('try-preview').textContent = 'No app.';
    return;
  }
  const what = req.sign.action ? `/?Action=${req.sign.action}&\u2026` : `/v4/${req.sign.api}?\u2026`;
  const query = req.query ? `&${new URLSearchParams(req.query)}` : '';
  $('try-preview').textContent = `${req.method} ${what}${query}` + (req.body ? `\n${JSON.stringify(req.body, null, 1).replace(/\n\s*/g, ' ')}` : '');
}

async function send() {
  const app = currentApp();
  const req = formRequest();
  const result = $('try-result');
  if (!app || !req) return;
  const button = $('try-send');
  button.disabled = true;
  fill(result, h('p', { class: 'muted' }, 'Signing and sending\u2026'));
  try {
    const key = state.key;
    const before = model(await fetchState(key));
    const { url } = await control('POST', '/sign', { vendor: app.vendor, app: app.appId, ...req.sign });
    const full = req.query ? `${url}&${new URLSearchParams(req.query)}` : url;
    const answer = await vendor(req.method, full, req.body);
    const after = model(await fetchState(key));
    fill(result, renderAnswer(app, req, full, answer), renderChange(before, after));
    result.dataset.seq = String(++sent);
    await Promise.all([loadGraph(), loadApps()]);
  } catch (err) {
    fill(result, h('div', { class: 'answer error' }, h('strong', {}, 'Failed: '), err.message));
    result.dataset.seq = String(++sent);
  } finally {
    button.disabled = false;
  }
}

function renderAnswer(app, req, url, answer) {
  const d = typeof answer.data === 'object' && answer.data ? answer.data : {};
  const code = app.vendor === 'zego' ? d.Code : d.ErrorCode;
  const message = app.vendor === 'zego' ? d.Message : d.ErrorInfo;
  const ok = code === 0;
  return h('div', { class: `answer ${ok ? 'ok' : 'error'}` },
    h('div', { class: 'answer-line' },
      h('span', { class: `answer-code ${ok ? 'ok' : 'error'}` }, `Code ${code ?? '?'}`),
      h('span', { class: 'answer-msg' }, message || (ok ? 'OK' : '')),
      h('span', { class: 'muted' }, `HTTP ${answer.status} \u00b7 ${answer.ms.toFixed(0)} ms`)),
    h('details', {},
      h('summary', {}, 'Request and answer'),
      h('div', { class: 'kv' }, h('span', {}, req.method), h('code', { class: 'url' }, url)),
      req.body ? jsonView(req.body) : null,
      jsonView(answer.data)));
}

function renderChange(before, after) {
  const was = edgeSet(before);
  const now = edgeSet(after);
  const removed = [...was].filter((e) => !now.has(e)).sort();
  const added = [...now].filter((e) => !was.has(e)).sort();
  if (!removed.length && !added.length) {
    return h('div', { class: 'change', id: 'try-change' }, h('h3', {}, 'State change'), h('p', { class: 'muted' }, 'No friendship changed.'));
  }
  const line = (e, kind) => {
    const [from, to] = e.split('\u2192');
    const text = kind === 'removed' ? `${from} no longer lists ${to}` : `${from} now lists ${to}`;
    return h('li', { class: kind, dataset: { edge: e } }, h('code', {}, `${from} \u2192 ${to}`), h('span', {}, text));
  };
  return h('div', { class: 'change', id: 'try-change' },
    h('h3', {}, 'State change'),
    h('ul', {}, removed.map((e) => line(e, 'removed')), added.map((e) => line(e, 'added'))));
}
