// The Apps view: every ZEGO and TIM app with its credentials (hidden until
// revealed), limits and sizes; create, reset, delete.

import { control } from './api.js';
import { loadApps, loadGraph, on, selectApp, showView, state } from './state.js';
import { $, appKey, changed, dateTime, fill, h, splitList, toast, vendorName } from './util.js';

const revealed = new Set(); // app keys whose secret is shown

export function initApps() {
  on('apps', renderApps);
  const form = $('app-form');
  const vendorSel = form.elements.vendor;
  const syncVendor = () => {
    for (const el of form.querySelectorAll('[data-vendor]')) el.hidden = el.dataset.vendor !== vendorSel.value;
  };
  vendorSel.addEventListener('change', syncVendor);
  syncVendor();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const msg = $('app-form-msg');
    try {
      const body = appBody(form);
      const app = await control('POST', '/apps', body);
      msg.className = 'form-msg ok';
      msg.textContent = `Created ${vendorName(app.vendor)} app ${app.appId}.`;
      form.reset();
      syncVendor();
      await loadApps();
    } catch (err) {
      msg.className = 'form-msg error';
      msg.textContent = err.field ? `${err.field}: ${err.message}` : err.message;
    }
  });
  $('apps-reset-all').addEventListener('click', async () => {
    if (!confirm('Reset every app to the loaded fixtures? Apps created here are deleted.')) return;
    await control('POST', '/reset');
    toast('Everything is back to the fixtures.');
    await loadApps();
    await loadGraph();
  });
}

// appBody turns the create form into a fixtures App object.
function appBody(form) {
  const v = (name) => form.elements[name].value.trim();
  const num = (name) => {
    const s = v(name);
    if (!s) return undefined;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number`);
    return n;
  };
  const body = { vendor: v('vendor') };
  if (num('appId')) body.appId = num('appId');
  if (v('secret')) body.secret = v('secret');
  if (body.vendor === 'tim' && v('admin')) body.admin = v('admin');
  if (body.vendor === 'tim' && v('callbackUrl')) body.callbackUrl = v('callbackUrl');
  const limits = {};
  if (num('qps')) limits.qps = num('qps');
  if (num('batchMax')) limits.batchMax = num('batchMax');
  if (Object.keys(limits).length) body.limits = limits;
  const users = splitList(v('users'));
  if (users.length) body.users = users;
  const friends = splitList(v('friends')).map((pair) => {
    const [from, to] = pair.split('-');
    if (!from || !to) throw new Error(`friends: write pairs as a-b, got "${pair}"`);
    return { from, to };
  });
  if (friends.length) body.friends = friends;
  return body;
}

function limitsText(l) {
  const parts = [];
  parts.push(l.qps ? `${l.qps} QPS` : 'default QPS');
  for (const [api, q] of Object.entries(l.apiQps || {})) parts.push(`${api} ${q} QPS`);
  parts.push(l.batchMax ? `batch \u2264 ${l.batchMax}` : 'default batch');
  return parts.join(' \u00b7 ');
}

function renderApps() {
  if (!changed($('apps-body'), JSON.stringify([state.key, [...revealed], state.apps]))) return;
  fill($('apps-body'), state.apps.map((a) => {
    const key = appKey(a.vendor, a.appId);
    const shown = revealed.has(key);
    return h('tr', { dataset: { app: key }, class: key === state.key ? 'current' : null },
      h('td', {}, h('span', { class: `vendor ${a.vendor}` }, vendorName(a.vendor))),
      h('td', { class: 'mono' }, a.appId),
      h('td', { class: 'secret' },
        h('code', { class: shown ? 'mono' : 'mono masked' }, shown ? a.secret : '\u2022'.repeat(16)),
        h('button', {
          type: 'button', class: 'ghost small',
          onclick: () => {
            if (shown) revealed.delete(key);
            else revealed.add(key);
            renderApps();
          },
        }, shown ? 'hide' : 'reveal'),
        shown ? h('button', {
          type: 'button', class: 'ghost small',
          onclick: () => navigator.clipboard?.writeText(a.secret).then(() => toast('Copied.')),
        }, 'copy') : null),
      h('td', {}, a.admin || h('span', { class: 'muted' }, '\u2014'), a.callbackUrl ? h('div', { class: 'muted small-text' }, a.callbackUrl) : null),
      h('td', { class: 'small-text' }, limitsText(a.limits)),
      h('td', { class: 'num' }, a.userCount),
      h('td', { class: 'num' }, a.friendCount),
      h('td', { class: 'mono small-text' }, dateTime(a.createdAt)),
      h('td', { class: 'row-actions' },
        h('button', { type: 'button', class: 'small', onclick: () => selectApp(key).then(() => showView('friends')) }, 'Open'),
        h('button', {
          type: 'button', class: 'ghost small',
          onclick: async () => {
            try {
              await control('POST', `/reset?vendor=${a.vendor}&app=${a.appId}`);
              toast(`${vendorName(a.vendor)} ${a.appId} reset.`);
              await loadApps();
              if (key === state.key) await loadGraph();
            } catch (err) {
              toast(err.message, 'error');
            }
          },
        }, 'Reset'),
        h('button', {
          type: 'button', class: 'ghost small danger',
          onclick: async () => {
            if (!confirm(`Delete ${vendorName(a.vendor)} app ${a.appId} and all its users?`)) return;
            await control('DELETE', `/apps/${a.vendor}/${a.appId}`);
            await loadApps();
            await loadGraph();
          },
        }, 'Delete')));
  }));
}
