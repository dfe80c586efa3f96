// The Friends view: the chosen app's users, the chosen user's friend list
// and who lists them, and the graph of their neighbourhood.

import { applicationsOf, relation, relationBadge, render } from './graph.js';
import { on, selectUser, state } from './state.js';
import { $, changed, debounce, fill, h } from './util.js';

const MAX_LISTED = 300;

export function initFriends() {
  const search = $('user-search');
  search.addEventListener('input', renderUsers);
  search.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    const first = $('user-list').querySelector('li[data-user]');
    if (first) selectUser(first.dataset.user);
  });
  for (const b of $('graph-mode').querySelectorAll('button')) {
    b.addEventListener('click', () => {
      state.mode = b.dataset.mode;
      for (const o of $('graph-mode').querySelectorAll('button')) o.classList.toggle('on', o === b);
      renderGraph();
    });
  }
  new ResizeObserver(debounce(renderGraph, 60)).observe($('graph'));
  on('graph', renderAll);
  on('user', renderAll);
  on('apps', () => {
    if (!state.key) renderAll();
  });
}

function renderAll() {
  renderUsers();
  renderDetail();
  renderGraph();
}

function renderUsers() {
  const m = state.model;
  const list = $('user-list');
  if (!m) {
    if (changed(list, '')) fill(list);
    $('user-count').textContent = '';
    return;
  }
  const q = $('user-search').value.trim().toLowerCase();
  const matching = m.users.filter((u) => !q || u.id.toLowerCase().includes(q) || (u.name || '').toLowerCase().includes(q));
  $('user-count').textContent = q ? `${matching.length} of ${m.users.length}` : `${m.users.length}`;
  // A load test's app can hold thousands of users: list the first ones.
  const shown = matching.slice(0, MAX_LISTED);
  const hidden = matching.length - shown.length;
  const key = JSON.stringify([state.user, hidden, shown.map((u) => [u.id, u.name, m.lists.get(u.id)?.size, m.listedBy.get(u.id)?.size])]);
  if (!changed(list, key)) return;
  fill(list, shown.map((u) => h('li', {
    class: u.id === state.user ? 'on' : null,
    dataset: { user: u.id },
    tabindex: 0,
    onclick: () => selectUser(u.id),
    onkeydown: (e) => { if (e.key === 'Enter') selectUser(u.id); },
  },
  h('span', { class: 'avatar' }, u.id.slice(0, 1).toUpperCase()),
  h('span', { class: 'who' }, u.id, u.name ? h('small', {}, u.name) : null),
  h('span', { class: 'counts', title: 'lists · listed by' }, `${m.lists.get(u.id)?.size || 0} · ${m.listedBy.get(u.id)?.size || 0}`))));
  if (!shown.length) list.append(h('li', { class: 'none' }, 'No user matches.'));
  if (hidden) list.append(h('li', { class: 'none' }, `${hidden} more: search to narrow.`));
}

function renderDetail() {
  const m = state.model;
  const box = $('user-detail');
  if (!m || !m.byId.has(state.user)) {
    if (changed(box, '')) fill(box);
    return;
  }
  const id = state.user;
  const lists = [...(m.lists.get(id) || [])].sort();
  const listedBy = [...(m.listedBy.get(id) || [])].sort();
  const blocks = [...(m.blocks.get(id)?.values() || [])].sort((a, b) => a.to.localeCompare(b.to));
  const blockedBy = [...(m.blockedBy.get(id)?.values() || [])].sort((a, b) => a.from.localeCompare(b.from));
  const { received, sent } = applicationsOf(m, id);
  const key = JSON.stringify([id, lists, listedBy.map((o) => [o, relation(m, id, o)]), blocks, blockedBy, received, sent]);
  if (!changed(box, key)) return;
  const item = (other) => h('li', { dataset: { user: other }, onclick: () => selectUser(other) },
    h('span', { class: 'who' }, other), relationBadge(relation(m, id, other) === 'two-way' ? 'two-way' : 'one-way'));
  const blockItem = (other, at) => h('li', { dataset: { user: other }, onclick: () => selectUser(other), title: at ? `since ${at}` : null },
    h('span', { class: 'who' }, other), h('span', { class: 'badge block' }, 'blocked'));
  const appItem = (other, a) => h('li', {
    dataset: { user: other }, onclick: () => selectUser(other),
    title: a.expiresAt ? `sent ${a.createdAt || ''}, expires ${a.expiresAt}` : `sent ${a.createdAt || ''}`,
  },
  h('span', { class: 'who' }, other, a.wording ? h('small', {}, `“${a.wording}”`) : null),
  h('span', { class: 'badge pending' }, 'waiting'));
  const section = (title, hint, listId, items, none) => [
    h('h3', {}, title, h('span', { class: 'muted' }, ` ${items.length}`)),
    h('p', { class: 'hint' }, hint),
    items.length ? h('ul', { class: 'mini-list', id: listId }, items) : h('p', { class: 'empty' }, none),
  ];
  fill(box,
    h('h3', {}, 'Friends of ', h('strong', {}, id), h('span', { class: 'muted' }, ` ${lists.length}`)),
    h('p', { class: 'hint' }, `Whom ${id} lists: the vendors' friend list.`),
    lists.length ? h('ul', { class: 'mini-list', id: 'friends-of' }, lists.map(item)) : h('p', { class: 'empty' }, 'No friends.'),
    h('h3', {}, 'Listed by', h('span', { class: 'muted' }, ` ${listedBy.length}`)),
    h('p', { class: 'hint' }, `Who has ${id} in their list.`),
    listedBy.length ? h('ul', { class: 'mini-list', id: 'listed-by' }, listedBy.map(item)) : h('p', { class: 'empty' }, 'Nobody.'),
    // Only the sections that have something, so a plain graph reads as before.
    ...(blocks.length ? section('Blocks', `Whom ${id} has blocked (friendships stay).`, 'blocks-of', blocks.map((b) => blockItem(b.to, b.addedAt)), '') : []),
    ...(blockedBy.length ? section('Blocked by', `Who has blocked ${id}.`, 'blocked-by', blockedBy.map((b) => blockItem(b.from, b.addedAt)), '') : []),
    ...(received.length ? section('Applications received', `Waiting friend applications to ${id}.`, 'applications-to', received.map((a) => appItem(a.from, a)), '') : []),
    ...(sent.length ? section('Applications sent', `${id}'s waiting friend applications.`, 'applications-from', sent.map((a) => appItem(a.to, a)), '') : []));
}

function renderGraph() {
  const m = state.model;
  $('graph-title').textContent = m && state.user ? (state.mode === 'all' ? '· whole app' : `· around ${state.user}`) : '';
  const svg = $('graph');
  const key = JSON.stringify([state.key, state.user, state.mode, svg.clientWidth, svg.clientHeight, state.doc?.users, state.doc?.friends, state.doc?.blocks, state.doc?.applications]);
  if (changed(svg, key)) render(svg, m, state.user, state.mode, selectUser);
}
