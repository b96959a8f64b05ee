/**
 * `meteor run`'s supervisor stopping its server child (a restart on a file change, Ctrl-C):
 * it waits for the drain bound the server itself states (PERSEID_SHUTDOWN_TIMEOUT_MS), so a
 * method still running when the stop begins answers its caller before the server exits 0.
 */
import assert from 'node:assert/strict';
import { ServerSupervisor } from '../src/app/server-supervisor';
import { startServerChild, DEFAULT_KILL_GRACE_MS, type StartedChild } from '../src/server/child-process';
import { appServerEnv, chatClient, CLUSTER_APP, probeUntil, RestartableDatabase, subscribed } from './cluster-fixture';

describe('meteor run supervisor stopping its server', function () {
  this.timeout(60_000);
  const db = new RestartableDatabase();
  before(() => db.start());
  after(() => db.remove());

  it('waits for the server’s own drain bound, longer than its default grace: the running method answers, exit 0', async () => {
    // A drain bound, and a method outlasting the supervisor's default grace but within that bound.
    const boundMs = DEFAULT_KILL_GRACE_MS + 4_000;
    const methodMs = DEFAULT_KILL_GRACE_MS + 1_500;
    const children: StartedChild[] = [];
    const supervisor = new ServerSupervisor(
      () => {
        const child = startServerChild(appServerEnv(db.url, { PERSEID_SHUTDOWN_TIMEOUT_MS: String(boundMs) }), CLUSTER_APP);
        children.push(child);
        return child;
      },
      { ready: () => undefined, crashed: () => undefined },
    );
    const report = await supervisor.start();
    assert.ok(report.type === 'ready' && report.port !== undefined, JSON.stringify(report));
    const url = `ws://127.0.0.1:${report.port}/websocket`;
    const client = chatClient(() => url);
    try {
      await subscribed(client, 'slow');
      let answer: unknown = 'no answer';
      const call = client.connection.callAsync('slow', methodMs).then((result) => (answer = result));
      void call.catch(() => undefined);
      await probeUntil(
        'slow call running',
        () => client.messages.find({ room: 'slow', text: `started ${methodMs}` }).count(),
        (n) => n > 0,
      );
      await supervisor.stop();
      assert.equal(await children[0]?.exited, 'code 0', 'the server finished its drain and exited by itself');
      assert.equal(answer, `waited ${methodMs} ms`);
    } finally {
      client.close();
      await supervisor.stop();
    }
  });
});
