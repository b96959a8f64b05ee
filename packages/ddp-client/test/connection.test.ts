import assert from 'node:assert/strict';
import { MeteorError } from '@perseid/meteor-core';
import { RandomStream } from '@perseid/random';
import { Tracker } from '@perseid/tracker';
import { Connection, type ConnectionOptions } from '../src/connection';
import { onReconnect } from '../src/reconnect-hooks';
import { FakeStore } from './fake-store';
import { ManualTimers } from '../../ddp-common/test/manual-timers';
import { FakeTransport, type FakeSocket } from './fake-transport';

const CONNECT = { msg: 'connect', version: '1', support: ['1', 'pre2', 'pre1'] };

function setup(options: Partial<ConnectionOptions> = {}) {
  const timers = new ManualTimers();
  const transport = new FakeTransport();
  const logs: string[] = [];
  const connection = new Connection('http://server', {
    transport,
    timers,
    fraction: () => 0.5,
    heartbeatInterval: 0,
    log: (message) => logs.push(message),
    ...options,
  });
  const store = new FakeStore();
  connection.registerStoreClient('messages', store);
  const socket = () => transport.last;
  /** Opens the current socket, answers `connected`, and returns the frames the client sent. */
  const handshake = (session = 'S1'): unknown[] => {
    socket().open();
    const sent = socket().takeSent();
    socket().receive({ msg: 'connected', session });
    return [...sent, ...socket().takeSent()];
  };
  /** Drops the socket and lets the 10 ms quick retry open a new one. */
  const dropAndRetry = (): FakeSocket => {
    socket().drop();
    timers.advance(10);
    return socket();
  };
  return { timers, transport, logs, connection, store, socket, handshake, dropAndRetry };
}

function methodIds(frames: unknown[]): string[] {
  return frames.filter((f): f is { msg: 'method'; id: string } => (f as { msg?: string }).msg === 'method').map((f) => f.id);
}

describe('Connection (fake transport, exact frames)', () => {
  describe('handshake', () => {
    it('sends connect on open and reports connected once the server accepts', () => {
      const { connection, handshake } = setup();
      assert.equal(connection.status().status, 'connecting');
      assert.deepEqual(handshake('S1'), [CONNECT]);
      assert.equal(connection.status().status, 'connected');
      assert.equal(connection.sessionId, 'S1');
      assert.equal(connection.version, '1');
    });

    it('retries with the version the server asks for, and fails for good on an unknown one', () => {
      const failures: string[] = [];
      const { socket, timers, connection } = setup({ onDDPVersionNegotiationFailure: (d) => failures.push(d) });
      socket().open();
      socket().takeSent();
      socket().receive({ msg: 'failed', version: 'pre2' });
      timers.advance(10);
      socket().open();
      assert.deepEqual(socket().takeSent(), [{ ...CONNECT, version: 'pre2' }]);
      socket().receive({ msg: 'failed', version: '99' });
      assert.equal(connection.status().status, 'failed');
      assert.match(failures[0] ?? '', /server requested version 99/);
    });

    it('answers ping with pong carrying the same id', () => {
      const { socket, handshake } = setup();
      handshake();
      socket().receive({ msg: 'ping', id: 'p1' });
      socket().receive({ msg: 'ping' });
      assert.deepEqual(socket().takeSent(), [{ msg: 'pong', id: 'p1' }, { msg: 'pong' }]);
    });

    it('logs a malformed frame and resets the socket instead of throwing', () => {
      const { socket, handshake, logs, transport, timers } = setup();
      handshake();
      assert.doesNotThrow(() => socket().receive('{not json'));
      assert.ok(logs.some((l) => /malformed frame/.test(l)));
      assert.equal(transport.sockets[0]?.state, 'closed');
      timers.advance(10);
      assert.equal(transport.sockets.length, 2);
      socket().open();
      assert.doesNotThrow(() => socket().receive({ msg: 'added', collection: 'messages' }));
      assert.equal(transport.sockets[1]?.state, 'closed');
    });

    it('ignores the server_id frame', () => {
      const { socket, logs, transport } = setup();
      socket().open();
      socket().receive({ server_id: '0' });
      assert.deepEqual(logs, []);
      assert.equal(transport.sockets.length, 1);
    });

    it('pings after silence and reconnects when the server stays silent', () => {
      const { socket, handshake, timers, transport, connection } = setup({ heartbeatInterval: 100, heartbeatTimeout: 50 });
      handshake();
      timers.advance(100);
      assert.deepEqual(socket().takeSent(), [{ msg: 'ping' }]);
      timers.advance(50);
      assert.equal(transport.sockets[0]?.state, 'closed');
      assert.equal(connection.status().status, 'waiting');
    });

    it('disconnect tells the server and goes offline; reconnect resumes', () => {
      const { socket, handshake, connection, transport } = setup();
      handshake();
      connection.disconnect();
      assert.deepEqual(transport.sockets[0]?.takeSent(), [{ msg: 'disconnect' }]);
      assert.equal(connection.status().status, 'offline');
      connection.reconnect();
      socket().open();
      assert.deepEqual(socket().takeSent(), [{ ...CONNECT, session: 'S1', receivedCount: 1 }]);
    });
  });

  describe('subscriptions', () => {
    it('sends sub, becomes ready on ready, and unsubs on stop (stop twice is harmless)', () => {
      const { connection, socket, handshake } = setup();
      handshake();
      const events: string[] = [];
      const handle = connection.subscribe('room', 'general', 10, { onReady: () => events.push('ready'), onStop: () => events.push('stop') });
      assert.deepEqual(socket().takeSent(), [{ msg: 'sub', id: handle.subscriptionId, name: 'room', params: ['general', 10] }]);
      assert.equal(handle.ready(), false);
      socket().receive({ msg: 'ready', subs: [handle.subscriptionId] });
      assert.equal(handle.ready(), true);
      handle.stop();
      handle.stop();
      assert.deepEqual(socket().takeSent(), [{ msg: 'unsub', id: handle.subscriptionId }]);
      assert.deepEqual(events, ['ready', 'stop']);
      assert.equal(handle.ready(), false);
    });

    it('passes the server error of a nosub to onStop as a MeteorError', () => {
      const { connection, socket, handshake } = setup();
      handshake();
      let stopError: unknown;
      const handle = connection.subscribe('secret', { onStop: (e: unknown) => (stopError = e) });
      socket().receive({ msg: 'nosub', id: handle.subscriptionId, error: { error: 403, reason: 'Access denied', errorType: 'Meteor.Error' } });
      assert.ok(stopError instanceof MeteorError);
      assert.equal((stopError as MeteorError).error, 403);
      assert.equal(handle.ready(), false);
    });

    it('sends subs made before the socket opens right after connect', () => {
      const { connection, socket } = setup();
      const handle = connection.subscribe('room');
      socket().open();
      assert.deepEqual(socket().takeSent(), [CONNECT, { msg: 'sub', id: handle.subscriptionId, name: 'room', params: [] }]);
    });

    it('rejects a missing name', () => {
      const { connection } = setup();
      assert.throws(() => connection.subscribe(''), TypeError);
    });
  });

  describe('data', () => {
    it('batches a burst of data messages into one store update', () => {
      const { connection, socket, handshake, store, timers } = setup();
      handshake();
      // The burst answers a subscription this client is waiting on.
      connection.subscribe('messages');
      socket().receive({ msg: 'added', collection: 'messages', id: 'a', fields: { text: 'hi' } });
      socket().receive({ msg: 'added', collection: 'messages', id: 'b', fields: { text: 'yo' } });
      socket().receive({ msg: 'changed', collection: 'messages', id: 'a', fields: { text: 'hi!' }, cleared: [] });
      assert.equal(store.batches.length, 0, 'nothing applied inside the 5 ms window');
      timers.advance(5);
      assert.equal(store.batches.length, 1);
      assert.equal(store.batches[0]?.size, 3);
      assert.deepEqual(store.snapshot(), { a: { text: 'hi!' }, b: { text: 'yo' } });
      socket().receive({ msg: 'removed', collection: 'messages', id: 'b' });
      socket().receive({ msg: 'changed', collection: 'messages', id: 'a', cleared: ['text'] });
      timers.advance(5);
      assert.deepEqual(store.snapshot(), { a: {} });
    });

    it('applies a continuous stream at least every 500 ms', () => {
      const { connection, socket, handshake, store, timers } = setup();
      handshake();
      connection.subscribe('messages');
      const send = (i: number) => socket().receive({ msg: 'added', collection: 'messages', id: `d${i}`, fields: {} });
      let i = 0;
      // A frame every 4 ms never leaves the 5 ms window quiet…
      for (; timers.now() < 496; i++) {
        send(i);
        timers.advance(4);
      }
      assert.equal(store.batches.length, 0, 'still inside the max age');
      // …so the first frame past 500 ms of age applies the whole backlog in one batch.
      for (; timers.now() <= 504; i++) {
        send(i);
        timers.advance(4);
      }
      assert.equal(store.batches.length, 1);
      assert.ok((store.batches[0]?.size ?? 0) >= 125);
    });

    it('applies a lone data frame at once when nothing is outstanding, and batches what follows inside the window', () => {
      const { socket, handshake, store, timers } = setup();
      handshake();
      socket().receive({ msg: 'added', collection: 'messages', id: 'a', fields: { text: 'from someone else' } });
      assert.equal(store.batches.length, 1, 'the lone frame does not wait for the 5 ms window');
      assert.deepEqual(store.snapshot(), { a: { text: 'from someone else' } });
      socket().receive({ msg: 'added', collection: 'messages', id: 'b', fields: { text: 'b' } });
      socket().receive({ msg: 'added', collection: 'messages', id: 'c', fields: { text: 'c' } });
      assert.equal(store.batches.length, 1, 'frames right after it are batched');
      timers.advance(5);
      assert.equal(store.batches.length, 2);
      assert.equal(store.batches[1]?.size, 2);
      timers.advance(5);
      socket().receive({ msg: 'removed', collection: 'messages', id: 'c' });
      assert.equal(store.batches.length, 3, 'after a quiet window the next lone frame is applied at once again');
    });

    it('batches data while a method result is outstanding', () => {
      const { connection, socket, handshake, store, timers } = setup();
      handshake();
      connection.call('send', () => {});
      socket().receive({ msg: 'added', collection: 'messages', id: 'a', fields: {} });
      assert.equal(store.batches.length, 0, 'the method may bring a burst: the window applies');
      timers.advance(5);
      assert.equal(store.batches.length, 1);
    });

    it('keeps data for an unregistered collection until its store registers', () => {
      const { connection, socket, handshake, timers } = setup();
      handshake();
      socket().receive({ msg: 'added', collection: 'channels', id: 'c1', fields: { name: 'general' } });
      timers.advance(5);
      const late = new FakeStore();
      assert.equal(connection.registerStoreClient('channels', late), true);
      assert.deepEqual(late.snapshot(), { c1: { name: 'general' } });
      assert.equal(connection.registerStoreClient('channels', new FakeStore()), false);
    });

    it('a sub becomes ready only after the data before its ready is in the store', () => {
      const { connection, socket, handshake, store } = setup();
      handshake();
      let seen: unknown;
      const handle = connection.subscribe('room', () => (seen = store.snapshot()));
      socket().receive({ msg: 'added', collection: 'messages', id: 'a', fields: { text: 'hi' } });
      socket().receive({ msg: 'ready', subs: [handle.subscriptionId] });
      assert.deepEqual(seen, { a: { text: 'hi' } });
    });
  });

  describe('methods', () => {
    it('calls back once both result and updated arrived, in either order', () => {
      const { connection, socket, handshake } = setup();
      handshake();
      const outcomes: unknown[] = [];
      connection.call('add', 1, 2, (error: unknown, result: unknown) => outcomes.push([error, result]));
      connection.call('add', 3, 4, (error: unknown, result: unknown) => outcomes.push([error, result]));
      const [first, second] = methodIds(socket().takeSent());
      assert.ok(first !== undefined && second !== undefined);
      socket().receive({ msg: 'updated', methods: [first] });
      assert.deepEqual(outcomes, []);
      socket().receive({ msg: 'result', id: first, result: 3 });
      assert.deepEqual(outcomes, [[undefined, 3]]);
      socket().receive({ msg: 'result', id: second, error: { error: 'bad', reason: 'nope', errorType: 'Meteor.Error' } });
      socket().receive({ msg: 'updated', methods: [second] });
      assert.equal(outcomes.length, 2);
      assert.ok((outcomes[1] as unknown as unknown[])[0] instanceof MeteorError);
    });

    it('sends the exact method frame', () => {
      const { connection, socket, handshake } = setup();
      handshake();
      connection.apply('messages.send', [{ text: 'hi', at: new Date(0) }]);
      assert.deepEqual(socket().takeSent(), [{ msg: 'method', id: '1', method: 'messages.send', params: [{ text: 'hi', at: { $date: 0 } }] }]);
    });

    it('holds methods after a wait method until it has its result and data', () => {
      const { connection, socket, handshake } = setup();
      handshake();
      connection.call('a');
      connection.apply('login', [], { wait: true });
      connection.call('b');
      connection.call('c');
      assert.deepEqual(methodIds(socket().takeSent()), ['1']);
      socket().receive({ msg: 'result', id: '1' });
      socket().receive({ msg: 'updated', methods: ['1'] });
      assert.deepEqual(methodIds(socket().takeSent()), ['2']);
      socket().receive({ msg: 'result', id: '2', result: { id: 'u1' } });
      assert.deepEqual(methodIds(socket().takeSent()), [], 'not until the wait method has its data');
      socket().receive({ msg: 'updated', methods: ['2'] });
      assert.deepEqual(methodIds(socket().takeSent()), ['3', '4']);
    });

    it('buffers data while a wait method runs and applies it with its updated', () => {
      const { connection, socket, handshake, store, timers } = setup();
      handshake();
      connection.apply('login', [], { wait: true });
      socket().receive({ msg: 'added', collection: 'messages', id: 'a', fields: {} });
      timers.advance(100);
      assert.deepEqual(store.snapshot(), {});
      socket().receive({ msg: 'result', id: '1' });
      socket().receive({ msg: 'updated', methods: ['1'] });
      assert.deepEqual(store.snapshot(), { a: {} });
    });

    it('callAsync resolves with the server result and exposes stubPromise and serverPromise', async () => {
      const { connection, socket, handshake } = setup();
      handshake();
      connection.methods({
        double(n: number) {
          return n * 2;
        },
      });
      const promise = connection.callAsync('double', 21);
      assert.equal(await promise.stubPromise, 42);
      const [id] = methodIds(socket().takeSent());
      socket().receive({ msg: 'result', id, result: 40 });
      socket().receive({ msg: 'updated', methods: [id] });
      assert.equal(await promise, 40);
      assert.equal(await promise.serverPromise, 40);
    });

    it('callAsync rejects with the MeteorError the server sent', async () => {
      const { connection, socket, handshake } = setup();
      handshake();
      const promise = connection.callAsync('nope');
      await promise.stubPromise;
      const [id] = methodIds(socket().takeSent());
      socket().receive({ msg: 'result', id, error: { error: 'not-allowed', reason: 'no', errorType: 'Meteor.Error' } });
      socket().receive({ msg: 'updated', methods: [id] });
      await assert.rejects(promise, (e: unknown) => e instanceof MeteorError && e.error === 'not-allowed');
    });

    it('runs async stubs one at a time in call order', async () => {
      const { connection, socket, handshake } = setup();
      handshake();
      const order: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      connection.methods({
        async slow() {
          order.push('slow start');
          await gate;
          order.push('slow end');
        },
        fast() {
          order.push('fast');
        },
      });
      const a = connection.callAsync('slow');
      const b = connection.callAsync('fast');
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(order, ['slow start']);
      release();
      await b.stubPromise;
      await a.stubPromise;
      assert.deepEqual(order, ['slow start', 'slow end', 'fast']);
      assert.deepEqual(
        socket()
          .takeSent()
          .map((f) => (f as { method?: string }).method),
        ['slow', 'fast'],
      );
    });

    it('server data that arrives while an async stub runs is applied after it, and is not taken for its writes', async () => {
      const { connection, socket, handshake, store, timers } = setup();
      handshake();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      connection.methods({
        async slow() {
          await gate;
          store.write('mine', { by: 'stub' });
        },
      });
      const call = connection.callAsync('slow');
      await new Promise((r) => setImmediate(r));
      socket().receive({ msg: 'added', collection: 'messages', id: 'theirs', fields: { by: 'server' } });
      timers.advance(10);
      assert.equal(store.docs.has('theirs'), false, 'held while the stub runs');
      release();
      await call.stubPromise;
      assert.deepEqual(store.docs.get('theirs'), { by: 'server' });
      assert.equal(connection.hasPendingWrites('messages', 'theirs'), false, "the server's document is no guess of the stub");
      assert.equal(connection.hasPendingWrites('messages', 'mine'), true);
    });

    it('throwStubExceptions rethrows and undoes the stub writes; otherwise the error is logged and the call is sent', () => {
      const { connection, socket, handshake, store, logs } = setup();
      handshake();
      connection.methods({
        broken() {
          store.write('x', { half: true });
          throw new Error('stub failed');
        },
      });
      assert.throws(() => connection.apply('broken', [], { throwStubExceptions: true }), /stub failed/);
      assert.deepEqual(store.snapshot(), {});
      assert.deepEqual(socket().takeSent(), []);
      connection.apply('broken', []);
      assert.ok(logs.some((l) => /simulating the effect of invoking 'broken'/.test(l)));
      assert.deepEqual(methodIds(socket().takeSent()), ['2']);
    });

    it('close() fails calls still waiting for the server, and is safe twice', async () => {
      const { connection, handshake } = setup();
      handshake();
      const pending = connection.callAsync('slow');
      await pending.stubPromise;
      connection.close();
      connection.close();
      await assert.rejects(pending, (e: unknown) => e instanceof MeteorError && e.error === 'ddp.connection-closed');
      assert.equal(connection.status().status, 'failed');
    });

    it('rejects bad arguments with TypeErrors', () => {
      const { connection } = setup();
      assert.throws(() => connection.apply('', []), TypeError);
      assert.throws(() => connection.apply('m', 'x' as unknown as unknown[]), TypeError);
      assert.throws(() => connection.methods({ m: 5 as unknown as () => void }), TypeError);
      connection.methods({ m() {} });
      assert.throws(() => connection.methods({ m() {} }), /already defined/);
      assert.throws(() => connection.apply('m', [], {}, 'cb' as unknown as () => void), /callback of 'm' must be a function/);
      assert.throws(() => connection.registerStoreClient(5 as unknown as string, new FakeStore()), TypeError);
      assert.throws(() => onReconnect('x' as unknown as () => void), TypeError);
      assert.throws(() => setup({ supportedDDPVersions: [] }), /supportedDDPVersions must not be empty/);
    });
  });

  describe('latency compensation', () => {
    function withStub() {
      const ctx = setup();
      ctx.connection.methods({
        post(this: { randomStream(name: string): { id(): string } }, text: string) {
          const id = this.randomStream('/collection/messages').id();
          ctx.store.write(id, { text, pending: true });
          return id;
        },
      });
      ctx.handshake();
      return ctx;
    }

    it('shows the stub write at once and sends the seed the server needs to make the same id', () => {
      const { connection, socket, store } = withStub();
      const id = connection.apply('post', ['hello'], { returnStubValue: true }) as string;
      assert.deepEqual(store.snapshot(), { [id]: { text: 'hello', pending: true } });
      const [frame] = socket().takeSent() as Array<{ randomSeed: string }>;
      assert.equal(typeof frame?.randomSeed, 'string');
      const serverSide = RandomStream.get({ randomSeed: frame?.randomSeed }, '/collection/messages').id();
      assert.equal(serverSide, id);
    });

    it('holds server data for a stub-written doc until updated, then swaps in the server version in one batch', () => {
      const { connection, socket, store, timers } = withStub();
      const id = connection.apply('post', ['hello'], { returnStubValue: true }) as string;
      socket().takeSent();
      socket().receive({ msg: 'added', collection: 'messages', id, fields: { text: 'hello', at: 1 } });
      timers.advance(5);
      assert.deepEqual(store.snapshot(), { [id]: { text: 'hello', pending: true } }, 'stub version stays until updated');
      socket().receive({ msg: 'result', id: '1', result: id });
      const before = store.batches.length;
      socket().receive({ msg: 'updated', methods: ['1'] });
      assert.deepEqual(store.snapshot(), { [id]: { text: 'hello', at: 1 } });
      assert.equal(store.batches.length, before + 1);
      assert.deepEqual(store.batches.at(-1)?.updates, [{ msg: 'replace', collection: 'messages', id, replace: { text: 'hello', at: 1 } }]);
    });

    it('rolls the stub write back when the server rejects the method', async () => {
      const { connection, socket, store } = withStub();
      const promise = connection.callAsync('post', 'spam');
      await promise.stubPromise;
      assert.equal(store.docs.size, 1);
      const [id] = methodIds(socket().takeSent());
      socket().receive({ msg: 'result', id, error: { error: 'denied', errorType: 'Meteor.Error' } });
      socket().receive({ msg: 'updated', methods: [id] });
      assert.deepEqual(store.snapshot(), {});
      await assert.rejects(promise, /denied/);
    });

    it('waits for every method that wrote a doc before showing the server version', () => {
      const { connection, socket, store } = withStub();
      connection.methods({
        edit(id: string, text: string) {
          store.write(id, { text, pending: true });
        },
      });
      const id = connection.apply('post', ['v1'], { returnStubValue: true }) as string;
      connection.apply('edit', [id, 'v2']);
      socket().takeSent();
      socket().receive({ msg: 'added', collection: 'messages', id, fields: { text: 'v1' } });
      socket().receive({ msg: 'result', id: '1' });
      socket().receive({ msg: 'updated', methods: ['1'] });
      assert.deepEqual(store.snapshot(), { [id]: { text: 'v2', pending: true } });
      socket().receive({ msg: 'changed', collection: 'messages', id, fields: { text: 'v2' } });
      socket().receive({ msg: 'result', id: '2' });
      socket().receive({ msg: 'updated', methods: ['2'] });
      assert.deepEqual(store.snapshot(), { [id]: { text: 'v2' } });
    });
  });

  describe('reconnect', () => {
    it('resumes: nothing is re-sent or reset when the server keeps the session', () => {
      const { connection, socket, handshake, store, timers, dropAndRetry } = setup();
      handshake('S1');
      const handle = connection.subscribe('room');
      socket().receive({ msg: 'added', collection: 'messages', id: 'a', fields: {} });
      socket().receive({ msg: 'ready', subs: [handle.subscriptionId] });
      connection.call('m');
      socket().takeSent();
      const next = dropAndRetry();
      next.open();
      assert.deepEqual(next.takeSent(), [{ ...CONNECT, session: 'S1', receivedCount: 3 }]);
      next.receive({ msg: 'connected', session: 'S1' });
      assert.deepEqual(next.takeSent(), []);
      timers.advance(10);
      assert.ok(store.batches.every((b) => !b.reset));
      assert.deepEqual(store.snapshot(), { a: {} });
      assert.equal(handle.ready(), true);
    });

    it('sends on a resumed session only what was called while disconnected', () => {
      const { connection, handshake, socket, timers } = setup();
      handshake('S1');
      connection.call('before');
      socket().takeSent();
      socket().drop();
      connection.call('offline');
      const late = connection.subscribe('late');
      timers.advance(10);
      const next = socket();
      next.open();
      assert.deepEqual(next.takeSent(), [{ ...CONNECT, session: 'S1', receivedCount: 1 }], 'nothing before connected');
      next.receive({ msg: 'connected', session: 'S1' });
      assert.deepEqual(next.takeSent(), [
        { msg: 'sub', id: late.subscriptionId, name: 'late', params: [] },
        { msg: 'method', id: '2', method: 'offline', params: [] },
      ]);
    });

    it('an unsub made while disconnected reaches a resumed session; a sub never sent needs none', () => {
      const { connection, handshake, socket, timers } = setup();
      handshake('S1');
      const sent = connection.subscribe('room');
      socket().takeSent();
      socket().drop();
      sent.stop();
      connection.subscribe('never-sent').stop();
      timers.advance(10);
      const next = socket();
      next.open();
      next.takeSent();
      next.receive({ msg: 'connected', session: 'S1' });
      assert.deepEqual(next.takeSent(), [{ msg: 'unsub', id: sent.subscriptionId }]);
    });

    it('on a new session re-sends subs and unanswered methods, then resets stores only at quiescence', () => {
      const { connection, socket, handshake, store, dropAndRetry } = setup();
      handshake('S1');
      const handle = connection.subscribe('room');
      socket().receive({ msg: 'added', collection: 'messages', id: 'old', fields: { v: 1 } });
      socket().receive({ msg: 'added', collection: 'messages', id: 'kept', fields: { v: 1 } });
      socket().receive({ msg: 'ready', subs: [handle.subscriptionId] });
      const results: unknown[] = [];
      connection.call('m', (_error: unknown, r: unknown) => results.push(r));
      socket().takeSent();
      const next = dropAndRetry();
      next.open();
      next.takeSent();
      next.receive({ msg: 'connected', session: 'S2' });
      assert.deepEqual(next.takeSent(), [
        { msg: 'method', id: '1', method: 'm', params: [] },
        { msg: 'sub', id: handle.subscriptionId, name: 'room', params: [] },
      ]);
      next.receive({ msg: 'added', collection: 'messages', id: 'kept', fields: { v: 2 } });
      assert.deepEqual(store.snapshot(), { kept: { v: 1 }, old: { v: 1 } }, 'old data stays visible until quiescence');
      next.receive({ msg: 'ready', subs: [handle.subscriptionId] });
      next.receive({ msg: 'result', id: '1', result: 'ok' });
      next.receive({ msg: 'updated', methods: ['1'] });
      assert.deepEqual(store.snapshot(), { kept: { v: 2 } });
      const last = store.batches.at(-1);
      assert.equal(last?.reset, true, 'reset and new data land in the same batch');
      assert.deepEqual(results, ['ok']);
    });

    it('an applyAsync from an onReconnect hook (the resume login) also goes first', () => {
      const { connection, handshake, dropAndRetry } = setup();
      handshake('S1');
      connection.call('outstanding');
      const hook = onReconnect((c) => void c.applyAsync('login', [{ resume: 't' }], { wait: true }).catch(() => {}));
      try {
        const next = dropAndRetry();
        next.open();
        next.takeSent();
        next.receive({ msg: 'connected', session: 'S2' });
        const sent = next.takeSent() as Array<{ method?: string }>;
        assert.deepEqual(
          sent.filter((f) => f.method !== undefined).map((f) => f.method),
          ['login'],
        );
        next.receive({ msg: 'result', id: '2', result: {} });
        next.receive({ msg: 'updated', methods: ['2'] });
        assert.deepEqual(
          (next.takeSent() as Array<{ method?: string }>).map((f) => f.method),
          ['outstanding'],
        );
      } finally {
        hook.stop();
      }
    });

    it('fails a noRetry method that was in flight when the session was lost', () => {
      const { connection, handshake, dropAndRetry } = setup();
      handshake('S1');
      let failure: unknown;
      connection.apply('pay', [], { noRetry: true }, (e) => (failure = e));
      const next = dropAndRetry();
      next.open();
      next.receive({ msg: 'connected', session: 'S2' });
      assert.ok(failure instanceof MeteorError);
      assert.equal((failure as MeteorError).error, 'invocation-failed');
      assert.deepEqual(methodIds(next.takeSent()), []);
    });

    it('runs onReconnect hooks before outstanding methods on a new session', () => {
      const { connection, handshake, dropAndRetry } = setup();
      handshake('S1');
      connection.call('outstanding');
      const hook = onReconnect((c) => c.apply('login', [{ resume: 't' }], { wait: true }));
      try {
        const next = dropAndRetry();
        next.open();
        next.takeSent();
        next.receive({ msg: 'connected', session: 'S2' });
        const sent = next.takeSent() as Array<{ method?: string }>;
        assert.deepEqual(
          sent.filter((f) => f.method !== undefined).map((f) => f.method),
          ['login'],
        );
      } finally {
        hook.stop();
        hook.stop();
      }
    });
  });

  describe('reactivity', () => {
    it('status() and userId() re-run computations when they change', () => {
      const { connection, socket } = setup();
      const seen: string[] = [];
      const c = Tracker.autorun(() => seen.push(`${connection.status().status}/${connection.userId() ?? '-'}`));
      socket().open();
      Tracker.flush();
      connection.setUserId('u1');
      Tracker.flush();
      connection.setUserId('u1');
      Tracker.flush();
      c.stop();
      assert.deepEqual(seen, ['connecting/-', 'connected/-', 'connected/u1']);
      assert.throws(() => connection.setUserId(5 as unknown as string), TypeError);
    });

    it('ready() re-runs a computation when the sub becomes ready', () => {
      const { connection, socket, handshake } = setup();
      handshake();
      const handle = connection.subscribe('room');
      const seen: boolean[] = [];
      const c = Tracker.autorun(() => seen.push(handle.ready()));
      socket().receive({ msg: 'ready', subs: [handle.subscriptionId] });
      Tracker.flush();
      c.stop();
      assert.deepEqual(seen, [false, true]);
    });

    it('reuses an identical sub when its computation re-runs, and stops one no longer asked for', () => {
      const { connection, socket, handshake } = setup();
      handshake();
      const dep = new Tracker.Dependency();
      let room = 'general';
      const c = Tracker.autorun(() => {
        dep.depend();
        connection.subscribe('room', room);
      });
      const [first] = socket().takeSent() as Array<{ id: string }>;
      dep.changed();
      Tracker.flush();
      assert.deepEqual(socket().takeSent(), [], 'same name and params: no unsub, no new sub');
      room = 'random';
      dep.changed();
      Tracker.flush();
      const frames = socket().takeSent() as Array<{ msg: string; id: string; params?: unknown[] }>;
      assert.deepEqual(frames.map((f) => f.msg).sort(), ['sub', 'unsub']);
      assert.equal(frames.find((f) => f.msg === 'unsub')?.id, first?.id);
      c.stop();
      Tracker.flush();
      assert.deepEqual(
        (socket().takeSent() as Array<{ msg: string }>).map((f) => f.msg),
        ['unsub'],
      );
    });
  });
});
