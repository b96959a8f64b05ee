import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { Random } from 'meteor/random';
import { ChatTestClient, chatClientsPerTest, errorCodeOf, eventually } from '/tests/helpers/chat-test-client';
import { Files, MAX_UPLOAD_BYTES } from '../collection';
import { BUCKET } from './file-store';
import { newUploadQuota, useUploadQuota } from './file-routes';
import { OrphanSweep } from './orphan-sweep';
import { newMessageId } from '../../messages/message-id';

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

  it('answers each refusal of the file routes with its catalogue code', async () => {
    const ana = await ChatTestClient.signUp('ana');
    const eve = await ChatTestClient.signUp('eve');
    clients.push(ana, eve);
    const channelId = await ana.call<string>('channels.create', { name: `r-${Random.id(6).toLowerCase()}`, kind: 'private' });
    const codeOf = async (response: Response): Promise<[number, string]> => [response.status, ((await response.json()) as { error: string }).error];
    assert.deepEqual(await codeOf(await upload(ana.token, 'not an id!', new Uint8Array([1]))), [400, 'files.invalid']);
    assert.deepEqual(await codeOf(await upload(ana.token, channelId, new Uint8Array([]))), [400, 'files.empty']);
    assert.deepEqual(await codeOf(await upload(eve.token, channelId, new Uint8Array([137, 80, 78, 71]))), [403, 'files.not-member']);
    const unknown = await fetch(Meteor.absoluteUrl(`api/files/${Random.id()}`), { headers: { 'x-login-token': ana.token ?? '' } });
    assert.deepEqual(await codeOf(unknown), [404, 'files.not-found']);
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
      fetch(Meteor.absoluteUrl(`api/files/${fileId}`), {
        headers: { ...(token === null ? {} : { 'x-login-token': token }), ...(etag === undefined ? {} : { 'if-none-match': etag }) },
      });

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
    const anonymous = await upload(null, channelId, new Uint8Array([1]));
    assert.equal(anonymous.status, 401);
    assert.equal(((await anonymous.json()) as { error: string }).error, 'files.not-logged-in');
    assert.equal(anonymous.headers.get('connection'), 'close', 'the unread body of a refused upload is not drained');
    const anonymousDownload = await fetch(Meteor.absoluteUrl('api/files/abcdefghijklmnopq'));
    assert.equal(anonymousDownload.status, 401);
    assert.equal(anonymousDownload.headers.get('cache-control'), 'no-store');
    assert.equal((await upload(eve.token, channelId, new Uint8Array([1]))).status, 403);
    const wrongType = await upload(ana.token, channelId, new Uint8Array([1]), 'text/html');
    assert.equal(wrongType.status, 415);
    assert.equal(((await wrongType.json()) as { error: string }).error, 'files.type-not-allowed');
    const big = await upload(ana.token, channelId, new Uint8Array(MAX_UPLOAD_BYTES + 1));
    assert.equal(big.status, 413);
    assert.equal((await upload(ana.token, channelId, new Uint8Array(0))).status, 400);
  });

  it('answers HEAD with the download’s status and headers, without reading the file’s bytes', async () => {
    const ana = await ChatTestClient.signUp('ana');
    const eve = await ChatTestClient.signUp('eve');
    clients.push(ana, eve);
    const channelId = await ana.call<string>('channels.create', { name: `h-${Random.id(6).toLowerCase()}`, kind: 'private' });
    const created = await upload(ana.token, channelId, new Uint8Array(3000).fill(5));
    const { fileId } = (await created.json()) as { fileId: string };
    const request = (method: 'GET' | 'HEAD', token: string | null) =>
      fetch(Meteor.absoluteUrl(`api/files/${fileId}`), {
        method,
        headers: token === null ? {} : { 'x-login-token': token },
        signal: AbortSignal.timeout(5000),
      });
    /** What describes the file and its caching (the per-response CSP nonce, date and connection differ). */
    const headersOf = (response: Response) => ({
      status: response.status,
      ...Object.fromEntries(
        ['content-type', 'content-length', 'content-disposition', 'cache-control', 'vary', 'etag'].map((name) => [name, response.headers.get(name)]),
      ),
    });
    const get = await request('GET', ana.token);
    assert.equal((await get.arrayBuffer()).byteLength, 3000);
    const head = await request('HEAD', ana.token);
    assert.deepEqual(headersOf(head), headersOf(get));
    assert.equal(head.headers.get('content-length'), '3000');
    assert.equal((await head.arrayBuffer()).byteLength, 0);
    assert.deepEqual(headersOf(await request('HEAD', eve.token)), headersOf(await request('GET', eve.token)));
    assert.equal((await request('HEAD', eve.token)).status, 404);
    assert.equal((await request('HEAD', null)).status, 401);

    // With its one chunk renumbered, a download stream fails at its first read (the driver's
    // ChunkIsMissing); a HEAD that opened one could not answer 200, so HEAD never reads the bytes.
    await Files.rawDatabase()
      .collection(`${BUCKET}.chunks`)
      .updateOne({ files_id: fileId, n: 0 }, { $set: { n: 7 } });
    const headWithoutBytes = await request('HEAD', ana.token);
    assert.equal(headWithoutBytes.status, 200);
    assert.equal(headWithoutBytes.headers.get('content-length'), '3000');
    assert.equal(headWithoutBytes.headers.get('etag'), get.headers.get('etag'));
  });

  it('takes an avatar picture any signed-in user may see, set only by its uploader', async () => {
    const ana = await ChatTestClient.signUp('ana');
    const bob = await ChatTestClient.signUp('bob');
    clients.push(ana, bob);
    const png = new Uint8Array([137, 80, 78, 71, 9, 9]);
    const avatarUpload = (token: string | null, type = 'image/png') =>
      fetch(Meteor.absoluteUrl('api/files?purpose=avatar&name=me.png'), {
        method: 'POST',
        headers: { 'content-type': type, 'x-login-token': token ?? '' },
        body: new Blob([png]),
      });
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

describe('upload limits and orphaned files (server, over HTTP)', function () {
  this.timeout(20000);
  const testClients = chatClientsPerTest();

  /** A clock the upload limits read instead of the wall clock, installed for one test. */
  let clock = 1_000_000_000;
  let restore: (() => void) | null = null;
  const installQuota = (options: Parameters<typeof newUploadQuota>[0] = {}) => {
    const previous = useUploadQuota(newUploadQuota({ now: () => clock, ...options }));
    restore = () => useUploadQuota(previous);
  };
  afterEach(() => {
    restore?.();
    restore = null;
  });

  const target = (channelId: string | null) => (channelId === null ? 'purpose=avatar&name=me.png' : `channelId=${channelId}&name=f.png`);
  const upload = (token: string | null, channelId: string | null, bytes: number) =>
    fetch(Meteor.absoluteUrl(`api/files?${target(channelId)}`), {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'x-login-token': token ?? '' },
      body: new Blob([new Uint8Array(bytes).fill(7)]),
    });
  /** A body with no Content-Length that never ends: only a server reading it as it streams can answer. */
  const endlessUpload = (token: string | null, channelId: string) =>
    fetch(Meteor.absoluteUrl(`api/files?${target(channelId)}`), {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'x-login-token': token ?? '' },
      body: new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(new Uint8Array(64 * 1024).fill(9));
        },
      }),
      duplex: 'half',
    } as RequestInit);
  const fileIdOf = async (response: Response) => {
    assert.equal(response.status, 201, await response.clone().text());
    return ((await response.json()) as { fileId: string }).fileId;
  };
  const refusal = async (response: Response) => ({ status: response.status, ...((await response.json()) as { error: string; reason: string }) });
  const gridFs = async () => {
    const db = Files.rawDatabase();
    return { files: await db.collection(`${BUCKET}.files`).countDocuments({}), chunks: await db.collection(`${BUCKET}.chunks`).countDocuments({}) };
  };
  /** Whether anything of the file is left: metadata, GridFS entry or chunks. */
  const remnants = async (fileId: string) => {
    const db = Files.rawDatabase();
    return (
      (await Files.find({ _id: fileId }).countAsync()) +
      (await db.collection(`${BUCKET}.files`).countDocuments({ _id: fileId as never })) +
      (await db.collection(`${BUCKET}.chunks`).countDocuments({ files_id: fileId }))
    );
  };
  const channelOf = async (client: ChatTestClient) => client.call<string>('channels.create', { name: `q-${Random.id(6).toLowerCase()}`, kind: 'private' });

  it('refuses the upload past the per-minute count with 429 files.rate-limited, and takes uploads again a minute later', async () => {
    installQuota();
    const perMinute = newUploadQuota().limits.uploadsPerMinute;
    assert.equal(perMinute, 20);
    const ana = await testClients.signUp('ana');
    const channelId = await channelOf(ana);
    for (let i = 0; i < perMinute; i++) await fileIdOf(await upload(ana.token, channelId, 16));
    const refused = await upload(ana.token, channelId, 16);
    assert.equal(refused.headers.get('retry-after'), '60');
    const answer = (await refusal(refused)) as { status: number; error: string; retryAfterMs?: number };
    assert.deepEqual(
      { status: answer.status, error: answer.error, retryAfterMs: answer.retryAfterMs },
      { status: 429, error: 'files.rate-limited', retryAfterMs: 60_000 },
    );
    const bob = await testClients.signUp('bob');
    await fileIdOf(await upload(bob.token, null, 16));
    clock += 60_000;
    await fileIdOf(await upload(ana.token, channelId, 16));
  });

  it('refuses bytes past the per-minute budget with 429 files.rate-limited', async () => {
    installQuota({ limits: { uploadBytesPerMinute: 100_000 } });
    const ana = await testClients.signUp('ana');
    const channelId = await channelOf(ana);
    await fileIdOf(await upload(ana.token, channelId, 60_000));
    const refused = await upload(ana.token, channelId, 60_000);
    assert.equal((await refusal(refused)).error, 'files.rate-limited');
    assert.equal(refused.status, 429);
    clock += 60_000;
    await fileIdOf(await upload(ana.token, channelId, 60_000));
  });

  it('refuses an upload past the storage quota with 413 files.quota-exceeded, up front or mid-stream, and keeps nothing of it', async () => {
    installQuota({ limits: { storageQuotaBytes: 512 * 1024 } });
    const ana = await testClients.signUp('ana');
    const channelId = await channelOf(ana);
    await fileIdOf(await upload(ana.token, channelId, 200 * 1024));
    const before = await gridFs();
    const declared = await refusal(await upload(ana.token, channelId, 400 * 1024));
    assert.equal(declared.status, 413);
    assert.equal(declared.error, 'files.quota-exceeded');
    // No length declared and no end: refused once the bytes received pass the quota.
    const streamed = await refusal(await endlessUpload(ana.token, channelId));
    assert.equal(streamed.status, 413);
    assert.equal(streamed.error, 'files.quota-exceeded');
    assert.deepEqual(await gridFs(), before, 'no GridFS entry or chunk of a refused upload is left');
    assert.equal(await Files.find({ uploadedBy: ana.id }).countAsync(), 1);
    // What fits still goes in.
    await fileIdOf(await upload(ana.token, channelId, 300 * 1024));
  });

  it('aborts an upload whose body stalls past the idle timeout with 408 files.timeout, and keeps nothing of it', async () => {
    installQuota({ limits: { uploadIdleTimeoutMs: 300 } });
    const ana = await testClients.signUp('ana');
    const channelId = await channelOf(ana);
    const before = await gridFs();
    // One chunk, then silence: the body neither ends nor sends another byte.
    const stalled = await fetch(Meteor.absoluteUrl(`api/files?${target(channelId)}`), {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'x-login-token': ana.token ?? '' },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(1024).fill(3));
        },
      }),
      duplex: 'half',
      signal: AbortSignal.timeout(5000),
    } as RequestInit);
    const answer = await refusal(stalled);
    assert.equal(answer.status, 408);
    assert.equal(answer.error, 'files.timeout');
    assert.deepEqual(await gridFs(), before, 'no GridFS entry or chunk of the stalled upload is left');
    assert.equal(await Files.find({ uploadedBy: ana.id }).countAsync(), 0);
    // A body that keeps arriving is not cut by the same timeout.
    await fileIdOf(await upload(ana.token, channelId, 64 * 1024));
  });

  it('deletes the avatar picture a new one replaces, and the last one when going back to initials', async () => {
    const ana = await testClients.signUp('ana');
    const first = await fileIdOf(await upload(ana.token, null, 32));
    await ana.call('users.setAvatar', { fileId: first });
    const second = await fileIdOf(await upload(ana.token, null, 32));
    await ana.call('users.setAvatar', { fileId: second });
    assert.equal(await remnants(first), 0);
    assert.ok((await remnants(second)) > 0);
    const download = await fetch(Meteor.absoluteUrl(`api/files/${first}`), { headers: { 'x-login-token': ana.token ?? '' } });
    assert.equal(download.status, 404);
    await ana.call('users.setAvatar', { fileId: second });
    assert.ok((await remnants(second)) > 0, 'setting the same picture again keeps it');
    await ana.call('users.setAvatar', {});
    assert.equal(await remnants(second), 0);
  });

  it('deletes the files of a removed message, its thread replies’ included; a file goes with one message only', async () => {
    const ana = await testClients.signUp('ana');
    const channelId = await channelOf(ana);
    const parentFile = await fileIdOf(await upload(ana.token, channelId, 32));
    const replyFile = await fileIdOf(await upload(ana.token, channelId, 32));
    const parentId = newMessageId(ana.id);
    await ana.call('messages.send', { _id: parentId, channelId, text: 'see', fileId: parentFile });
    assert.equal(await errorCodeOf(ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: 'again', fileId: parentFile })), 'chat.not-found');
    await ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: 'and', threadId: parentId, fileId: replyFile });
    await ana.call('messages.remove', { messageId: parentId });
    assert.equal(await remnants(parentFile), 0);
    assert.equal(await remnants(replyFile), 0);
  });

  it('collects uploads that no message or profile took within the orphan window, on the sweep’s timer and clock', async () => {
    const ana = await testClients.signUp('ana');
    const channelId = await channelOf(ana);
    const sent = await fileIdOf(await upload(ana.token, channelId, 32));
    await ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: '', fileId: sent });
    const orphan = await fileIdOf(await upload(ana.token, channelId, 32));
    const avatar = await fileIdOf(await upload(ana.token, null, 32));
    const times = (await Files.find({ _id: { $in: [orphan, avatar] } }).fetchAsync()).map((f) => f.createdAt.getTime());
    const [firstAt, lastAt] = [Math.min(...times), Math.max(...times)];

    const timer: { tick: (() => void) | null } = { tick: null };
    let now = firstAt;
    const sweep = new OrphanSweep({
      orphanAfterMs: 30 * 60_000,
      everyMs: 60_000,
      now: () => now,
      timers: { setInterval: (callback) => (timer.tick = callback), clearInterval: () => (timer.tick = null) },
    });
    sweep.start();
    try {
      now = firstAt + 30 * 60_000 - 1;
      timer.tick?.();
      await sweep.sweepOnce();
      assert.ok((await remnants(orphan)) > 0 && (await remnants(avatar)) > 0, 'kept within the window');
      now = lastAt + 30 * 60_000 + 1;
      timer.tick?.();
      await sweep.sweepOnce();
      assert.equal(await remnants(orphan), 0);
      assert.equal(await remnants(avatar), 0);
      assert.ok((await remnants(sent)) > 0, 'a file a message took stays');
      assert.equal(await errorCodeOf(ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: '', fileId: orphan })), 'chat.not-found');
    } finally {
      sweep.stop();
    }
    assert.equal(timer.tick, null);
  });
});
