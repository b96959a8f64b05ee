import assert from 'node:assert/strict';
import { Subscription, type SubscriptionHost } from './subscription';
import type { PublishableCursor } from './publishable-cursor';

function fakeHost(accounting = true) {
  const events: string[] = [];
  const host: SubscriptionHost = {
    connection: null,
    userId: 'u1',
    added: (_sub, collection, id, fields) => void events.push(`added ${collection}/${id} ${JSON.stringify(fields)}`),
    changed: (_sub, collection, id, fields) => void events.push(`changed ${collection}/${id} ${JSON.stringify(fields)}`),
    removed: (_sub, collection, id) => void events.push(`removed ${collection}/${id}`),
    accounts: () => accounting,
    heldBy: () => [],
    sendReady: (sub) => void events.push(`ready ${sub.id}`),
    sendNosub: (sub, error) => void events.push(`nosub ${sub.id}${error ? ` ${(error as Error).message}` : ''}`),
    forget: (sub) => void events.push(`forget ${sub.id}`),
    reportError: (context) => void events.push(`error ${context}`),
  };
  return { host, events };
}

describe('Subscription', () => {
  it('sends ready once, however often the handler calls it', async () => {
    const { host, events } = fakeHost();
    const sub = new Subscription(
      host,
      function (this: Subscription) {
        this.ready();
        this.ready();
      },
      's1',
      'pub',
      [],
    );
    await sub.run();
    assert.deepEqual(events, ['ready s1']);
    assert.equal(sub.state, 'ready');
  });

  it('stop() is safe to call twice and runs onStop callbacks once', async () => {
    const { host, events } = fakeHost();
    let stops = 0;
    const sub = new Subscription(
      host,
      function (this: Subscription) {
        this.onStop(() => {
          stops += 1;
        });
      },
      's1',
      'pub',
      [],
    );
    await sub.run();
    sub.stop();
    sub.stop();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(stops, 1);
    assert.deepEqual(events, ['forget s1', 'nosub s1']);
  });

  it('runs an onStop registered after the end at once', async () => {
    const { host } = fakeHost();
    const sub = new Subscription(host, () => undefined, 's1', 'pub', []);
    await sub.deactivate();
    let ran = false;
    sub.onStop(() => {
      ran = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(ran, true);
  });

  it('ignores data calls once deactivated (late observer callbacks)', async () => {
    const { host, events } = fakeHost();
    const sub = new Subscription(host, () => undefined, 's1', 'pub', []);
    await sub.deactivate();
    sub.added('c', 'x', { a: 1 });
    sub.changed('c', 'x', { a: 2 });
    sub.removed('c', 'x');
    sub.ready();
    assert.deepEqual(events, []);
  });

  it('removes exactly its documents when unsubscribed, and none without accounting', async () => {
    const { host, events } = fakeHost();
    const sub = new Subscription(
      host,
      function (this: Subscription) {
        this.added('c', 'a', {});
        this.added('c', 'b', {});
        this.removed('c', 'a');
      },
      's1',
      'pub',
      [],
    );
    await sub.run();
    events.length = 0;
    await sub.removeAllDocumentsAndDeactivate();
    assert.deepEqual(events, ['removed c/b']);

    const noHistory = fakeHost(false);
    const fireAndForget = new Subscription(
      noHistory.host,
      function (this: Subscription) {
        this.added('c', 'a', {});
      },
      's2',
      'pub',
      [],
    );
    await fireAndForget.run();
    noHistory.events.length = 0;
    await fireAndForget.removeAllDocumentsAndDeactivate();
    assert.deepEqual(noHistory.events, []);
  });

  it('rejects a result that is not a cursor or an array of cursors', async () => {
    const { host, events } = fakeHost();
    await new Subscription(host, () => ({ not: 'a cursor' }), 's1', 'pub', []).run();
    assert.deepEqual(events, ['forget s1', 'nosub s1 Publish function can only return a Cursor or an array of Cursors']);
  });

  it('stops a cursor handle that resolves after the subscription ended', async () => {
    const { host } = fakeHost();
    let stopped = 0;
    let resolveHandle: (handle: { stop(): void }) => void = () => {};
    const cursor: PublishableCursor = {
      _getCollectionName: () => 'c',
      _publishCursor: () => new Promise((resolve) => (resolveHandle = resolve)),
    };
    const sub = new Subscription(host, () => cursor, 's1', 'pub', []);
    const running = sub.run();
    await new Promise((resolve) => setImmediate(resolve));
    await sub.deactivate();
    resolveHandle({ stop: () => void (stopped += 1) });
    await running;
    assert.equal(stopped, 1);
  });
  it('takes its documents back before its onStop callbacks run, so a session ending meanwhile sees no removal', async () => {
    const { host, events } = fakeHost();
    let releaseStop: () => void = () => {};
    const sub = new Subscription(
      host,
      function (this: Subscription) {
        this.added('c', 'a', {});
        this.onStop(() => {
          events.push('onStop');
          return new Promise<void>((resolve) => (releaseStop = resolve));
        });
      },
      's1',
      'pub',
      [],
    );
    await sub.run();
    events.length = 0;
    const unsubscribed = sub.removeAllDocumentsAndDeactivate();
    assert.deepEqual(events, ['removed c/a', 'onStop']);
    // The session closing now (deactivating every subscription) must not remove anything again.
    await Promise.all([sub.deactivate(), sub.removeAllDocumentsAndDeactivate()]);
    releaseStop();
    await unsubscribed;
    assert.deepEqual(events, ['removed c/a', 'onStop']);
  });

  it('stop() and error() withdraw the published documents before nosub, as Meteor does', async () => {
    for (const end of ['stop', 'error'] as const) {
      const { host, events } = fakeHost();
      const sub = new Subscription(
        host,
        function (this: Subscription) {
          this.added('c', 'a', { x: 1 });
          this.ready();
        },
        's1',
        'pub',
        [],
      );
      await sub.run();
      events.length = 0;
      if (end === 'stop') sub.stop();
      else sub.error(new Error('gone'));
      assert.deepEqual(events, ['forget s1', 'removed c/a', end === 'stop' ? 'nosub s1' : 'nosub s1 gone']);
    }
  });

  it('forgets its documents when deactivated without removal (its mergebox was reset)', async () => {
    const { host, events } = fakeHost();
    const sub = new Subscription(
      host,
      function (this: Subscription) {
        this.added('c', 'a', {});
      },
      's1',
      'pub',
      [],
    );
    await sub.run();
    events.length = 0;
    await sub.deactivate();
    await sub.removeAllDocumentsAndDeactivate();
    assert.deepEqual(events, []);
  });
});
