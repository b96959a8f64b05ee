import assert from 'node:assert/strict';
import { bindEnvironment } from './bind-environment';
import { setDebugSink } from './debug';
import { createSyncEnvironmentBackend, setEnvironmentBackend, type EnvironmentBackend } from './environment-backend';
import { EnvironmentVariable } from './environment-variable';

describe('bindEnvironment', () => {
  let previousBackend: EnvironmentBackend;
  let previousSink: ReturnType<typeof setDebugSink>;
  let logged: unknown[][];
  beforeEach(() => {
    previousBackend = setEnvironmentBackend(createSyncEnvironmentBackend());
    logged = [];
    previousSink = setDebugSink((...args) => logged.push(args));
  });
  afterEach(() => {
    setEnvironmentBackend(previousBackend);
    setDebugSink(previousSink);
  });

  it('runs the function later with the values captured when it was bound', () => {
    const user = new EnvironmentVariable<string>();
    const bound = user.withValue('u1', () => bindEnvironment((suffix: string) => `${user.get()}${suffix}`));
    assert.equal(user.get(), undefined);
    assert.equal(bound('!'), 'u1!');
  });

  it('logs an exception with its description instead of throwing', () => {
    const error = new Error('bad');
    const bound = bindEnvironment(() => {
      throw error;
    }, 'my callback');
    assert.equal(bound(), undefined);
    assert.deepEqual(logged, [['Exception in my callback:', error]]);
  });

  it("uses Meteor's default description when none is given", () => {
    bindEnvironment(() => {
      throw new Error('x');
    })();
    assert.equal(logged[0]?.[0], 'Exception in callback of async function:');
  });

  it('passes exceptions to a handler function', () => {
    const seen: unknown[] = [];
    bindEnvironment(
      () => {
        throw new Error('h');
      },
      (e) => seen.push(e),
    )();
    assert.equal((seen[0] as Error).message, 'h');
    assert.deepEqual(logged, []);
  });

  it('reports a rejected promise to the handler and resolves undefined', async () => {
    const seen: unknown[] = [];
    const result = await bindEnvironment(
      async () => {
        throw new Error('async');
      },
      (e) => seen.push(e),
    )();
    assert.equal(result, undefined);
    assert.equal((seen[0] as Error).message, 'async');
  });

  it('uses thisArg when given, else the call-site this', () => {
    const target = { n: 1 };
    const bound = bindEnvironment(
      function (this: { n: number }) {
        return this.n;
      },
      undefined,
      target,
    );
    assert.equal(bound(), 1);
    const holder = {
      n: 2,
      read: bindEnvironment(function (this: { n: number }) {
        return this.n;
      }),
    };
    assert.equal(holder.read(), 2);
  });

  it('rejects bad arguments clearly', () => {
    assert.throws(() => bindEnvironment(5 as unknown as () => void), /expects a function/);
    assert.throws(() => bindEnvironment(() => 1, 5 as unknown as string), /onException argument must be a function, string or undefined/);
  });
});
