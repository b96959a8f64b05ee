import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { Random } from 'meteor/random';
import { ChatTestClient, errorCodeOf, eventually } from '/tests/helpers/chat-test-client';
import { MAX_UPLOAD_BYTES } from './collection';
import { newMessageId } from '../messages/message-id';

describe('file uploads over HTTP (server)', function () {
  this.timeout(20000);
  const clients: ChatTestClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  const upload = (token: string | null, channelId: string, body: Uint8Array<ArrayBuffer>, type = 'image/png') =>
    fetch(Meteor.absoluteUrl(`api/files?channelId=${channelId}&name=pic.png`), {
      method: 'POST',
      headers: { 'content-type': type, ...(token === null ? {} : { 'x-login-token': token }) },
      body: new Blob([body]),
    });

  it('stores an upload in GridFS and serves it only to channel members', async () => {
    const ana = await ChatTestClient.signUp('ana');
    const eve = await ChatTestClient.signUp('eve');
    clients.push(ana, eve);
    const channelId = await ana.call<string>('channels.create', { name: `f-${Random.id(6).toLowerCase()}`, kind: 'private' });
    const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3, 4]);
    const created = await upload(ana.token, channelId, bytes);
    assert.equal(created.status, 201);
    const { fileId } = (await created.json()) as { fileId: string };
    const mine = await fetch(Meteor.absoluteUrl(`api/files/${fileId}`), { headers: { 'x-login-token': ana.token ?? '' } });
    assert.equal(mine.status, 200);
    assert.deepEqual(new Uint8Array(await mine.arrayBuffer()), bytes);
    const theirs = await fetch(Meteor.absoluteUrl(`api/files/${fileId}`), { headers: { 'x-login-token': eve.token ?? '' } });
    assert.equal(theirs.status, 404);
    const anonymous = await fetch(Meteor.absoluteUrl(`api/files/${fileId}`));
    assert.equal(anonymous.status, 401);
    await ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: '', fileId });
  });

  it('refuses outsiders, wrong types and oversized files with clear errors', async () => {
    const ana = await ChatTestClient.signUp('ana');
    const eve = await ChatTestClient.signUp('eve');
    clients.push(ana, eve);
    const channelId = await ana.call<string>('channels.create', { name: `g-${Random.id(6).toLowerCase()}`, kind: 'private' });
    assert.equal((await upload(null, channelId, new Uint8Array([1]))).status, 401);
    assert.equal((await upload(eve.token, channelId, new Uint8Array([1]))).status, 403);
    const wrongType = await upload(ana.token, channelId, new Uint8Array([1]), 'text/html');
    assert.equal(wrongType.status, 415);
    assert.equal(((await wrongType.json()) as { error: string }).error, 'files.type-not-allowed');
    const big = await upload(ana.token, channelId, new Uint8Array(MAX_UPLOAD_BYTES + 1));
    assert.equal(big.status, 413);
    assert.equal((await upload(ana.token, channelId, new Uint8Array(0))).status, 400);
  });

  it('takes an avatar picture any signed-in user may see, set only by its uploader', async () => {
    const ana = await ChatTestClient.signUp('ana');
    const bob = await ChatTestClient.signUp('bob');
    clients.push(ana, bob);
    const png = new Uint8Array([137, 80, 78, 71, 9, 9]);
    const avatarUpload = (token: string | null, type = 'image/png') =>
      fetch(Meteor.absoluteUrl('api/files?purpose=avatar&name=me.png'), { method: 'POST', headers: { 'content-type': type, 'x-login-token': token ?? '' }, body: new Blob([png]) });
    const created = await avatarUpload(ana.token);
    assert.equal(created.status, 201);
    const { fileId } = (await created.json()) as { fileId: string };
    assert.equal((await avatarUpload(ana.token, 'application/pdf')).status, 415);
    assert.equal(await errorCodeOf(bob.call('users.setAvatar', { fileId })), 'chat.not-found');
    await ana.call('users.setAvatar', { fileId });
    await bob.subscribe('users.directory');
    await eventually('bob sees ana’s avatar id', () => bob.users.findOne({ _id: ana.id })?.profile?.avatarFileId === fileId);
    const seen = await fetch(Meteor.absoluteUrl(`api/files/${fileId}`), { headers: { 'x-login-token': bob.token ?? '' } });
    assert.equal(seen.status, 200);
    assert.equal((await fetch(Meteor.absoluteUrl(`api/files/${fileId}`))).status, 401);
  });
});
