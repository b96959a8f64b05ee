/**
 * A call answered `ddp.replay-still-running`, frame by frame (fake transport, manual clock): kept
 * pending with its stub shown, re-sent as it was after the back-off, once per answer, also across
 * a dropped socket. The same against real servers: replay-still-running.test.ts.
 */
import assert from 'node:assert/strict';
import { Connection, type ConnectionOptions } from '../src/connection';
import { ManualTimers } from '../../ddp-common/test/manual-timers';
import { FakeStore } from './fake-store';
import { FakeTransport } from './fake-transport';

const STILL_RUNNING = { error: 'ddp.replay-still-running', reason: 'This call is still running: retry later', errorType: 'Meteor.Error' };

type MethodFrame = { msg: 'method'; id: string; method: string; params: unknown[]; randomSeed?: string };

function setup(options: Partial<ConnectionOptions> = {}) {
  const timers = new ManualTimers();
  const transport = new FakeTransport();
  const connection = new Connection('http://server', {
    transport,
    timers,
    // fraction 0.5 with fuzz 0.5: every delay is exactly the policy's step.
    fraction: () => 0.5,
    heartbeatInterval: 0,
    log: () => {},
    ...options,
  });
  const store = new FakeStore();
  connection.registerStoreClient('messages', store);
  connection.methods({
    post(this: { randomStream(name: string): { id(): string } }, text: string) {
      const id = this.randomStream('/collection/messages').id();
      store.write(id, { text, pending: true });
      return id;
    },
  });
  const socket = () => transport.last;
  socket().open();
  socket().receive({ msg: 'connected', session: 'S1' });
  socket().takeSent();
  const outcomes: Array<{ error: unknown; result: unknown }> = [];
  const id = connection.apply('post', ['hello'], { returnStubValue: true }, (error, result) => outcomes.push({ error, result })) as string;
  const [sent] = socket().takeSent() as MethodFrame[];
  assert.ok(sent !== undefined);
  const stillRunning = () => {
    socket().receive({ msg: 'result', id: sent.id, error: STILL_RUNNING });
    socket().receive({ msg: 'updated', methods: [sent.id] });
  };
  return { timers, transport, connection, store, socket, outcomes, id, sent, stillRunning };
}

const methods = (frames: unknown[]): MethodFrame[] => frames.filter((f): f is MethodFrame => (f as { msg?: string }).msg === 'method');

describe('a call answered ddp.replay-still-running (fake transport)', () => {
  it('stays pending with its stub shown and goes out again, the same frame, after the back-off', () => {
    const { timers, connection, store, socket, outcomes, id, sent, stillRunning } = setup();
    stillRunning();
    assert.deepEqual(outcomes, [], 'not reported');
    assert.deepEqual(store.snapshot(), { [id]: { text: 'hello', pending: true } }, 'the stub’s write stays');
    assert.equal(connection.hasPendingWrites('messages', id), true);
    assert.equal(connection.unansweredCalls(), 1);
    timers.advance(999);
    assert.deepEqual(socket().takeSent(), []);
    timers.advance(1);
    assert.deepEqual(methods(socket().takeSent()), [sent], 'same id and randomSeed');

    // The second back-off step is longer (2 s), then the first run's answer arrives.
    stillRunning();
    timers.advance(1_999);
    assert.deepEqual(socket().takeSent(), []);
    timers.advance(1);
    assert.deepEqual(methods(socket().takeSent()), [sent]);
    socket().receive({ msg: 'added', collection: 'messages', id, fields: { text: 'hello' } });
    socket().receive({ msg: 'result', id: sent.id, result: id });
    socket().receive({ msg: 'updated', methods: [sent.id] });
    timers.advance(1_000);
    assert.deepEqual(outcomes, [{ error: undefined, result: id }]);
    assert.deepEqual(store.snapshot(), { [id]: { text: 'hello' } });
    assert.equal(connection.unansweredCalls(), 0);
  });

  it('reports the error, and rolls the stub back, once the re-sends are spent', () => {
    const { timers, store, socket, outcomes, stillRunning } = setup({ stillRunningRetry: { maxRetries: 1 } });
    stillRunning();
    timers.advance(1_000);
    assert.equal(methods(socket().takeSent()).length, 1);
    stillRunning();
    assert.equal(outcomes.length, 1);
    assert.equal((outcomes[0]?.error as { error?: unknown } | undefined)?.error, 'ddp.replay-still-running');
    assert.deepEqual(store.snapshot(), {});
    timers.advance(60_000);
    assert.deepEqual(socket().takeSent(), [], 'never sent again');
  });

  it('a noRetry call is reported at once', () => {
    const { connection, socket, timers, sent, id } = setup();
    socket().receive({ msg: 'result', id: sent.id, result: id });
    socket().receive({ msg: 'updated', methods: [sent.id] });
    const outcomes: unknown[] = [];
    connection.apply('post', ['once'], { noRetry: true }, (error) => outcomes.push(error));
    const [frame] = methods(socket().takeSent());
    assert.ok(frame !== undefined);
    socket().receive({ msg: 'result', id: frame.id, error: STILL_RUNNING });
    socket().receive({ msg: 'updated', methods: [frame.id] });
    timers.advance(5);
    assert.equal((outcomes[0] as { error?: unknown } | undefined)?.error, 'ddp.replay-still-running');
  });

  it('a socket dropped during the back-off: a resumed session sends it at once, and only once', () => {
    const { timers, socket, sent, stillRunning } = setup();
    stillRunning();
    socket().drop();
    timers.advance(10);
    socket().open();
    socket().takeSent();
    socket().receive({ msg: 'connected', session: 'S1' });
    assert.deepEqual(methods(socket().takeSent()), [sent]);
    timers.advance(5_000);
    assert.deepEqual(methods(socket().takeSent()), [], 'the back-off timer sends nothing more');
  });

  it('a new session during the back-off re-sends it with the others, only once, and its `updated` counts', () => {
    const { timers, store, socket, outcomes, id, sent } = setup();
    // The still-running answer arrives, but its `updated` never does on the old session.
    socket().receive({ msg: 'result', id: sent.id, error: STILL_RUNNING });
    socket().drop();
    timers.advance(10);
    socket().open();
    socket().takeSent();
    socket().receive({ msg: 'connected', session: 'S2' });
    assert.deepEqual(methods(socket().takeSent()), [sent]);
    timers.advance(5_000);
    assert.deepEqual(methods(socket().takeSent()), [], 'the back-off timer sends nothing more');
    socket().receive({ msg: 'added', collection: 'messages', id, fields: { text: 'hello' } });
    socket().receive({ msg: 'result', id: sent.id, result: id });
    socket().receive({ msg: 'updated', methods: [sent.id] });
    timers.advance(1_000);
    assert.deepEqual(outcomes, [{ error: undefined, result: id }]);
    assert.deepEqual(store.snapshot(), { [id]: { text: 'hello' } });
  });
});
