/**
 * Scripts evaluated inside the app's pages, kept as plain JavaScript text: functions compiled
 * by tsx carry helpers (`__name`) that do not exist in the page.
 */

/** Records, per marker `bench-<n>-end`, when an article carrying it first appears (epoch ms, sub-ms). */
export const WATCH_ARRIVALS = `(() => {
  window.__seen = {};
  const now = () => performance.timeOrigin + performance.now();
  const scan = () => {
    for (const el of document.querySelectorAll('[role="log"] article')) {
      const m = /bench-(\\d+)-end/.exec(el.textContent || '');
      if (m && window.__seen[m[1]] === undefined) window.__seen[m[1]] = now();
    }
  };
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true, characterData: true });
  scan();
})()`;

/** Records when Enter goes down in the composer, before the app's own handler runs. */
export const WATCH_ENTER = `(() => {
  window.__enter = [];
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) window.__enter.push(performance.timeOrigin + performance.now());
  }, true);
})()`;

/**
 * A raw DDP socket kept open in the page for baseline round trips: calling a method the server
 * does not have is parse, dispatch and an error result, with no database work.
 */
export const OPEN_BASELINE_SOCKET = `new Promise((resolve, reject) => {
  const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + '/websocket');
  window.__rtt = { socket, pending: new Map(), next: 0 };
  socket.addEventListener('open', () => socket.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] })));
  socket.addEventListener('error', () => reject(new Error('baseline socket failed')));
  socket.addEventListener('message', (event) => {
    const frame = JSON.parse(String(event.data));
    if (frame.msg === 'connected') resolve(true);
    if (frame.msg === 'ping') socket.send(JSON.stringify({ msg: 'pong' }));
    if (frame.msg === 'result') {
      const done = window.__rtt.pending.get(frame.id);
      if (done) { window.__rtt.pending.delete(frame.id); done(performance.now()); }
    }
  });
})`;

export const BASELINE_ROUND_TRIP = `new Promise((resolve) => {
  const id = 'rtt' + (window.__rtt.next++);
  const start = performance.now();
  window.__rtt.pending.set(id, (end) => resolve(end - start));
  window.__rtt.socket.send(JSON.stringify({ msg: 'method', id, method: 'bench.noSuchMethod', params: [] }));
})`;

/**
 * Installed before the app loads (addInitScript): when the first article carrying `marker`
 * is in the DOM, waits one animation frame (the paint) and records ms since navigation start.
 */
export function firstPaintOf(marker: string): string {
  return `(() => {
    const marker = ${JSON.stringify(marker)};
    const observer = new MutationObserver(() => {
      for (const el of document.querySelectorAll('[role="log"] article')) {
        if ((el.textContent || '').includes(marker)) {
          observer.disconnect();
          requestAnimationFrame(() => { window.__painted = performance.now(); });
          return;
        }
      }
    });
    document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true, characterData: true }));
  })()`;
}

/**
 * Scrolls the message list to its top and resolves, after the next frame, once an older message
 * is the first one listed (ms from the scroll), or with -1 after 30 s. A list that drops its
 * newest rows as older ones arrive keeps its row count, so the first row is what is watched.
 */
export const SCROLL_BACK_ONE_PAGE = `new Promise((resolve) => {
  const log = document.querySelector('[role="log"]');
  // A virtualised list names the oldest message it holds; an older list shows it as its first row.
  const first = () => log.getAttribute('data-first-message-id') ?? log.querySelector('article[data-message-id]')?.getAttribute('data-message-id');
  const before = first();
  const start = performance.now();
  const wire = window.__wire;
  const mark = wire ? wire.events.length : 0;
  const timer = setTimeout(() => { observer.disconnect(); resolve({ took: -1 }); }, 30000);
  const observer = new MutationObserver(() => {
    if (first() !== before) {
      observer.disconnect();
      clearTimeout(timer);
      const rendered = performance.now();
      requestAnimationFrame(() => {
        const painted = performance.now();
        resolve({ took: painted - start, stages: wire ? wire.stages(mark, start, rendered, painted) : null });
      });
    }
  });
  observer.observe(log, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-first-message-id'] });
  log.scrollTop = 0;
  log.dispatchEvent(new Event('scroll'));
})`;

/**
 * Installed before the app loads (addInitScript): stamps the DDP frames of history loads (a
 * \`sub\` sent for messages.*, its first \`added\` message, its \`ready\`), so a load splits into
 * stages: start → sub sent (the page's own work before asking), sub sent → first document
 * (server query and publish), first document → ready, ready → rows in the DOM (client ingest and
 * React render), rows → next frame (layout and paint).
 */
export const WATCH_WIRE = `(() => {
  const now = () => performance.now();
  const wire = (window.__wire = { events: [], subs: new Map() });
  wire.stages = (mark, start, rendered, painted) => {
    const events = wire.events.slice(mark);
    const sent = events.find((e) => e.kind === 'sub');
    if (!sent) return null;
    const ids = new Set(events.filter((e) => e.kind === 'sub').map((e) => e.id));
    const added = events.find((e) => e.kind === 'added' && e.at >= sent.at);
    const ready = events.filter((e) => e.kind === 'ready' && e.ids.some((id) => ids.has(id))).at(-1);
    const readyAt = ready ? ready.at : rendered;
    return {
      toSub: sent.at - start,
      toFirstDoc: (added ? added.at : readyAt) - sent.at,
      toReady: readyAt - (added ? added.at : readyAt),
      toDom: rendered - readyAt,
      toPaint: painted - rendered,
    };
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (typeof event.data !== 'string') return;
        const data = event.data;
        if (data.includes('"ready"')) {
          try { const f = JSON.parse(data); if (f.msg === 'ready') wire.events.push({ kind: 'ready', at: now(), ids: f.subs }); } catch {}
        } else if (data.includes('"added"') && data.includes('"messages"')) {
          wire.events.push({ kind: 'added', at: now() });
        }
      });
    }
    send(data) {
      if (typeof data === 'string' && data.includes('"sub"') && data.includes('"messages.')) {
        try { const f = JSON.parse(data); if (f.msg === 'sub') wire.events.push({ kind: 'sub', at: now(), id: f.id, name: f.name }); } catch {}
      }
      return super.send(data);
    }
  };
})()`;

/**
 * Clicks the sidebar link named `label` from inside the page and resolves, one frame after an
 * article carrying `marker` is in the list, with the time from the click and its stages.
 */
export function switchAndPaint(label: string, marker: string): string {
  return `new Promise((resolve) => {
    const link = [...document.querySelectorAll('a')].find((a) => (a.getAttribute('aria-label') || a.textContent || '').startsWith(${JSON.stringify(label)}));
    if (!link) { resolve({ took: -1 }); return; }
    const wire = window.__wire;
    const mark = wire ? wire.events.length : 0;
    const has = () => [...document.querySelectorAll('[role="log"] article')].some((el) => (el.textContent || '').includes(${JSON.stringify(marker)}));
    const timer = setTimeout(() => { observer.disconnect(); resolve({ took: -1 }); }, 60000);
    const observer = new MutationObserver(() => {
      if (!has()) return;
      observer.disconnect();
      clearTimeout(timer);
      const rendered = performance.now();
      requestAnimationFrame(() => {
        const painted = performance.now();
        resolve({ took: painted - start, stages: wire ? wire.stages(mark, start, rendered, painted) : null });
      });
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    const start = performance.now();
    link.click();
  })`;
}

/** Starts recording long tasks (PerformanceObserver 'longtask') and the interval between animation frames. */
export const START_SMOOTHNESS = `(() => {
  const s = (window.__smooth = { longTasks: [], frames: [], running: true });
  s.observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) s.longTasks.push(e.duration); });
  s.observer.observe({ type: 'longtask', buffered: false });
  let last = performance.now();
  const tick = (now) => { s.frames.push(now - last); last = now; if (s.running) requestAnimationFrame(tick); };
  requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });
})()`;

/** Stops the recording and returns { longTasks: ms[], frames: ms[] }. */
export const STOP_SMOOTHNESS = `(() => {
  const s = window.__smooth;
  s.running = false;
  s.observer.disconnect();
  return { longTasks: s.longTasks, frames: s.frames };
})()`;

/** Rows the list holds in the DOM, and elements in the whole document. */
export const DOM_SIZE = `({ articles: document.querySelectorAll('[role="log"] article').length, elements: document.getElementsByTagName('*').length })`;

export const ARTICLE_COUNT = `document.querySelectorAll('[role="log"] article').length`;

/**
 * Installed before the app loads (addInitScript): stamps, per marker `bench-<n>-end`, when a
 * WebSocket frame carrying it first reaches the page, before the app's own listeners run.
 */
export const WATCH_FRAMES = `(() => {
  window.__frames = {};
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const m = /bench-(\\d+)-end/.exec(typeof event.data === 'string' ? event.data : '');
        if (m && window.__frames[m[1]] === undefined) window.__frames[m[1]] = performance.timeOrigin + performance.now();
      });
    }
  };
})()`;

/**
 * Installed before the app loads (addInitScript) in the sender's page: stamps, per marker
 * `bench-<n>-end`, when the method frame carrying it leaves the page, and when that method's
 * `result` and `updated` frames arrive.
 */
export const WATCH_SENDS = `(() => {
  window.__sent = {}; window.__result = {}; window.__updated = {};
  const byMethodId = new Map();
  const now = () => performance.timeOrigin + performance.now();
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (typeof event.data !== 'string' || byMethodId.size === 0) return;
        const frame = JSON.parse(event.data);
        if (frame.msg === 'result' && byMethodId.has(frame.id)) window.__result[byMethodId.get(frame.id)] ??= now();
        if (frame.msg === 'updated') for (const id of frame.methods) if (byMethodId.has(id)) window.__updated[byMethodId.get(id)] ??= now();
      });
    }
    send(data) {
      const m = typeof data === 'string' ? /bench-(\\d+)-end/.exec(data) : null;
      if (m && window.__sent[m[1]] === undefined) {
        window.__sent[m[1]] = now();
        const id = /"id":"([^"]+)"/.exec(data.replace(/\\\\"/g, ''));
        if (id) byMethodId.set(id[1], m[1]);
      }
      return super.send(data);
    }
  };
})()`;
