import assert from 'node:assert/strict';
import { ManualTimers } from '../../ddp-common/test/manual-timers';
import { SHOWN_COPY_WAIT_MS, shownCall } from './shown-call';

describe("ShownCall: how the showing of another tab's call ends", () => {
  const setup = (stillHeld: boolean) => {
    const timers = new ManualTimers();
    const gaveWay: boolean[] = [];
    let sent = 0;
    const call = shownCall({
      name: 'post',
      timers,
      giveWay: (untilServerCopy) => {
        gaveWay.push(untilServerCopy);
        return untilServerCopy && stillHeld;
      },
      send: async () => {
        sent += 1;
      },
    });
    return { timers, gaveWay, call, sent: () => sent };
  };

  it('answered: a document not yet received here is let go after SHOWN_COPY_WAIT_MS at the latest', () => {
    const { timers, gaveWay, call } = setup(true);
    call.answered();
    assert.deepEqual(gaveWay, [true]);
    timers.advance(SHOWN_COPY_WAIT_MS - 1);
    assert.deepEqual(gaveWay, [true]);
    timers.advance(1);
    assert.deepEqual(gaveWay, [true, false]);
  });

  it('answered with every copy here already: no wait; a later release is harmless', () => {
    const { timers, gaveWay, call } = setup(false);
    call.answered();
    timers.advance(SHOWN_COPY_WAIT_MS);
    assert.deepEqual(gaveWay, [true]);
    call.release();
    assert.deepEqual(gaveWay, [true, false]);
  });

  it('send: once, and not after the showing ended', async () => {
    const { call, gaveWay, sent } = setup(false);
    await call.send();
    await assert.rejects(call.send(), (error: { error?: unknown }) => error.error === 'ddp.shown-call-ended');
    assert.equal(sent(), 1);
    assert.deepEqual(gaveWay, []);
    const released = setup(false);
    released.call.release();
    await assert.rejects(released.call.send(), (error: { error?: unknown }) => error.error === 'ddp.shown-call-ended');
    assert.equal(released.sent(), 0);
  });
});
