import assert from 'node:assert/strict';
import { ManualTimers } from '../test/manual-timers';
import { Heartbeat } from './heartbeat';
import type { Timers } from './timers';

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
    heartbeat.start();
    return { timers, events, heartbeat };
  }

  it('pings after an idle interval and times out without any answer', () => {
    const { timers, events, heartbeat } = setup();
    timers.advance(99);
    assert.deepEqual(events, []);
    timers.advance(1);
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

  it('an answer to a ping starts a new quiet interval', () => {
    const { timers, events, heartbeat } = setup();
    timers.advance(100);
    heartbeat.messageReceived();
    timers.advance(60);
    assert.deepEqual(events, ['ping@100']);
    timers.advance(40);
    assert.deepEqual(events, ['ping@100', 'ping@200']);
  });

  it('arms no new timer per message while the peer is chatty', () => {
    const timers = new ManualTimers();
    let armed = 0;
    const counting: Timers = {
      now: () => timers.now(),
      clearTimeout: (h) => timers.clearTimeout(h),
      setTimeout: (cb, ms) => {
        armed++;
        return timers.setTimeout(cb, ms);
      },
    };
    const pings: number[] = [];
    const heartbeat = new Heartbeat({ intervalMs: 100, timeoutMs: 50, timers: counting, sendPing: () => void pings.push(timers.now()), onTimeout: () => {} });
    heartbeat.start();
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

  it('does nothing before start, and start is counted once', () => {
    const timers = new ManualTimers();
    const events: string[] = [];
    const heartbeat = new Heartbeat({
      intervalMs: 100,
      timeoutMs: 50,
      timers,
      sendPing: () => void events.push('ping'),
      onTimeout: () => void events.push('timeout'),
    });
    heartbeat.messageReceived();
    timers.advance(1000);
    assert.deepEqual(events, []);
    assert.equal(heartbeat.state, 'idle');
    heartbeat.start();
    timers.advance(50);
    heartbeat.start();
    timers.advance(50);
    assert.deepEqual(events, ['ping']);
    assert.equal(timers.pendingCount, 1);
  });

  it('stops for good, and stop() is safe twice', () => {
    const { timers, events, heartbeat } = setup();
    heartbeat.stop();
    heartbeat.stop();
    heartbeat.messageReceived();
    heartbeat.start();
    timers.advance(1000);
    assert.deepEqual(events, []);
    assert.equal(timers.pendingCount, 0);
  });

  it('leaves no timer behind when sending the ping stops it', () => {
    const timers = new ManualTimers();
    const heartbeat: Heartbeat = new Heartbeat({
      intervalMs: 100,
      timeoutMs: 50,
      timers,
      sendPing: () => heartbeat.stop(),
      onTimeout: () => assert.fail('timed out after stop'),
    });
    heartbeat.start();
    timers.advance(100);
    assert.equal(heartbeat.state, 'stopped');
    assert.equal(timers.pendingCount, 0);
  });

  it('rejects non-positive settings', () => {
    for (const [intervalMs, timeoutMs] of [
      [0, 1],
      [1, 0],
      [-1, 1],
      [Number.NaN, 1],
    ] as const) {
      assert.throws(() => new Heartbeat({ intervalMs, timeoutMs, timers: new ManualTimers(), sendPing() {}, onTimeout() {} }), RangeError);
    }
  });
});
