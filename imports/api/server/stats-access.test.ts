import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { chatClientsPerTest } from '/tests/helpers/chat-test-client';
import { Users } from '../users/users-collection';

describe('GET /__perseid/stats (server wiring: login tokens and workspace admins)', function () {
  this.timeout(20000);
  const testClients = chatClientsPerTest();
  const stats = (token?: string) => fetch(Meteor.absoluteUrl('__perseid/stats'), token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

  it('shows the stats to workspace admins only, outside production too', async () => {
    assert.notEqual(process.env['NODE_ENV'], 'production');
    const [admin, member] = [await testClients.signUp('boss'), await testClients.signUp('member')];
    await Users.updateAsync({ _id: admin.id }, { $set: { roles: ['admin'] } });
    await Users.updateAsync({ _id: member.id }, { $set: { roles: [] } });

    assert.equal((await stats()).status, 401);
    assert.equal((await stats('not-a-login-token')).status, 401);
    const refused = await stats(member.token ?? '');
    assert.equal(refused.status, 403);
    assert.doesNotMatch(await refused.text(), /subscriptionsByName|mongo/);

    const granted = await stats(admin.token ?? '');
    assert.equal(granted.status, 200);
    const text = await granted.text();
    assert.match(text, /"subscriptionsByName"/);
    assert.doesNotMatch(text, /:\/\/[^/"@]*:[^/"@]*@/, 'no URL with user:password');
  });
});
