// imemu dashboard: wires the views to the shared state and starts the
// live streams.

import { getToken, setToken } from './api.js';
import { initActivity } from './activity.js';
import { initApps } from './apps.js';
import { initFaults, loadClock, loadFaults } from './faults.js';
import { initFriends } from './friends.js';
import { initTryIt } from './tryit.js';
import { currentApp, emit, loadApps, loadGraph, on, readHash, selectApp, showView, state, writeHash } from './state.js';
import { $, appKey, debounce, fill, h, vendorName } from './util.js';

function initHeader() {
  $('app-select').addEventListener('change', (e) => selectApp(e.target.value).catch(report));
  on('apps', () => {
    fill($('app-select'), state.apps.map((a) => h('option', { value: appKey(a.vendor, a.appId) },
      `${vendorName(a.vendor)} \u00b7 ${a.appId}`)));
    $('app-select').value = state.key;
  });
  on('view', renderView);
  window.addEventListener('hashchange', () => {
    const before = state.key;
    readHash();
    renderView();
    if (state.key !== before) loadGraph().catch(report);
    else if (state.model) emit('user'); // the user may have changed
  });

  // The control token: asked for when the server answers 401.
  const dialog = $('token-dialog');
  $('token-button').addEventListener('click', () => {
    $('token-input').value = getToken();
    dialog.showModal();
  });
  $('token-form').addEventListener('submit', () => {
    setToken($('token-input').value.trim());
    hideBanner();
    start();
  });
  $('token-clear').addEventListener('click', () => {
    setToken('');
    dialog.close();
  });
  window.addEventListener('imemu:unauthorized', () => {
    const b = $('banner');
    fill(b, 'This server needs its control token (--control-token) for the dashboard\u2019s calls. ',
      h('button', { type: 'button', class: 'small', id: 'banner-token', onclick: () => $('token-button').click() },
        getToken() ? 'Change the token' : 'Enter the token'));
    b.hidden = false;
    $('token-button').classList.add('attention');
  });
}

function hideBanner() {
  $('banner').hidden = true;
  $('token-button').classList.remove('attention');
}

function renderView() {
  for (const v of ['friends', 'apps', 'faults']) $(`view-${v}`).hidden = v !== state.view;
  for (const a of $('tabs').querySelectorAll('a')) {
    a.classList.toggle('on', a.dataset.view === state.view);
    a.href = `#${a.dataset.view}${location.hash.includes('?') ? `?${location.hash.split('?')[1]}` : ''}`;
  }
}

function report(err) {
  if (err?.status === 401) return; // the banner says it
  console.error(err);
  const b = $('banner');
  fill(b, `Could not reach the control plane: ${err.message}`);
  b.hidden = false;
}

// start loads what the views show; it runs again after a new token.
async function start() {
  try {
    await loadApps();
    await Promise.all([loadGraph(), loadClock(), loadFaults()]);
    hideBanner();
  } catch (err) {
    report(err);
  }
}

function main() {
  readHash();
  initHeader();
  initFriends();
  initTryIt();
  initApps();
  initFaults();
  for (const a of $('tabs').querySelectorAll('a')) {
    a.addEventListener('click', (e) => {
      e.preventDefault();
      showView(a.dataset.view);
    });
  }
  renderView();
  writeHash();

  // Requests change the graph and the apps' counts: re-read them after a
  // burst of journal entries of the chosen app.
  const refresh = debounce(() => Promise.all([loadGraph(), loadApps()]).catch(report), 200);
  on('journal', (e) => {
    const app = currentApp();
    if (app && e.vendor === app.vendor && e.appId === app.appId) refresh();
  });

  initActivity(new AbortController().signal);
  start();
}

main();
