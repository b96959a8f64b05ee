import assert from 'node:assert/strict';
import SimpleSchema from 'simpl-schema';
import { MeteorError } from '@perseid/meteor-core';
import { defineMethod, installMethodHost, resetDefinedMethodsForTests } from './define-method';
import type { MethodArgs, MethodContext, MethodHost, MethodResult } from './define-method';
import { withArgumentAudit } from './argument-audit';

const ctx: MethodContext = { userId: 'u1', isSimulation: false, connection: null };

/** A host that calls handlers in-process, as a server would after the wire. */
function localHost(): MethodHost & { handlers: Map<string, (this: MethodContext, ...args: unknown[]) => unknown> } {
  const handlers = new Map<string, (this: MethodContext, ...args: unknown[]) => unknown>();
  return {
    handlers,
    register: (name, handler) => void handlers.set(name, handler),
    callAsync: async (name, args) => {
      const handler = handlers.get(name);
      if (handler === undefined) throw new MeteorError(404, `Method '${name}' not found`);
      return withArgumentAudit(name, handler).apply(ctx, args);
    },
  };
}

describe('defineMethod', () => {
  afterEach(() => resetDefinedMethodsForTests());

  it('validates and cleans the argument before run, with typed arguments and result', async () => {
    const host = localHost();
    const stop = installMethodHost(host);
    try {
      const send = defineMethod({
        name: 'messages.send',
        schema: new SimpleSchema({ roomId: String, text: { type: String, max: 10 } }),
        async run(this: MethodContext, args: { roomId: string; text: string }) {
          return { echoed: `${this.userId}:${args.roomId}:${args.text}` };
        },
      });
      const result: MethodResult<typeof send> = await send.callAsync({ roomId: 'r1', text: ' hi ' });
      assert.deepEqual(result, { echoed: 'u1:r1:hi' });
      const args: MethodArgs<typeof send> = { roomId: 'r', text: 't' };
      assert.ok(args);
      await assert.rejects(send.callAsync({ roomId: 'r1', text: 'much too long text' }), (e: unknown) => {
        return e instanceof MeteorError && e.error === 'validation-error' && Array.isArray(e.details) && (e.details as { name: string }[])[0]?.name === 'text';
      });
      await assert.rejects(host.callAsync('messages.send', ['not an object']), /one argument object/);
      await assert.rejects(host.callAsync('messages.send', [{ roomId: 'r', text: 't' }, 'extra']), /at most one argument/);
    } finally {
      stop.stop();
      stop.stop();
    }
  });

  it('registers methods defined before the host is installed', async () => {
    const ping = defineMethod({ name: 'ping', schema: null, run: () => 'pong' });
    const host = localHost();
    const handle = installMethodHost(host);
    try {
      assert.equal(await ping.callAsync(), 'pong');
      await assert.rejects(host.callAsync('ping', [{ unexpected: true }]), /takes no arguments/);
    } finally {
      handle.stop();
    }
  });

  it('refuses duplicate names and calls without a host', async () => {
    const m = defineMethod({ name: 'dup', schema: null, run: () => 1 });
    assert.throws(() => defineMethod({ name: 'dup', schema: null, run: () => 2 }), /already defined/);
    await assert.rejects(m.callAsync(), /no method host/);
  });
});
