// What the dashboard knows, shared by its views: the apps, the chosen app
// and user, the chosen app's graph. Views listen for changes on the bus.
//
// Where: the location hash, so a view can be bookmarked or reloaded:
// #friends?app=zego/1234567890&user=alice.

import { control } from './api.js';
import { model } from './graph.js';
import { appKey, parseAppKey } from './util.js';

export const state = {
  view: 'friends',
  apps: [], // GET /_mock/apps
  key: '', // the chosen app, "zego/1234567890"
  user: '', // the chosen user of that app
  mode: 'near', // graph: 'near' or 'all'
  doc: null, // the chosen app in the fixtures format (GET /_mock/state)
  model: null, // graph.model(doc)
};

const bus = new EventTarget();

// on calls fn(detail) on every event of type: 'apps', 'graph', 'user',
// 'view', 'journal', 'event', 'clock'.
export const on = (type, fn) => bus.addEventListener(type, (e) => fn(e.detail));
export const emit = (type, detail) => bus.dispatchEvent(new CustomEvent(type, { detail }));

export const VIEWS = ['friends', 'apps', 'faults'];

// currentApp is the chosen app's object from GET /_mock/apps.
export const currentApp = () => state.apps.find((a) => appKey(a.vendor, a.appId) === state.key);

// readHash takes the view, app and user from the location hash.
export function readHash() {
  const [view, query] = location.hash.replace(/^#/, '').split('?');
  const q = new URLSearchParams(query || '');
  state.view = VIEWS.includes(view) ? view : 'friends';
  if (q.get('app')) state.key = q.get('app');
  if (q.get('user')) state.user = q.get('user');
}

// writeHash puts the view, app and user in the location hash without a
// new history entry per click.
export function writeHash() {
  const q = new URLSearchParams();
  if (state.key) q.set('app', state.key);
  if (state.user) q.set('user', state.user);
  const hash = `#${state.view}?${q.toString().replaceAll('%2F', '/')}`;
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

// loadApps reads the apps; the chosen app falls back to the first.
export async function loadApps() {
  const { apps } = await control('GET', '/apps');
  state.apps = apps;
  if (!currentApp() && apps.length) {
    state.key = appKey(apps[0].vendor, apps[0].appId);
    state.user = '';
  }
  emit('apps');
}

// fetchState reads one app's state document.
export async function fetchState(key) {
  const a = parseAppKey(key);
  const doc = await control('GET', `/state?vendor=${a.vendor}&app=${a.appId}`);
  return doc.apps[0];
}

let graphSeq = 0;

// loadGraph reads the chosen app's state and rebuilds its model. A reply
// that a newer load overtook is dropped.
export async function loadGraph() {
  if (!state.key) {
    state.doc = null;
    state.model = null;
    emit('graph');
    return;
  }
  const seq = ++graphSeq;
  const key = state.key;
  const doc = await fetchState(key);
  if (seq !== graphSeq || key !== state.key) return;
  state.doc = doc;
  state.model = model(doc);
  if (!state.model.byId.has(state.user)) {
    state.user = state.model.users[0]?.id || '';
  }
  writeHash();
  emit('graph');
}

// selectApp makes key the chosen app.
export async function selectApp(key) {
  if (key === state.key) return;
  state.key = key;
  state.user = '';
  writeHash();
  emit('apps');
  await loadGraph();
}

// selectUser makes id the chosen user.
export function selectUser(id) {
  if (id === state.user) return;
  state.user = id;
  writeHash();
  emit('user');
}

// showView switches the visible view.
export function showView(view) {
  state.view = VIEWS.includes(view) ? view : 'friends';
  writeHash();
  emit('view');
}
