import assert from 'node:assert/strict';
import { FakeTimers } from '../test/fake-timers';
import { Heartbeat } from './heartbeat';

function setup() {
  const timers = new FakeTimers();
  const events: string[] = [];
  const hb = new Heartbeat({
    interval: 100,
    timeout: 50,
    timers,
    sendPing: () => events.push('ping'),
    onTimeout: () => events.push('timeout'),
  });
  return { timers, events, hb };
}

describe('Heartbeat', () => {
  it('pings after a quiet interval and times out when nothing answers', () => {
    const { timers, events, hb } = setup();
    hb.start();
    timers.advance(99);
    assert.deepEqual(events, []);
    timers.advance(1);
    assert.deepEqual(events, ['ping']);
    timers.advance(50);
    assert.deepEqual(events, ['ping', 'timeout']);
  });

  it('treats any received frame as proof of life', () => {
    const { timers, events, hb } = setup();
    hb.start();
    timers.advance(100);
    hb.messageReceived();
    timers.advance(60);
    assert.deepEqual(events, ['ping']);
    timers.advance(40);
    assert.deepEqual(events, ['ping', 'ping']);
  });

  it('does nothing after stop, and stop is safe twice', () => {
    const { timers, events, hb } = setup();
    hb.start();
    hb.stop();
    hb.stop();
    timers.advance(1000);
    assert.deepEqual(events, []);
    assert.equal(timers.pendingCount, 0);
  });

  it('rejects non-positive settings', () => {
    assert.throws(
      () => new Heartbeat({ interval: 0, timeout: 1, timers: new FakeTimers(), sendPing() {}, onTimeout() {} }),
      RangeError,
    );
  });
});
