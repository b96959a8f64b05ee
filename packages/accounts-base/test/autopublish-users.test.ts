import assert from 'node:assert/strict';
import { digestPassword } from '../src/index';
import { startAccountsFixture, type AccountsFixture } from './accounts-fixture';
import { eventually } from '../../../tests/helpers/eventually';
import { resetAutopublishPackageForTests } from '../../ddp-server/src/autopublish';

describe('autopublish and Meteor.users (real DDP)', function () {
  this.timeout(30_000);
  let fx: AccountsFixture;

  afterEach(async () => {
    resetAutopublishPackageForTests();
    await fx.stop();
  });

  async function signUp(name: string): Promise<string> {
    const client = await fx.connect();
    const login = (await client.call('createUser', {
      username: name,
      email: `${name}@example.com`,
      password: await digestPassword('pw'),
      profile: { name },
    })) as { id: string };
    return login.id;
  }

  it("every client sees the other users' username and profile only, and its own emails", async () => {
    fx = await startAccountsFixture({ rateLimit: false, autopublish: true });
    const aliceId = await signUp('alice');
    const anonymous = await fx.connect();
    await eventually("the signed-out client gets alice's document", () => anonymous.collection(fx.usersName).has(aliceId));
    assert.deepEqual(anonymous.collection(fx.usersName).get(aliceId), { username: 'alice', profile: { name: 'alice' } });

    const bob = await fx.connect();
    const bobId = (await bob.call('createUser', { username: 'bob', email: 'bob@example.com', password: await digestPassword('pw') })) as { id: string };
    await eventually(
      "bob gets alice's document and his own emails",
      () => bob.collection(fx.usersName).has(aliceId) && bob.collection(fx.usersName).get(bobId.id)?.['emails'] !== undefined,
    );
    assert.deepEqual(bob.collection(fx.usersName).get(aliceId), { username: 'alice', profile: { name: 'alice' } });
    assert.equal((bob.collection(fx.usersName).get(bobId.id)?.['emails'] as { address: string }[] | undefined)?.[0]?.address, 'bob@example.com');
    assert.ok(!JSON.stringify([...bob.collection(fx.usersName)]).includes('services'));
  });

  it('without autopublish no client sees another user', async () => {
    fx = await startAccountsFixture({ rateLimit: false });
    const aliceId = await signUp('alice');
    const bob = await fx.connect();
    const bobId = (await bob.call('createUser', { username: 'bob', email: 'bob@example.com', password: await digestPassword('pw') })) as { id: string };
    await eventually('bob gets his own document', () => bob.collection(fx.usersName).has(bobId.id));
    assert.equal(bob.collection(fx.usersName).has(aliceId), false);
  });
});
