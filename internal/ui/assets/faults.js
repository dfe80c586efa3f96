// The Faults & clock view: fault rules (add, remove) and the emulated
// clock (freeze, advance, set, reset). The clock also shows in the header.

import { control } from './api.js';
import { currentApp, emit, on, state } from './state.js';
import { $, changed, dateTime, debounce, fill, h, vendorName } from './util.js';

const APIS = {
  zego: ['DeleteFriends', 'DeleteAllFriends', 'QueryFriendList', 'CheckFriendsRelation', 'AddFriends', 'UserRegister'],
  tim: ['sns/friend_delete', 'sns/friend_delete_all', 'sns/friend_get', 'sns/friend_get_list', 'sns/friend_check',
    'sns/friend_add', 'sns/friend_import', 'im_open_login_svc/account_import', 'im_open_login_svc/account_check'],
};

let clock = null; // last GET /_mock/clock, with the local time it was read
let clockReadAt = 0;

export function initFaults() {
  const form = $('fault-form');
  const syncApis = () => fill($('fault-apis'), APIS[form.elements.vendor.value].map((a) => h('option', { value: a })));
  form.elements.vendor.addEventListener('change', syncApis);
  syncApis();
  on('apps', () => {
    const app = currentApp();
    if (app && !form.elements.app.value) {
      form.elements.vendor.value = app.vendor;
      syncApis();
    }
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const msg = $('fault-form-msg');
    try {
      const f = await control('POST', '/faults', faultBody(form));
      msg.className = 'form-msg ok';
      msg.textContent = `Added ${f.id}.`;
      await loadFaults();
    } catch (err) {
      msg.className = 'form-msg error';
      msg.textContent = err.field ? `${err.field}: ${err.message}` : err.message;
    }
  });
  $('faults-clear').addEventListener('click', async () => {
    await control('DELETE', '/faults');
    await loadFaults();
  });
  // A request may spend a rule: re-read the rules when one is journalled.
  on('journal', debounce(() => {
    if (state.view === 'faults') loadFaults();
  }, 250));
  on('view', () => {
    if (state.view === 'faults') loadFaults();
  });

  $('clock-freeze').addEventListener('click', () => setClock({ freeze: !clock?.frozen }));
  $('clock-reset').addEventListener('click', () => setClock({ reset: true }));
  $('clock-advance-form').addEventListener('submit', (e) => {
    e.preventDefault();
    setClock({ advance: e.target.elements.advance.value.trim() });
  });
  $('clock-set-form').addEventListener('submit', (e) => {
    e.preventDefault();
    setClock({ set: e.target.elements.set.value.trim() });
  });
  setInterval(renderClock, 1000);
  setInterval(() => loadClock().catch(() => {}), 15000);
}

function faultBody(form) {
  const v = (name) => form.elements[name].value.trim();
  const int = (name) => {
    if (!v(name)) return undefined;
    const n = Number(v(name));
    if (!Number.isInteger(n)) throw new Error(`${name} must be a whole number`);
    return n;
  };
  const body = { vendor: v('vendor') };
  for (const name of ['app', 'code', 'latencyMs', 'times', 'durationMs']) {
    if (int(name) !== undefined) body[name] = int(name);
  }
  if (v('api')) body.api = v('api');
  if (v('user')) body.user = v('user');
  if (v('probability')) body.probability = Number(v('probability'));
  if (form.elements.drop.checked) body.drop = true;
  return body;
}

export async function loadFaults() {
  const { faults } = await control('GET', '/faults');
  $('faults-empty').hidden = faults.length > 0;
  if (!changed($('faults-body'), JSON.stringify(faults))) return;
  fill($('faults-body'), faults.map((f) => h('tr', { dataset: { id: f.id } },
    h('td', { class: 'mono' }, f.id),
    h('td', {}, h('span', { class: `vendor ${f.vendor}` }, vendorName(f.vendor))),
    h('td', { class: 'mono' }, f.app || 'any'),
    h('td', { class: 'mono' }, f.api || 'any'),
    h('td', {}, f.user || 'any'),
    h('td', {}, does(f)),
    h('td', { class: 'small-text' }, left(f)),
    h('td', { class: 'num' }, f.matched),
    h('td', {}, h('button', {
      type: 'button', class: 'ghost small danger',
      onclick: async () => {
        await control('DELETE', `/faults/${encodeURIComponent(f.id)}`);
        await loadFaults();
      },
    }, 'Remove')))));
}

function does(f) {
  const parts = [];
  if (f.latencyMs) parts.push(`wait ${f.latencyMs} ms`);
  if (f.drop) parts.push('drop the connection');
  else if (f.code !== undefined) parts.push(`answer ${f.code}`);
  else parts.push('then proceed');
  if (f.probability !== undefined) parts.push(`p=${f.probability}`);
  return parts.join(', ');
}

function left(f) {
  const parts = [];
  parts.push(f.remaining === null ? 'unlimited' : `${f.remaining} left`);
  if (f.expiresAt) parts.push(`until ${dateTime(f.expiresAt)}`);
  return parts.join(' \u00b7 ');
}

export async function loadClock() {
  clock = await control('GET', '/clock');
  clockReadAt = performance.now();
  renderClock();
  emit('clock', clock);
}

async function setClock(cmd) {
  const msg = $('clock-msg');
  try {
    clock = await control('POST', '/clock', cmd);
    clockReadAt = performance.now();
    msg.className = 'form-msg';
    msg.textContent = '';
    renderClock();
  } catch (err) {
    msg.className = 'form-msg error';
    msg.textContent = err.message;
  }
}

// renderClock shows the emulated time, running on locally between reads.
function renderClock() {
  if (!clock) return;
  const base = new Date(clock.now).getTime();
  const now = new Date(clock.frozen ? base : base + (performance.now() - clockReadAt));
  const text = now.toISOString().slice(0, 19).replace('T', ' ');
  const off = clock.offsetMs;
  const offText = off ? `${off > 0 ? '+' : '\u2212'}${human(Math.abs(off))}` : '';
  const chip = $('clock-chip');
  chip.textContent = `${text} UTC${clock.frozen ? ' \u00b7 frozen' : ''}${offText ? ` \u00b7 ${offText}` : ''}`;
  chip.className = `chip${clock.frozen || off ? ' warn' : ''}`;
  $('clock-now').textContent = `${text} UTC`;
  $('clock-state').textContent = [
    clock.frozen ? 'Frozen.' : 'Running.',
    off ? `Offset ${offText} from real time.` : 'No offset from real time.',
  ].join(' ');
  $('clock-freeze').textContent = clock.frozen ? 'Unfreeze' : 'Freeze';
}

function human(ms) {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}
