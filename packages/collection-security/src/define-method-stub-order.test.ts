/**
 * A defined method's client stub over a real DDP client connection (fake socket): when `run`
 * returns a value, the method frame leaves before work the stub's writes scheduled for later
 * (a page renders a write's change in a microtask, as React does for a store it reads), so a
 * person's keystroke reaches the server without waiting for their own screen to update.
 */
import assert from 'node:assert/strict';
import SimpleSchema from 'simpl-schema';
import { Connection } from '../../ddp-client/src/connection';
import { ManualTimers } from '../../ddp-common/test/manual-timers';
import { FakeTransport } from '../../ddp-client/test/fake-transport';
import { defineMethod, installMethodHost, resetDefinedMethodsForTests } from './define-method';
import type { MethodContext } from './define-method';

function connectedClient(): { connection: Connection; sent(): unknown[]; stop(): void } {
  const transport = new FakeTransport();
  const connection = new Connection('http://server', { transport, timers: new ManualTimers(), fraction: () => 0.5, heartbeatInterval: 0, log: () => {} });
  transport.last.open();
  transport.last.receive({ msg: 'connected', session: 'S1' });
  transport.last.takeSent();
  const host = installMethodHost({
    register: (name, handler) => connection.methods({ [name]: handler }),
    callAsync: (name, args) => connection.applyAsync(name, args),
  });
  return { connection, sent: () => transport.last.takeSent(), stop: () => host.stop() };
}

const methodFrames = (frames: unknown[]): unknown[] => frames.filter((f) => (f as { msg?: string }).msg === 'method');

describe('defineMethod stubs and the method frame (DDP client, fake socket)', () => {
  afterEach(() => resetDefinedMethodsForTests());

  it('a stub that returns a value sends the frame before the render its write scheduled', async () => {
    const client = connectedClient();
    try {
      let seenByRender: unknown[] | undefined;
      const send = defineMethod<{ text: string }, string>({
        name: 'notes.send',
        schema: new SimpleSchema({ text: String }),
        run(this: MethodContext, { text }) {
          if (this.isSimulation) {
            // What the page does when the stub's write lands in a store it reads.
            queueMicrotask(() => {
              seenByRender = methodFrames(client.sent());
            });
            return 'local';
          }
          return Promise.resolve(text);
        },
      });
      const call = send.callAsync({ text: 'hi' });
      call.catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 0));
      assert.deepEqual(seenByRender, [{ msg: 'method', id: '1', method: 'notes.send', params: [{ text: 'hi' }] }]);
    } finally {
      client.stop();
      client.connection.close();
    }
  });

  it('a refusal in the stub still sends the call (the server decides), and an async stub still runs whole before it', async () => {
    const client = connectedClient();
    try {
      const order: string[] = [];
      const strict = defineMethod<{ n: number }, number>({
        name: 'notes.strict',
        schema: new SimpleSchema({ n: Number }),
        run(this: MethodContext, { n }) {
          if (this.isSimulation && n < 0) throw new Error('negative');
          return n;
        },
      });
      const slow = defineMethod<{ n: number }, number>({
        name: 'notes.slow',
        schema: new SimpleSchema({ n: Number }),
        async run(this: MethodContext, { n }) {
          await Promise.resolve();
          order.push('slow stub done');
          return n;
        },
      });
      strict.callAsync({ n: -1 }).catch(() => {});
      slow.callAsync({ n: 2 }).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 0));
      order.push(...methodFrames(client.sent()).map((f) => (f as { method: string }).method));
      assert.deepEqual(order, ['slow stub done', 'notes.strict', 'notes.slow']);
    } finally {
      client.stop();
      client.connection.close();
    }
  });
});
