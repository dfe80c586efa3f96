// Small DOM and formatting helpers. Everything the dashboard shows is built
// with these, never with innerHTML, so no server value is ever parsed as
// markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

// h builds an HTML element: h('td', {class: 'num', dataset: {id: 1}}, 'text', child…).
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

// s builds an SVG element the same way.
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

// $ finds one element by id.
export const $ = (id) => document.getElementById(id);

// fill replaces an element's children.
export function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false));
}

const drawn = new WeakMap();

// changed reports whether what el shows, summed up in key, differs from
// what it showed last time, and remembers key. Views redraw only then, so
// a stream event does not replace an element under the user's pointer.
export function changed(el, key) {
  if (drawn.get(el) === key) return false;
  drawn.set(el, key);
  return true;
}

// clockTime formats an RFC 3339 time as HH:MM:SS.mmm in UTC.
export function clockTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso || '';
  return d.toISOString().slice(11, 23);
}

// dateTime formats an RFC 3339 time as YYYY-MM-DD HH:MM:SS in UTC.
export function dateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso || '';
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

// vendorName spells a vendor for people.
export const vendorName = (v) => ({ zego: 'ZEGO', tim: 'TIM' })[v] || v;

// appKey is the "vendor/appId" string the dashboard keys apps by.
export const appKey = (vendor, appId) => `${vendor}/${appId}`;

// parseAppKey splits "zego/1234567890".
export function parseAppKey(key) {
  const [vendor, id] = String(key || '').split('/');
  return vendor && id ? { vendor, appId: Number(id) } : null;
}

// splitList reads "a, b c" as ["a", "b", "c"].
export const splitList = (text) => String(text || '').split(/[\s,]+/).filter(Boolean);

// debounce runs fn once, wait ms after the last of a burst of calls.
export function debounce(fn, wait) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), wait);
  };
}

// jsonView renders a JSON value as highlighted, indented text.
export function jsonView(value) {
  const pre = h('pre', { class: 'code-block json' });
  if (typeof value === 'string') {
    pre.append(value);
    return pre;
  }
  const text = JSON.stringify(value, null, 2) ?? 'null';
  // Tokenise the serialised text: keys, strings, numbers, literals.
  const re = /("(?:\\.|[^"\\])*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    pre.append(text.slice(last, m.index));
    if (m[1] && m[2]) pre.append(h('span', { class: 'j-key' }, m[1]), m[2]);
    else if (m[1]) pre.append(h('span', { class: 'j-str' }, m[1]));
    else if (m[3]) pre.append(h('span', { class: 'j-num' }, m[3]));
    else pre.append(h('span', { class: 'j-lit' }, m[4]));
    last = m.index + m[0].length;
  }
  pre.append(text.slice(last));
  return pre;
}

// toast shows a short message at the bottom of the page.
export function toast(text, kind = 'info') {
  let box = document.getElementById('toasts');
  if (!box) {
    box = h('div', { id: 'toasts', class: 'toasts', 'aria-live': 'polite' });
    document.body.append(box);
  }
  const t = h('div', { class: `toast ${kind}` }, text);
  box.append(t);
  setTimeout(() => t.remove(), kind === 'error' ? 6000 : 3000);
}
