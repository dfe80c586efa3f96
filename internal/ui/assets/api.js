// The dashboard's only way to the server: control-plane calls carrying the
// control token, Server-Sent Event streams read with fetch (EventSource
// cannot send an Authorization header), and unauthenticated vendor calls.

const TOKEN_KEY = 'imemu.controlToken';

// The page's base: the server root, whatever path the dashboard is at.
const ROOT = new URL('../../', document.baseURI);

export const serverURL = (path) => new URL(path.replace(/^\//, ''), ROOT).toString();

export const getToken = () => sessionStorage.getItem(TOKEN_KEY) || '';

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  window.dispatchEvent(new CustomEvent('imemu:token'));
}

function headers(extra) {
  const hd = { ...extra };
  const token = getToken();
  if (token) hd.Authorization = `Bearer ${token}`;
  return hd;
}

// ControlError is a control-plane error answer: {"error", "field"}.
export class ControlError extends Error {
  constructor(status, body) {
    super(body?.error || `HTTP ${status}`);
    this.status = status;
    this.field = body?.field || '';
  }
}

// control calls a /_mock/ route and returns its decoded JSON (null for 204).
export async function control(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const resp = await fetch(serverURL(`/_mock${path}`), init);
  const text = await resp.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { error: text };
  }
  if (resp.status === 401) window.dispatchEvent(new CustomEvent('imemu:unauthorized'));
  if (!resp.ok) throw new ControlError(resp.status, data);
  return data;
}

// vendor sends a vendor request (already signed) and returns what came
// back: HTTP status, decoded body (or text), and the time it took.
export async function vendor(method, url, body) {
  const started = performance.now();
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const resp = await fetch(serverURL(url), init);
  const text = await resp.text();
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    data = text;
  }
  return { status: resp.status, data, ms: performance.now() - started, requestId: resp.headers.get('X-Request-Id') || '' };
}

// stream reads a Server-Sent Events route of the control plane and calls
// onEvent(kind, data) for each event, reconnecting after a break from the
// last id seen. onState(state) hears 'live', 'retrying' or 'unauthorized'.
// It stops when signal aborts.
export async function stream(path, onEvent, onState, signal) {
  let after = 0;
  let delay = 500;
  while (!signal.aborted) {
    try {
      const sep = path.includes('?') ? '&' : '?';
      const resp = await fetch(serverURL(`/_mock${path}${sep}after=${after}`), {
        headers: headers({ Accept: 'text/event-stream' }),
        signal,
        cache: 'no-store',
      });
      if (resp.status === 401) {
        onState('unauthorized');
        window.dispatchEvent(new CustomEvent('imemu:unauthorized'));
        await waitForToken(signal);
        continue;
      }
      if (!resp.ok || !resp.body) throw new Error(`HTTP ${resp.status}`);
      onState('live');
      delay = 500;
      const reader = resp.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let cut;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const ev = parseEvent(block);
          if (!ev) continue;
          if (ev.id) after = Number(ev.id);
          try {
            onEvent(ev.event || 'message', JSON.parse(ev.data));
          } catch (err) {
            console.error('imemu: bad event', err, block);
          }
        }
      }
    } catch (err) {
      if (signal.aborted) return;
      console.warn('imemu: stream', path, err);
    }
    if (signal.aborted) return;
    onState('retrying');
    await sleep(delay, signal);
    delay = Math.min(delay * 2, 5000);
  }
}

function parseEvent(block) {
  const ev = { data: '' };
  let any = false;
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'data') ev.data += (ev.data ? '\n' : '') + value;
    else ev[field] = value;
    any = true;
  }
  return any && ev.data ? ev : null;
}

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

const waitForToken = (signal) =>
  new Promise((resolve) => {
    const done = () => {
      window.removeEventListener('imemu:token', done);
      resolve();
    };
    window.addEventListener('imemu:token', done);
    signal.addEventListener('abort', done, { once: true });
  });
