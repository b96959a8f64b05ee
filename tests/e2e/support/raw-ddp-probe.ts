import type { Page } from 'playwright-core';

export interface ProbeSubscription {
  readonly name: string;
  readonly params: readonly unknown[];
}

export type ProbeOutcome = 'ready' | 'nosub' | 'no answer';

export interface ProbeResult {
  /** Whether the resume login with the page's stored token succeeded. */
  readonly loggedIn: boolean;
  readonly outcomes: readonly ProbeOutcome[];
  /** Every frame the probe's socket received, as text. */
  readonly frames: readonly string[];
}

/**
 * Opens a second DDP connection from inside a signed-in page, logs in with that page's own
 * stored token and subscribes directly: what a curious user could do from the devtools console,
 * bypassing the UI. Resolves once every subscription is ready or refused (or after 20 s).
 */
export async function probeSubscriptions(page: Page, subscriptions: readonly ProbeSubscription[]): Promise<ProbeResult> {
  // Plain JavaScript text: the test's own functions are compiled with helpers the page lacks.
  const result: unknown = await page.evaluate(`(${PROBE_SOURCE})(${JSON.stringify(subscriptions)})`);
  return result as ProbeResult;
}

const PROBE_SOURCE = `async function (subs) {
  const token = localStorage.getItem('Meteor.loginToken');
  const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + '/websocket');
  const frames = [];
  const outcomes = subs.map(() => 'no answer');
  let loggedIn = false;
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, 20000);
    socket.addEventListener('open', () => socket.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] })));
    socket.addEventListener('message', (event) => {
      const text = String(event.data);
      frames.push(text);
      let frame;
      try { frame = JSON.parse(text); } catch { return; }
      const index = (id) => (typeof id === 'string' && id.startsWith('probe-') ? Number(id.slice(6)) : -1);
      if (frame.msg === 'ping') socket.send(JSON.stringify({ msg: 'pong' }));
      if (frame.msg === 'connected') socket.send(JSON.stringify({ msg: 'method', id: 'login', method: 'login', params: [{ resume: token }] }));
      if (frame.msg === 'result' && frame.id === 'login') {
        loggedIn = frame.error === undefined;
        subs.forEach((sub, i) => socket.send(JSON.stringify({ msg: 'sub', id: 'probe-' + i, name: sub.name, params: sub.params })));
      }
      if (frame.msg === 'nosub' && index(frame.id) >= 0) outcomes[index(frame.id)] = 'nosub';
      if (frame.msg === 'ready') for (const id of frame.subs || []) if (index(id) >= 0) outcomes[index(id)] = 'ready';
      if (outcomes.every((o) => o !== 'no answer')) { clearTimeout(timer); resolve(); }
    });
    socket.addEventListener('close', () => { clearTimeout(timer); resolve(); });
  });
  socket.close();
  return { loggedIn, outcomes, frames };
}`;
