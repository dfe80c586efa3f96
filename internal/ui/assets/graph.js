// The friendship graph: a model built from one app of GET /_mock/state
// (the fixtures format) and its drawing as SVG.
//
// A friendship is a directed edge owner → friend. Between two users the
// drawing shows one link: "two-way" when each lists the other, "one-way"
// (with an arrow to the listed user) when only one does. Blocks (either
// vendor's blocklist) are drawn apart from friendships, red and ending in
// a bar at the blocked user; waiting friend applications as a dotted grey
// arrow to the user asked. Both come from the same state document, so
// ZEGO's and TIM's appear alike.

import { s, h } from './util.js';

// model indexes an app of the state document: its users and who lists whom.
export function model(app) {
  const users = (app?.users || []).map((u) => (typeof u === 'string' ? { id: u } : u));
  const lists = new Map(users.map((u) => [u.id, new Set()]));
  const listedBy = new Map(users.map((u) => [u.id, new Set()]));
  const add = (from, to) => {
    if (!lists.has(from)) lists.set(from, new Set());
    if (!listedBy.has(to)) listedBy.set(to, new Set());
    lists.get(from).add(to);
    listedBy.get(to).add(from);
  };
  for (const f of app?.friends || []) {
    add(f.from, f.to);
    if (!f.oneWay) add(f.to, f.from);
  }
  // Who blocks whom, and the waiting applications: an application's
  // state is its state at export time (a waiting one past its expiry is
  // exported as expired).
  const blocks = new Map();
  const blockedBy = new Map();
  for (const b of app?.blocks || []) {
    if (!blocks.has(b.from)) blocks.set(b.from, new Map());
    if (!blockedBy.has(b.to)) blockedBy.set(b.to, new Map());
    blocks.get(b.from).set(b.to, b);
    blockedBy.get(b.to).set(b.from, b);
  }
  const pending = (app?.applications || []).filter((a) => (a.state || 'waiting') === 'waiting');
  return { users, lists, listedBy, blocks, blockedBy, pending, byId: new Map(users.map((u) => [u.id, u])) };
}

// blocking tells how a and b block each other: 'both', 'out' (a blocks
// b), 'in' (b blocks a) or ''.
export function blocking(m, a, b) {
  const ab = m.blocks?.get(a)?.has(b);
  const ba = m.blocks?.get(b)?.has(a);
  if (ab && ba) return 'both';
  if (ab) return 'out';
  if (ba) return 'in';
  return '';
}

// applicationsOf returns the waiting applications id received and sent.
export function applicationsOf(m, id) {
  const pending = m.pending || [];
  return { received: pending.filter((a) => a.to === id), sent: pending.filter((a) => a.from === id) };
}

// edgeSet returns every directed edge of a model as "from\u2192to" strings.
export function edgeSet(m) {
  const out = new Set();
  for (const [from, tos] of m.lists) for (const to of tos) out.add(`${from}\u2192${to}`);
  return out;
}

// relation tells how a and b are linked: 'two-way', 'out' (a lists b),
// 'in' (b lists a) or ''.
export function relation(m, a, b) {
  const ab = m.lists.get(a)?.has(b);
  const ba = m.lists.get(b)?.has(a);
  if (ab && ba) return 'two-way';
  if (ab) return 'out';
  if (ba) return 'in';
  return '';
}

// neighbours are the users linked to id either way: by a friendship, a
// block or a waiting application.
export function neighbours(m, id) {
  const { received, sent } = applicationsOf(m, id);
  return new Set([...(m.lists.get(id) || []), ...(m.listedBy.get(id) || []),
    ...(m.blocks?.get(id)?.keys() || []), ...(m.blockedBy?.get(id)?.keys() || []),
    ...received.map((a) => a.from), ...sent.map((a) => a.to)]);
}

// marks lists the blocks and waiting applications among the given users:
// one 'block' per blocked pair (both: each blocks the other) and one
// 'pending' per application.
export function marks(m, ids) {
  const inSet = new Set(ids);
  const out = [];
  for (const a of ids) {
    for (const b of m.blocks?.get(a)?.keys() || []) {
      if (!inSet.has(b)) continue;
      const both = m.blocks.get(b)?.has(a);
      if (both && a > b) continue;
      out.push({ from: a, to: b, kind: 'block', both });
    }
  }
  for (const p of m.pending || []) {
    if (inSet.has(p.from) && inSet.has(p.to)) out.push({ from: p.from, to: p.to, kind: 'pending', wording: p.wording || '' });
  }
  return out;
}

// links lists the links among the given users, one per linked pair.
export function links(m, ids) {
  const inSet = new Set(ids);
  const out = [];
  for (const a of ids) {
    for (const b of m.lists.get(a) || []) {
      if (!inSet.has(b)) continue;
      const back = m.lists.get(b)?.has(a);
      if (back && a > b) continue; // drawn once, from the smaller id
      out.push({ from: a, to: b, kind: back ? 'two-way' : 'one-way' });
    }
  }
  return out;
}

const MAX_NODES = 80;
const RANK = { 'two-way': 0, out: 1, in: 2, '': 3 };

// render draws the graph around center into svg: in mode 'near' the user
// and everyone linked to them, in mode 'all' every user (up to MAX_NODES).
// onSelect(id) is called when a user is clicked.
export function render(svg, m, center, mode, onSelect) {
  const width = Math.max(svg.clientWidth, 320);
  const height = Math.max(svg.clientHeight, 260);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.classList.toggle('mode-all', mode === 'all');
  svg.replaceChildren(defs());
  if (!m || !m.byId.has(center)) {
    svg.append(s('text', { x: width / 2, y: height / 2, class: 'graph-empty', 'text-anchor': 'middle' },
      m && m.users.length ? 'Pick a user.' : 'This app has no users.'));
    return;
  }
  const near = neighbours(m, center);
  let others = mode === 'all' ? m.users.map((u) => u.id).filter((id) => id !== center) : [...near];
  others.sort((a, b) => RANK[relation(m, center, a)] - RANK[relation(m, center, b)] || a.localeCompare(b));
  let clipped = 0;
  if (others.length > MAX_NODES) {
    clipped = others.length - MAX_NODES;
    others = others.slice(0, MAX_NODES);
  }

  // The user in the middle, the others on a circle (two circles when many).
  const cx = width / 2;
  const cy = height / 2 + 4;
  const pos = new Map([[center, { x: cx, y: cy, r: 27, a: Math.PI / 2 }]]);
  const rNode = others.length > 40 ? 12 : others.length > 20 ? 16 : 21;
  const ry = Math.max(50, height / 2 - 44);
  const rx = Math.max(60, Math.min(width / 2 - 70, ry * 1.5));
  const rings = others.length > 24 ? 2 : 1;
  others.forEach((id, i) => {
    const k = rings === 2 && i % 2 ? 0.6 : 1;
    const a = (2 * Math.PI * i) / Math.max(others.length, 1) - Math.PI / 2;
    pos.set(id, { x: cx + k * rx * Math.cos(a), y: cy + k * ry * Math.sin(a), r: rNode, a });
  });
  const ids = [center, ...others];

  const edgeLayer = s('g', { class: 'edges' });
  for (const l of links(m, ids)) {
    const touches = l.from === center || l.to === center;
    const title = l.kind === 'two-way'
      ? `${l.from} \u21c4 ${l.to}: friends both ways`
      : `${l.from} \u2192 ${l.to}: ${l.from} lists ${l.to}; ${l.to} does not list ${l.from}`;
    const d = linkPath(pos.get(l.from), pos.get(l.to), touches ? null : { x: cx, y: cy }, l.kind === 'one-way' ? 3 : 2);
    edgeLayer.append(s('g', {
      class: `edge ${l.kind}${touches ? ' touches' : ''}`,
      dataset: { from: l.from, to: l.to },
    },
    s('title', {}, title),
    s('path', { class: 'hit', d: d.full }),
    s('path', { class: 'stroke', d: d.short, 'marker-end': l.kind === 'one-way' ? 'url(#arrow-one)' : null })));
  }

  // Blocks and applications bend to one side of the straight friendship
  // line between the same two users, so both stay visible.
  for (const l of marks(m, ids)) {
    const touches = l.from === center || l.to === center;
    const title = l.kind === 'block'
      ? (l.both ? `${l.from} and ${l.to} block each other` : `${l.from} blocks ${l.to}`)
      : `${l.from} asked ${l.to} to be friends (waiting)${l.wording ? `: “${l.wording}”` : ''}`;
    // The side is fixed per pair (not per direction), blocks on one,
    // applications on the other, so the two never overlap.
    const side = (l.kind === 'block' ? 0.16 : -0.16) * (l.from < l.to ? 1 : -1);
    const d = sidePath(pos.get(l.from), pos.get(l.to), side, 4);
    edgeLayer.append(s('g', {
      class: `edge ${l.kind}${l.both ? ' both' : ''}${touches ? ' touches' : ''}`,
      dataset: { from: l.from, to: l.to },
    },
    s('title', {}, title),
    s('path', { class: 'hit', d: d.full }),
    s('path', {
      class: 'stroke', d: d.short,
      'marker-start': l.both ? 'url(#bar-block)' : null,
      'marker-end': l.kind === 'block' ? 'url(#bar-block)' : 'url(#arrow-pending)',
    })));
  }

  // The centre's name goes where the fewest of its links leave it.
  pos.get(center).a = freeAngle(links(m, ids).filter((l) => l.from === center || l.to === center)
    .map((l) => pos.get(l.from === center ? l.to : l.from))
    .map((q) => Math.atan2(q.y - cy, q.x - cx)));

  const nodeLayer = s('g', { class: 'nodes' });
  for (const id of ids) {
    const p = pos.get(id);
    const rel = id === center ? 'center' : relation(m, center, id) || 'none';
    const u = m.byId.get(id);
    const who = u?.name ? `${id} (${u.name})` : id;
    const g = s('g', {
      class: `node rel-${rel}`, dataset: { user: id }, tabindex: 0, role: 'button',
      transform: `translate(${p.x} ${p.y})`,
      onclick: () => onSelect(id),
      onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSelect(id); } },
    },
    s('title', {}, `${who}: lists ${m.lists.get(id)?.size || 0}, listed by ${m.listedBy.get(id)?.size || 0}` +
      `${m.blocks?.get(id)?.size ? `, blocks ${m.blocks.get(id).size}` : ''}${m.blockedBy?.get(id)?.size ? `, blocked by ${m.blockedBy.get(id).size}` : ''}`),
    s('circle', { r: p.r }),
    s('text', { class: 'initials', 'text-anchor': 'middle', dy: '0.35em' }, initials(id)),
    label(p, shorten(id)));
    nodeLayer.append(g);
  }
  svg.append(edgeLayer, nodeLayer);
  if (clipped) {
    svg.append(s('text', { x: 12, y: height - 12, class: 'graph-note' }, `${clipped} more users not drawn`));
  }
}

function defs() {
  return s('defs', {},
    s('marker', {
      id: 'arrow-one', viewBox: '0 0 10 10', refX: 9, refY: 5,
      markerWidth: 5.5, markerHeight: 5.5, markerUnits: 'strokeWidth', orient: 'auto',
    }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-one' })),
    s('marker', {
      id: 'bar-block', viewBox: '0 0 10 10', refX: 5, refY: 5,
      markerWidth: 6, markerHeight: 6, markerUnits: 'strokeWidth', orient: 'auto',
    }, s('path', { d: 'M5,0 L5,10', class: 'bar-block' })),
    s('marker', {
      id: 'arrow-pending', viewBox: '0 0 10 10', refX: 9, refY: 5,
      markerWidth: 5, markerHeight: 5, markerUnits: 'strokeWidth', orient: 'auto',
    }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-pending' })));
}

// sidePath is linkPath for a block or an application: a curve bent by
// bend (a fraction of the length; the sign picks the side) from p to q.
function sidePath(p, q, bend, gap) {
  const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
  const c = {
    x: (p.x + q.x) / 2 - ((q.y - p.y) / len) * bend * len,
    y: (p.y + q.y) / 2 + ((q.x - p.x) / len) * bend * len,
  };
  const a = step(p, c, p.r + gap);
  const b = step(q, c, q.r + gap);
  const f = (pt) => `${pt.x.toFixed(1)} ${pt.y.toFixed(1)}`;
  return { full: `M${f(p)} Q${f(c)} ${f(q)}`, short: `M${f(a)} Q${f(c)} ${f(b)}` };
}

// linkPath returns the SVG path of a link from p to q, whole (for hovering)
// and cut back to the circles' edges (gap px before q). A link between two
// users around the centre bends away from it, so that links of opposite
// users do not run through the centre.
function linkPath(p, q, around, gap) {
  let c = null;
  if (around) {
    const mx = (p.x + q.x) / 2;
    const my = (p.y + q.y) / 2;
    const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    let nx = -(q.y - p.y) / len;
    let ny = (q.x - p.x) / len;
    if ((mx - around.x) * nx + (my - around.y) * ny < 0) {
      nx = -nx;
      ny = -ny;
    }
    const bend = 0.3 * len;
    c = { x: mx + nx * bend, y: my + ny * bend };
  }
  const from = c || q;
  const to = c || p;
  const a = step(p, from, p.r + 2);
  const b = step(q, to, q.r + gap);
  const f = (pt) => `${pt.x.toFixed(1)} ${pt.y.toFixed(1)}`;
  if (!c) return { full: `M${f(p)} L${f(q)}`, short: `M${f(a)} L${f(b)}` };
  return { full: `M${f(p)} Q${f(c)} ${f(q)}`, short: `M${f(a)} Q${f(c)} ${f(b)}` };
}

// step moves from p towards t by d.
function step(p, t, d) {
  const len = Math.hypot(t.x - p.x, t.y - p.y) || 1;
  return { x: p.x + ((t.x - p.x) / len) * d, y: p.y + ((t.y - p.y) / len) * d };
}

// freeAngle picks, among eight directions, the one farthest from the given
// angles; below first when it is free enough.
function freeAngle(angles) {
  const dirs = [Math.PI / 2, -Math.PI / 2, 0, Math.PI, Math.PI / 4, (3 * Math.PI) / 4, -Math.PI / 4, (-3 * Math.PI) / 4];
  const gap = (a) => Math.min(Math.PI, ...angles.map((b) => {
    const d = Math.abs(a - b) % (2 * Math.PI);
    return d > Math.PI ? 2 * Math.PI - d : d;
  }));
  let best = dirs[0];
  for (const a of dirs) if (gap(a) > gap(best) + 0.01) best = a;
  return best;
}

// label places a user's name outside the circle, away from the centre,
// where the fewest links cross it.
function label(p, text) {
  const cos = Math.cos(p.a);
  const sin = Math.sin(p.a);
  const d = p.r + 7;
  const anchor = cos > 0.35 ? 'start' : cos < -0.35 ? 'end' : 'middle';
  const dy = anchor !== 'middle' ? '0.35em' : sin > 0 ? '0.95em' : '-0.2em';
  return s('text', { class: 'label', 'text-anchor': anchor, x: cos * d, y: sin * d, dy }, text);
}

const initials = (id) => (id.match(/[\p{L}\p{N}]/u)?.[0] || id[0]).toUpperCase();
const shorten = (id) => (id.length > 14 ? `${id.slice(0, 13)}\u2026` : id);

// relationBadge is the small tag a user list shows next to a friend.
export function relationBadge(rel) {
  if (rel === 'two-way') return h('span', { class: 'badge two-way', title: 'They list each other' }, 'mutual');
  return h('span', { class: 'badge one-way', title: 'Only one of them lists the other' }, 'one-way');
}
