import assert from 'node:assert/strict';
import { ManualTimers } from '../test/helpers';
import { Heartbeat } from './heartbeat';

describe('Heartbeat', () => {
  function setup() {
    const timers = new ManualTimers();
    const events: string[] = [];
    const heartbeat = new Heartbeat({
      intervalMs: 100,
      timeoutMs: 50,
      timers,
      sendPing: () => void events.push(`ping@${timers.now()}`),
      onTimeout: () => void events.push(`timeout@${timers.now()}`),
    });
    return { timers, events, heartbeat };
  }

  it('pings after an idle interval and times out without any answer', () => {
    const { timers, events, heartbeat } = setup();
    timers.advance(100);
    assert.equal(heartbeat.state, 'awaiting-pong');
    timers.advance(50);
    assert.deepEqual(events, ['ping@100', 'timeout@150']);
    assert.equal(heartbeat.state, 'stopped');
  });

  it('treats any inbound message as proof of life', () => {
    const { timers, events, heartbeat } = setup();
    timers.advance(90);
    heartbeat.messageReceived();
    timers.advance(90);
    assert.deepEqual(events, []);
    timers.advance(10);
    heartbeat.messageReceived();
    timers.advance(60);
    assert.deepEqual(events, ['ping@190']);
  });

  it('arms no new timer per message while the client is chatty', () => {
    const timers = new ManualTimers();
    let armed = 0;
    const counting = { ...timers, now: () => timers.now(), clearTimeout: (h: unknown) => timers.clearTimeout(h), setTimeout: (cb: () => void, ms: number) => {
        armed++;
        return timers.setTimeout(cb, ms);
      },
    };
    const pings: number[] = [];
    const heartbeat = new Heartbeat({ intervalMs: 100, timeoutMs: 50, timers: counting, sendPing: () => void pings.push(timers.now()), onTimeout: () => {} });
    for (let i = 0; i < 50; i += 1) {
      timers.advance(10);
      heartbeat.messageReceived();
    }
    // 500 ms of messages every 10 ms: the interval timer re-armed at most once per interval.
    assert.ok(armed <= 6, `armed ${armed} timers`);
    assert.deepEqual(pings, []);
    timers.advance(100);
    assert.deepEqual(pings, [600]);
    heartbeat.stop();
  });

  it('stops for good, and stop() is safe twice', () => {
    const { timers, events, heartbeat } = setup();
    heartbeat.stop();
    heartbeat.stop();
    heartbeat.messageReceived();
    timers.advance(1000);
    assert.deepEqual(events, []);
    assert.equal(timers.pendingCount, 0);
  });
});
