/**
 * Kept documents against the real DDP server over real WebSockets: painted from the cache before
 * the server answers, replaced by the server's truth without needless re-renders, written back
 * without stub guesses. (IndexedDB itself is checked in kept-documents.browser.test.ts.)
 */
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DDP, type Connection } from '@perseid/ddp-client';
import { Server, type MethodInvocation, type Subscription } from '@perseid/ddp-server';
import { EJSON } from '@perseid/ejson';
import { ClientCollection } from './client-collection';
import { cacheKey, memoryCacheStorage, type CacheRecord, type CacheStorage } from './cache-storage';
import { collectionCache } from './collection-cache';

type Note = { _id: string; text: string; n: number };

let counter = 0;

describe('collection.keep() (kept documents) against @perseid/ddp-server', function () {
  this.timeout(20_000);
  let ddp: Server;
  let http: HttpServer;
  let stream: { close(): Promise<void> };
  let port: number;
  let published: Map<string, Omit<Note, '_id'>>;
  let gate: Promise<void>;
  let name: string;
  const connections: Connection[] = [];

  beforeEach(async () => {
    name = `kept_${process.pid}_${counter++}`;
    published = new Map();
    gate = Promise.resolve();
    ddp = new Server({ log: () => {} });
    ddp.publish('notes', function (this: Subscription) {
      for (const [id, doc] of published) this.added(name, id, { ...doc });
      this.ready();
    });
    ddp.methods({
      async 'notes.add'(this: MethodInvocation, text: string) {
        const id = this.randomStream(`/collection/${name}`).id();
        await gate;
        published.set(id, { text, n: 99 });
        return id;
      },
    });
    http = createServer((_req, res) => res.end());
    stream = ddp.attach(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    port = (http.address() as AddressInfo).port;
  });

  afterEach(async () => {
    collectionCache.close(true);
    for (const connection of connections.splice(0)) connection.close();
    await ddp.close();
    await stream.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  async function unreachablePort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const free = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return free;
  }

  function page(target: number, keep: { limit?: number } = {}): { connection: Connection; notes: ClientCollection<Note> } {
    const connection = DDP.connect(`http://127.0.0.1:${target}`, { log: () => {}, retry: { baseTimeout: 20, maxTimeout: 50, minCount: 2 } });
    connections.push(connection);
    const notes = new ClientCollection<Note>(name, { connection });
    notes.keep({}, { sort: { n: -1 }, ...keep });
    connection.methods({
      'notes.add'(text: string) {
        return notes.insert({ text, n: 99 });
      },
    });
    return { connection, notes };
  }

  const record = (id: string, doc: Omit<Note, '_id'>): CacheRecord => ({
    key: cacheKey(name, id),
    collection: name,
    id,
    doc: EJSON.stringify({ _id: id, ...doc }),
  });

  it('writes the documents that were already there when the cache opened, with no change after', async () => {
    published.set('early', { text: 'arrived before the cache opened', n: 1 });
    const { notes, connection } = page(port);
    await new Promise<void>((resolve, reject) => connection.subscribe('notes', { onReady: resolve, onStop: reject }));
    assert.equal(notes.find().count(), 1);
    const storage = memoryCacheStorage();
    await collectionCache.open('u1', { storage });
    // Past the cache's write delay (250 ms), with no change in between.
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.deepEqual(
      [...storage.records.values()].map((r) => r.id),
      ['early'],
    );
  });

  it('paints the kept documents before the server has answered (offline)', async () => {
    const storage = memoryCacheStorage();
    await storage.putMany([record('a', { text: 'first', n: 1 }), record('b', { text: 'second', n: 2 })]);
    const { notes, connection } = page(await unreachablePort());
    assert.equal(await collectionCache.open('u1', { storage }), 2);
    assert.equal(connection.status().connected, false);
    assert.deepEqual(
      notes.find({}, { sort: { n: 1 } }).map((d) => d.text),
      ['first', 'second'],
    );
  });

  it('the server truth replaces the cache: gone ones disappear, changed ones change, equal ones do not re-render', async () => {
    const storage = memoryCacheStorage();
    await storage.putMany([
      record('same', { text: 'same', n: 1 }),
      record('stale', { text: 'deleted meanwhile', n: 2 }),
      record('edited', { text: 'old', n: 3 }),
    ]);
    published.set('same', { text: 'same', n: 1 });
    published.set('edited', { text: 'new', n: 3 });
    published.set('fresh', { text: 'fresh', n: 4 });
    const { notes, connection } = page(port);
    await collectionCache.open('u1', { storage });
    const events: string[] = [];
    notes.find().observeChanges({
      added: (id) => void events.push(`added ${String(id)}`),
      changed: (id) => void events.push(`changed ${String(id)}`),
      removed: (id) => void events.push(`removed ${String(id)}`),
    });
    events.length = 0; // the initial adds of the painted documents
    await new Promise<void>((resolve, reject) => connection.subscribe('notes', { onReady: resolve, onStop: reject }));
    assert.equal(collectionCache.reconcile(), 1);
    assert.deepEqual(events.sort(), ['added fresh', 'changed edited', 'removed stale']);
    assert.deepEqual(
      notes.find({}, { sort: { n: 1 } }).map((d) => d.text),
      ['same', 'new', 'fresh'],
    );
    await collectionCache.flush();
    assert.deepEqual(
      [...storage.records.values()]
        .filter((r) => r.collection === name)
        .map((r) => r.key)
        .sort(),
      [cacheKey(name, 'edited'), cacheKey(name, 'fresh'), cacheKey(name, 'same')],
    );
    assert.match(storage.records.get(cacheKey(name, 'edited'))?.doc ?? '', /"new"/);
  });

  it('writes back only the first `limit` by sort, and never a stub guess until the server answered', async () => {
    const storage = memoryCacheStorage();
    for (let n = 1; n <= 5; n++) published.set(`d${n}`, { text: `t${n}`, n });
    const { notes, connection } = page(port, { limit: 3 });
    await collectionCache.open('u1', { storage });
    await new Promise<void>((resolve, reject) => connection.subscribe('notes', { onReady: resolve, onStop: reject }));
    await collectionCache.flush();
    assert.deepEqual(
      [...storage.records.values()]
        .filter((r) => r.collection === name)
        .map((r) => r.id)
        .sort(),
      ['d3', 'd4', 'd5'],
    );

    let release!: () => void;
    gate = new Promise((resolve) => (release = resolve));
    const call = connection.callAsync('notes.add', 'pending');
    const id = (await call.stubPromise) as string;
    assert.equal(notes.hasPendingWrites(id), true);
    await collectionCache.flush();
    assert.equal(storage.records.has(cacheKey(name, id)), false, 'the stub document is not kept while pending');
    assert.equal(notes.find().count(), 6);
    release();
    await call;
    // This publication never re-runs, so the server's view of the guessed document is "absent":
    // settled, the guess is rolled back and was never written to the device.
    assert.equal(notes.hasPendingWrites(id), false);
    assert.equal(notes.findOne(id), undefined);
    await collectionCache.flush();
    assert.equal(storage.records.has(cacheKey(name, id)), false);
  });

  it('broken storage warns and leaves the collection to the network, never throws', async () => {
    const broken: CacheStorage = {
      load: () => Promise.reject(new Error('corrupted')),
      putMany: () => Promise.reject(new DOMException('quota', 'QuotaExceededError')),
      deleteMany: () => Promise.reject(new Error('corrupted')),
      destroy: () => Promise.resolve(),
    };
    published.set('x', { text: 'from the network', n: 1 });
    const warnings: string[] = [];
    const { notes, connection } = page(port);
    assert.equal(await collectionCache.open('u1', { storage: broken, warn: (m) => warnings.push(m) }), 0);
    await new Promise<void>((resolve, reject) => connection.subscribe('notes', { onReady: resolve, onStop: reject }));
    await collectionCache.flush();
    assert.equal(notes.findOne('x')?.text, 'from the network');
    assert.ok(warnings.some((w) => w.includes('could not read')));
    assert.ok(warnings.some((w) => w.includes('could not write')));
  });

  it('a prefetched read is what open() paints (storage read once); a prefetch of another user is never shown', async () => {
    const storage = memoryCacheStorage();
    await storage.putMany([record('a', { text: 'read early', n: 1 })]);
    let loads = 0;
    const counted: CacheStorage = {
      ...storage,
      load: () => {
        loads += 1;
        return storage.load();
      },
    };
    const { notes } = page(await unreachablePort());
    collectionCache.prefetch('u1', { storage: counted });
    assert.equal(notes.find().count(), 0, 'nothing is shown before open()');
    assert.equal(loads, 1, 'the read started at prefetch()');
    assert.equal(await collectionCache.open('u1', { storage: counted }), 1);
    assert.equal(loads, 1, 'open() took the prefetched read');
    assert.equal(notes.findOne('a')?.text, 'read early');

    collectionCache.close(true);
    const theirs = memoryCacheStorage();
    await theirs.putMany([record('secret', { text: 'the previous user', n: 1 })]);
    collectionCache.prefetch('u1', { storage: theirs });
    assert.equal(await collectionCache.open('u2', { storage: memoryCacheStorage() }), 0);
    assert.equal(notes.find().count(), 0, "another user's prefetched documents never reach the collection");
    assert.throws(() => collectionCache.prefetch(''), TypeError);
  });

  it("another user (scope) never sees the first one's kept documents; wipe deletes them", async () => {
    const mine = memoryCacheStorage();
    await mine.putMany([record('secret', { text: 'mine only', n: 1 })]);
    const { notes } = page(await unreachablePort());
    await collectionCache.open('u1', { storage: mine });
    assert.equal(notes.find().count(), 1);
    await collectionCache.open('u2', { storage: memoryCacheStorage() });
    assert.equal(notes.find().count(), 0, "switching the account removed the first user's documents");
    await collectionCache.open('u1', { storage: mine });
    await collectionCache.wipe();
    assert.equal(notes.find().count(), 0);
    assert.equal(mine.records.size, 0);
  });

  it('skips unreadable records and refuses a limit beyond its bound', async () => {
    const storage = memoryCacheStorage();
    await storage.putMany([{ key: cacheKey(name, 'bad'), collection: name, id: 'bad', doc: '{not json' }, record('ok', { text: 'fine', n: 1 })]);
    const warnings: string[] = [];
    const { notes } = page(await unreachablePort());
    assert.equal(await collectionCache.open('u1', { storage, warn: (m) => warnings.push(m) }), 1);
    assert.equal(notes.findOne('ok')?.text, 'fine');
    assert.ok(warnings.some((w) => w.includes('unreadable')));
    const other = new ClientCollection(null);
    assert.throws(() => other.keep({}, {}), /nothing to keep/);
    const big = new ClientCollection(`${name}_big`, { connection: connections[0] ?? null });
    assert.throws(() => big.keep({}, { limit: 1_000_000 }), RangeError);
  });
});

describe('collection.keep() upkeep over many single writes beyond the limit', () => {
  type Row = { _id: string; room: string; rank: number; text: string };

  afterEach(() => collectionCache.close(true));

  it('a full storage quota is warned about once for all kept collections, which keep working from memory', async () => {
    const full = memoryCacheStorage();
    const quota: CacheStorage = { ...full, putMany: () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) };
    const base = `kept_quota_${process.pid}_${counter++}`;
    const first = new ClientCollection<Row>(`${base}_a`, { connection: null });
    const second = new ClientCollection<Row>(`${base}_b`, { connection: null });
    first.keep({}, { sort: { rank: 1 } });
    second.keep({}, { limit: 5 });
    const warnings: string[] = [];
    await collectionCache.open('u1', { storage: quota, warn: (message) => warnings.push(message) });
    first.insert({ _id: 'a1', room: 'a', rank: 1, text: 'one' });
    second.insert({ _id: 'b1', room: 'a', rank: 1, text: 'two' });
    await collectionCache.flush();
    first.insert({ _id: 'a2', room: 'a', rank: 2, text: 'three' });
    await collectionCache.flush();
    assert.equal(warnings.filter((w) => w.startsWith('could not write')).length, 1, warnings.join(' | '));
    assert.deepEqual(
      first.find({}, { sort: { rank: 1 } }).map((row) => row.text),
      ['one', 'three'],
    );
    assert.equal(second.findOne('b1')?.text, 'two');
  });

  it('keeps, evicts and persists exactly the first `limit` matching documents across a reload', async () => {
    // Seeded, so a failure names a reproducible step.
    let state = 15;
    const int = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return Math.floor((state / 2147483648) * n);
    };
    const limit = 20;
    const name = `kept_upkeep_${process.pid}_${counter++}`;
    const rows = new ClientCollection<Row>(name, { connection: null });
    rows.keep({ room: 'a' }, { sort: { rank: -1 }, limit });
    const storage = memoryCacheStorage();
    await collectionCache.open('u1', { storage });
    // The truth, kept beside minimongo without it: ranks are distinct (the id is in them).
    const shadow = new Map<string, Row>();
    const expected = (): string[] =>
      [...shadow.values()]
        .filter((row) => row.room === 'a')
        .sort((x, y) => y.rank - x.rank)
        .slice(0, limit)
        .map((row) => `${row._id} ${row.rank} ${row.text}`)
        .sort();
    const stored = (): string[] =>
      [...storage.records.values()]
        .filter((r) => r.collection === name)
        .map((r) => {
          const row = EJSON.parse(r.doc) as Row;
          assert.equal(r.id, row._id);
          return `${row._id} ${row.rank} ${row.text}`;
        })
        .sort();
    for (let step = 0; step < 1500; step++) {
      const k = int(120);
      const id = `r${k}`;
      const action = int(10);
      if (action < 5 && !shadow.has(id)) {
        const row = { _id: id, room: int(4) === 0 ? 'b' : 'a', rank: int(1000) * 1000 + k, text: `t${step}` };
        rows.insert(row);
        shadow.set(id, row);
      } else if (action < 7 && shadow.has(id)) {
        const rank = int(1000) * 1000 + k;
        rows.update(id, { $set: { rank } });
        shadow.set(id, { ...(shadow.get(id) as Row), rank });
      } else if (action === 7 && shadow.has(id)) {
        const room = int(2) === 0 ? 'a' : 'b';
        rows.update(id, { $set: { room, text: `t${step}` } });
        shadow.set(id, { ...(shadow.get(id) as Row), room, text: `t${step}` });
      } else if (shadow.has(id)) {
        rows.remove(id);
        shadow.delete(id);
      }
      if (step % 97 === 0) {
        await collectionCache.flush();
        assert.deepEqual(stored(), expected(), `stored after step ${step}`);
      }
    }
    assert.ok(shadow.size > limit * 2, 'the collection holds well beyond the limit');
    await collectionCache.flush();
    assert.deepEqual(stored(), expected());

    // A reload: a new page paints exactly the kept documents from the device.
    collectionCache.close(false);
    rows.remove({});
    assert.equal(await collectionCache.open('u1', { storage }), limit);
    assert.deepEqual(
      rows
        .find()
        .map((row) => `${row._id} ${row.rank} ${row.text}`)
        .sort(),
      expected(),
    );
  });
});
