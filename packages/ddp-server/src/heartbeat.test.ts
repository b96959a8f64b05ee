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
