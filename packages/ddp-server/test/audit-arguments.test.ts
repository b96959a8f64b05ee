import assert from 'node:assert/strict';
import { check } from '@perseid/check';
import type { Subscription } from '../src/index';
import { msg, RawClient, startTestServer, type Frame, type TestServer } from './helpers';

describe('auditArgumentChecks', function () {
  this.timeout(20_000);
  let t: TestServer;
  let client: RawClient;
  beforeEach(async () => {
    t = await startTestServer({ auditArgumentChecks: true });
    t.server.methods({
      checked(text: unknown) {
        check(text, String);
        return 'ok';
      },
      unchecked: (text: unknown) => text,
    });
    t.server.publish('checkedPub', function (this: Subscription, room: unknown) {
      check(room, String);
      this.ready();
    });
    t.server.publish('uncheckedPub', function (this: Subscription) {
      this.ready();
    });
    ({ client } = await RawClient.connect(t.url));
  });
  afterEach(async () => {
    await client.close();
    await t.close();
  });

  it('lets methods that check every argument run, and fails the others with 500', async () => {
    client.send({ msg: 'method', id: '1', method: 'checked', params: ['hi'] });
    assert.equal((await client.next(msg('result')))['result'], 'ok');
    client.send({ msg: 'method', id: '2', method: 'unchecked', params: ['hi'] });
    const failed = await client.next(msg('result'));
    assert.equal((failed['error'] as Frame)['error'], 500);
    assert.ok(t.logged.some((entry) => String((entry.error as Error)?.message).includes('Did not check() all arguments')));
  });

  it('applies to publications too', async () => {
    client.send({ msg: 'sub', id: 'a', name: 'checkedPub', params: ['r'] });
    await client.next(msg('ready'));
    client.send({ msg: 'sub', id: 'b', name: 'uncheckedPub', params: ['r'] });
    const nosub = await client.next(msg('nosub'));
    assert.equal((nosub['error'] as Frame)['error'], 500);
  });
});
