import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import { startMinimongod } from '@perseid/minimongod';
import { BATCH_SIZE, MongoShell } from './mongo-shell';

describe('meteor mongo shell (official driver, minimongod)', function () {
  this.timeout(20_000);
  let stop: () => Promise<void>;
  let client: MongoClient;
  let shell: MongoShell;

  before(async () => {
    const db = await startMinimongod({ port: 0, quiet: true });
    client = new MongoClient(db.url);
    stop = async () => {
      await client.close();
      await db.stop();
    };
    await client
      .db('meteor')
      .collection('links')
      .insertMany([
        { _id: 'a', title: 'Docs', votes: 3 },
        { _id: 'b', title: 'Guide', votes: 5 },
      ] as never[]);
    shell = new MongoShell(client.db('meteor'), 500);
  });
  after(async () => {
    await shell.close();
    await stop();
  });

  it('db.<coll>.find / findOne / countDocuments print the documents', async () => {
    assert.match(await shell.run('db.links.find({ votes: { $gt: 4 } })'), /_id: 'b', title: 'Guide', votes: 5/);
    assert.doesNotMatch(await shell.run('db.links.find({ votes: { $gt: 4 } })'), /Docs/);
    assert.match(await shell.run("db.links.findOne({ _id: 'a' })"), /title: 'Docs'/);
    assert.equal(await shell.run('db.links.countDocuments({})'), '2');
  });

  it('writes, runCommand, show collections, getCollection and help', async () => {
    assert.match(await shell.run("db.getCollection('notes-2026').insertOne({ text: 'hi', at: ISODate('2026-01-01') })"), /acknowledged: true/);
    assert.match(await shell.run("db.links.updateOne({ _id: 'a' }, { $inc: { votes: 1 } })"), /modifiedCount: 1/);
    assert.match(await shell.run("db.links.findOne({ _id: 'a' }).then((d) => d.votes)"), /^4$/);
    assert.match(await shell.run('db.runCommand({ ping: 1 })'), /ok: 1/);
    assert.equal(await shell.run('show collections'), 'links\nnotes-2026');
    assert.match(await shell.run('db.getCollectionNames()'), /'links', 'notes-2026'/);
    assert.match(await shell.run("db.links.aggregate([{ $group: { _id: null, total: { $sum: '$votes' } } }])"), /total: 9/);
    assert.match(await shell.run('help'), /db\.<coll>\.find/);
  });

  it(`prints ${BATCH_SIZE} documents at a time; "it" shows the next ones`, async () => {
    await client
      .db('meteor')
      .collection('many')
      .insertMany(Array.from({ length: BATCH_SIZE + 3 }, (_, i) => ({ n: i })));
    const first = await shell.run('db.many.find({}, { projection: { _id: 0 } }).sort({ n: 1 })');
    assert.equal(first.split('\n').length, BATCH_SIZE + 1);
    assert.match(first, /Type "it" for more$/);
    const rest = await shell.run('it');
    assert.deepEqual(rest.split('\n'), [`{ n: ${BATCH_SIZE} }`, `{ n: ${BATCH_SIZE + 1} }`, `{ n: ${BATCH_SIZE + 2} }`]);
  });

  it('a bad line is an error message, and the shell goes on', async () => {
    assert.match(await shell.run('db.links.find({'), /^Error: /);
    assert.match(await shell.run("db.links.insertOne({ _id: 'a' })"), /^Error: .*duplicate key/i);
    assert.match(await shell.run('while (true) {}'), /^Error: Script execution timed out/);
    assert.equal(await shell.run('db.links.countDocuments()'), '2');
  });
});
