import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { Random } from 'meteor/random';
import { ChatTestClient, errorCodeOf, eventually } from '/tests/helpers/chat-test-client';
import { MAX_UPLOAD_BYTES } from './collection';

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
    await ana.call('messages.send', { _id: Random.id(), channelId, text: '', fileId });
  });

  it('lets no cache answer a download for a user the server would refuse (another user, a removed member)', async () => {
    const ana = await ChatTestClient.signUp('ana');
    const bob = await ChatTestClient.signUp('bob');
    const eve = await ChatTestClient.signUp('eve');
    clients.push(ana, bob, eve);
    const channelId = await ana.call<string>('channels.create', { name: `c-${Random.id(6).toLowerCase()}`, kind: 'private' });
    await ana.call('channels.invite', { channelId, userIds: [bob.id] });
    const created = await upload(ana.token, channelId, new Uint8Array([137, 80, 78, 71, 5]));
    const { fileId } = (await created.json()) as { fileId: string };
    const get = (token: string | null, etag?: string) =>
      fetch(Meteor.absoluteUrl(`api/files/${fileId}`), { headers: { ...(token === null ? {} : { 'x-login-token': token }), ...(etag === undefined ? {} : { 'if-none-match': etag }) } });

    const first = await get(bob.token);
    assert.equal(first.status, 200);
    const cacheControl = (first.headers.get('cache-control') ?? '').split(',').map((d) => d.trim().toLowerCase());
    // Reusable only after the server re-checked access: never fresh for a while, never shared.
    assert.ok(cacheControl.includes('no-store') || cacheControl.includes('no-cache'), `cache-control: ${cacheControl.join(', ')}`);
    assert.ok(cacheControl.includes('private'));
    assert.ok(!cacheControl.some((d) => /^(s-)?max-age=[1-9]/.test(d)), `cache-control: ${cacheControl.join(', ')}`);
    const vary = (first.headers.get('vary') ?? '').toLowerCase();
    assert.match(vary, /x-login-token/);
    assert.match(vary, /authorization/);
    const etag = first.headers.get('etag');
    assert.ok(etag !== null, 'an ETag to revalidate against');

    // Revalidation re-checks access on every request.
    assert.equal((await get(bob.token, etag)).status, 304);
    assert.equal((await get(eve.token, etag)).status, 404);
    await ana.call('channels.removeMember', { channelId, userId: bob.id });
    const afterRemoval = await get(bob.token, etag);
    assert.equal(afterRemoval.status, 404);
    assert.equal(afterRemoval.headers.get('cache-control'), 'no-store');
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
