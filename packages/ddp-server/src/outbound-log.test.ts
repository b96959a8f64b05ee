import assert from 'node:assert/strict';
import { OutboundLog } from './outbound-log';
import { PreparedFrame } from './prepared-frame';

const frame = (text: string) => new PreparedFrame(text);
const texts = (frames: readonly PreparedFrame[]) => frames.map((f) => f.text);

describe('OutboundLog', () => {
  it("plans a replay of exactly the frames after the client's count", () => {
    const log = new OutboundLog(10);
    log.record(new PreparedFrame('connected', true, true));
    for (const text of ['a', 'b', 'c']) log.record(frame(text));
    const plan = log.plan(2);
    assert.equal(plan.kind, 'replay');
    if (plan.kind === 'replay') assert.deepEqual(texts(plan.frames), ['b', 'c']);
    const nothing = log.plan(4);
    assert.deepEqual(nothing.kind === 'replay' && nothing.frames, []);
  });

  it('reports a gap when the missed frames fell out of the bounded buffer', () => {
    const log = new OutboundLog(2);
    for (const text of ['a', 'b', 'c', 'd']) log.record(frame(text));
    assert.equal(log.plan(1).kind, 'gap');
    assert.equal(log.plan(2).kind, 'replay');
  });

  it('keeps only the newest frames once the ring wraps', () => {
    const log = new OutboundLog(3);
    for (const text of ['a', 'b', 'c', 'd', 'e']) log.record(frame(text));
    const plan = log.plan(2);
    assert.ok(plan.kind === 'replay');
    assert.deepEqual(texts(plan.frames), ['c', 'd', 'e']);
  });

  it('reports a gap when the client claims more than was sent', () => {
    const log = new OutboundLog(5);
    log.record(frame('a'));
    assert.equal(log.plan(2).kind, 'gap');
  });

  it('never replays a connected frame and renumbers after a resume', () => {
    const log = new OutboundLog(10);
    log.record(new PreparedFrame('connected-1', true, true));
    log.record(frame('a'));
    log.record(frame('b'));
    // Client saw only connected-1; it resumes and gets a, b after connected-2.
    const plan = log.plan(1);
    assert.ok(plan.kind === 'replay');
    log.rebase(1, new PreparedFrame('connected-2', true, true), plan.frames);
    assert.equal(log.sentCount, 4);
    log.record(frame('c'));
    // The client drops again having seen connected-2 only (count 2): it must get a, b, c.
    const again = log.plan(2);
    assert.ok(again.kind === 'replay');
    assert.deepEqual(texts(again.frames), ['a', 'b', 'c']);
  });
});
