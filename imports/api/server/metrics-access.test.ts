import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { chatClientsPerTest } from '/tests/helpers/chat-test-client';
import { Users } from '../users/users-collection';

/** `name{labels} value` of one series of a Prometheus text exposition (labels written as sent). */
function series(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe("GET /__perseid/metrics (server wiring: the stats route's admin check, the app's traffic)", function () {
  this.timeout(20000);
  const testClients = chatClientsPerTest();
  const metrics = (token?: string) =>
    fetch(Meteor.absoluteUrl('__perseid/metrics'), token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

  it('shows workspace admins the sessions, subscriptions, method latencies, observers and logins of the app, and no one else', async () => {
    const [admin, member] = [await testClients.signUp('boss'), await testClients.signUp('member')];
    await Users.updateAsync({ _id: admin.id }, { $set: { roles: ['admin'] } });
    await Users.updateAsync({ _id: member.id }, { $set: { roles: [] } });
    await member.subscribe('channels.mine');

    assert.equal((await metrics()).status, 401);
    assert.equal((await metrics('not-a-login-token')).status, 401);
    const refused = await metrics(member.token ?? '');
    assert.equal(refused.status, 403);
    assert.doesNotMatch(await refused.text(), /perseid_/);

    const granted = await metrics(admin.token ?? '');
    assert.equal(granted.status, 200);
    assert.match(granted.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await granted.text();
    assert.ok((series(text, 'perseid_sessions', '{state="attached"}') ?? 0) >= 2);
    assert.ok((series(text, 'perseid_subscriptions', '{publication="channels.mine"}') ?? 0) >= 1);
    assert.ok((series(text, 'perseid_method_duration_seconds_count', '{method="createUser",outcome="ok"}') ?? 0) >= 2);
    assert.ok((series(text, 'perseid_observers', '{driver="changeStreams"}') ?? 0) >= 1);
    assert.ok((series(text, 'perseid_login_attempts_total') ?? 0) >= 2);
    assert.ok(series(text, 'nodejs_eventloop_lag_p99_seconds') !== undefined);
  });
});
