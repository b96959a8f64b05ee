import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { ClientCollection } from 'meteor/mongo';
import { Random } from 'meteor/random';
import { chatClientsPerTest, errorCodeOf, eventually } from '/tests/helpers/chat-test-client';
import type { ChatTestClient } from '/tests/helpers/chat-test-client';
import { Users } from '../../users/users-collection';
import { Files } from '../../files/collection';
import { Messages } from '../../messages/collection';
import { newMessageId } from '../../messages/message-id';
import type { CustomEmoji } from '../collection';
import { MAX_CUSTOM_EMOJI_BYTES } from '../collection';

const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13]);

function uploadEmoji(client: ChatTestClient, body: Uint8Array<ArrayBuffer> = PNG, type = 'image/png'): Promise<Response> {
  return fetch(Meteor.absoluteUrl('api/files?purpose=emoji&name=e.png'), {
    method: 'POST',
    headers: { 'content-type': type, 'x-login-token': client.token ?? '' },
    body: new Blob([body]),
  });
}

async function uploadedId(client: ChatTestClient): Promise<string> {
  const response = await uploadEmoji(client);
  assert.equal(response.status, 201);
  return ((await response.json()) as { fileId: string }).fileId;
}

const uniqueEmojiName = (prefix: string): string => `${prefix}-${Random.id(6).toLowerCase()}`;

describe('custom emoji (server)', function () {
  this.timeout(20000);
  const clients = chatClientsPerTest();

  async function admin(): Promise<ChatTestClient> {
    const client = await clients.signUp('adm');
    await Users.updateAsync({ _id: client.id }, { $set: { roles: ['admin'] } });
    return client;
  }

  it('lets only admins upload and add custom emoji, and validates names and images', async () => {
    const ada = await admin();
    const bob = await clients.signUp('bob');
    const refused = await uploadEmoji(bob);
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { error: string }).error, 'files.forbidden');
    const fileId = await uploadedId(ada);
    assert.equal(await errorCodeOf(bob.call('emoji.add', { name: uniqueEmojiName('nope'), fileId })), 'chat.forbidden');
    for (const name of ['Party', 'has space', ':colon:', '', 'x'.repeat(33), 'émoji']) {
      assert.equal(await errorCodeOf(ada.call('emoji.add', { name, fileId })), 'validation-error', name);
    }
    assert.equal((await uploadEmoji(ada, PNG, 'application/pdf')).status, 415);
    assert.equal((await uploadEmoji(ada, new Uint8Array(MAX_CUSTOM_EMOJI_BYTES + 1))).status, 413);
    const attachment = await fetch(Meteor.absoluteUrl('api/files?purpose=avatar&name=a.png'), {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'x-login-token': ada.token ?? '' },
      body: new Blob([PNG]),
    });
    const avatarId = ((await attachment.json()) as { fileId: string }).fileId;
    assert.equal(
      await errorCodeOf(ada.call('emoji.add', { name: uniqueEmojiName('av'), fileId: avatarId })),
      'chat.not-found',
      'an avatar upload is not an emoji image',
    );

    const name = uniqueEmojiName('party');
    await ada.call('emoji.add', { name, fileId });
    assert.equal((await Files.findOneAsync({ _id: fileId }))?.state, 'in-use');
    // Anyone signed in may fetch the image.
    const image = await fetch(Meteor.absoluteUrl(`api/files/${fileId}`), { headers: { 'x-login-token': bob.token ?? '' } });
    assert.equal(image.status, 200);
    assert.equal(await errorCodeOf(bob.call('emoji.remove', { name })), 'chat.forbidden');
    await ada.call('emoji.remove', { name });
    assert.equal(await Files.findOneAsync({ _id: fileId }), undefined, 'the image is deleted with the emoji');
    assert.equal(await errorCodeOf(ada.call('emoji.remove', { name })), 'chat.not-found');
  });

  it('keeps names unique, also for two adds at once', async () => {
    const ada = await admin();
    const name = uniqueEmojiName('dup');
    const [first, second] = [await uploadedId(ada), await uploadedId(ada)];
    const results = await Promise.allSettled([ada.call('emoji.add', { name, fileId: first }), ada.call('emoji.add', { name, fileId: second })]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const rejected = results.find((r) => r.status === 'rejected');
    assert.equal(await errorCodeOf(Promise.reject(rejected?.reason)), 'chat.emoji-name-taken');
    const third = await uploadedId(ada);
    assert.equal(await errorCodeOf(ada.call('emoji.add', { name, fileId: third })), 'chat.emoji-name-taken');
  });

  it('accepts a reaction `:name:` only for an existing custom emoji, and no other colon form', async () => {
    const ada = await admin();
    const channelId = await ada.call<string>('channels.create', { name: `e-${Random.id(6).toLowerCase()}`, kind: 'public' });
    const messageId = newMessageId(ada.id);
    await ada.call('messages.send', { _id: messageId, channelId, text: 'react to me' });
    const name = uniqueEmojiName('yay');
    assert.equal(await errorCodeOf(ada.call('messages.react', { messageId, emoji: `:${name}:` })), 'chat.not-found');
    for (const emoji of [`:${name}`, 'a:b', `:${name.toUpperCase()}:`, `::`]) {
      assert.equal(await errorCodeOf(ada.call('messages.react', { messageId, emoji })), 'validation-error', emoji);
    }
    await ada.call('emoji.add', { name, fileId: await uploadedId(ada) });
    await ada.call('messages.react', { messageId, emoji: `:${name}:` });
    await ada.call('messages.react', { messageId, emoji: '🎉' });
    const stored = await Messages.findOneAsync({ _id: messageId });
    assert.deepEqual(
      stored?.reactions?.map((r) => r.emoji),
      [`:${name}:`, '🎉'],
    );
  });

  it('publishes the list to signed-in users only, live as admins add and remove', async () => {
    const ada = await admin();
    const bob = await clients.signUp('bob');
    const emoji = new ClientCollection<CustomEmoji>('customEmoji', { connection: bob.connection, defineMutationMethods: false });
    await bob.subscribe('emoji.custom');
    const name = uniqueEmojiName('live');
    await ada.call('emoji.add', { name, fileId: await uploadedId(ada) });
    await eventually('bob sees the new emoji', () => emoji.findOne({ name }) !== undefined);
    assert.deepEqual(Object.keys(emoji.findOne({ name }) ?? {}).sort(), ['_id', 'createdAt', 'fileId', 'name']);
    await ada.call('emoji.remove', { name });
    await eventually('bob sees it withdrawn', () => emoji.findOne({ name }) === undefined);

    const anonymous = clients.connect();
    const seen = new ClientCollection<CustomEmoji>('customEmoji', { connection: anonymous.connection, defineMutationMethods: false });
    await ada.call('emoji.add', { name: uniqueEmojiName('anon'), fileId: await uploadedId(ada) });
    await anonymous.subscribe('emoji.custom');
    assert.equal(seen.find({}).count(), 0);
  });
});
