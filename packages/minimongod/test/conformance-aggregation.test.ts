import assert from 'node:assert/strict';
import { Long, type MongoServerError } from 'mongodb';
import { conformanceSuite } from './conformance-target';

/** Expression operators and accumulators apps reach for, including BSON-typed inputs. */
describe('minimongod conformance: aggregation expressions', function () {
  this.timeout(20_000);
  const suite = conformanceSuite('aggx', {
    async seed(db) {
      await db.collection('m').insertMany([
        { _id: 1 as never, room: 'a', n: Long.fromNumber(2), at: new Date('2026-01-02T03:04:05Z'), text: 'Hello', tags: ['x', 'y'] },
        { _id: 2 as never, room: 'a', n: 4, at: new Date('2026-01-03T00:00:00Z'), text: 'World', tags: [] },
        { _id: 3 as never, room: 'b', n: 6.5, at: new Date('2026-01-04T00:00:00Z'), text: null, tags: ['z'] },
      ]);
    },
  });

  it('computes accumulators over mixed numeric types', async () => {
    const rows = await suite.db
      .collection('m')
      .aggregate([
        { $sort: { _id: 1 } },
        {
          $group: {
            _id: '$room',
            sum: { $sum: '$n' },
            avg: { $avg: '$n' },
            min: { $min: '$n' },
            max: { $max: '$n' },
            first: { $first: '$_id' },
            last: { $last: '$_id' },
            ids: { $push: '$_id' },
            count: { $sum: 1 },
          },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    assert.deepEqual(
      rows.map((r) => [r._id, Number(r['sum']), Number(r['avg']), Number(r['min']), Number(r['max']), r['first'], r['last'], r['ids'], r['count']]),
      [
        ['a', 6, 3, 2, 4, 1, 2, [1, 2], 2],
        ['b', 6.5, 6.5, 6.5, 6.5, 3, 3, [3], 1],
      ],
    );
  });

  it('evaluates conditional, string, array and date expressions', async () => {
    const rows = await suite.db
      .collection('m')
      .aggregate([
        { $sort: { _id: 1 } },
        {
          $project: {
            _id: 0,
            big: { $cond: [{ $gt: ['$n', 3] }, 'big', 'small'] },
            text: { $ifNull: ['$text', '(none)'] },
            upper: { $toUpper: { $ifNull: ['$text', ''] } },
            label: { $concat: ['$room', '-', { $toString: '$_id' }] },
            tagCount: { $size: '$tags' },
            firstTag: { $arrayElemAt: ['$tags', 0] },
            xs: { $filter: { input: '$tags', as: 't', cond: { $ne: ['$$t', 'y'] } } },
            doubled: { $map: { input: '$tags', as: 't', in: { $concat: ['$$t', '$$t'] } } },
            day: { $dateToString: { format: '%Y-%m-%d', date: '$at' } },
            year: { $year: '$at' },
          },
        },
      ])
      .toArray();
    assert.deepEqual(rows[0], {
      big: 'small',
      text: 'Hello',
      upper: 'HELLO',
      label: 'a-1',
      tagCount: 2,
      firstTag: 'x',
      xs: ['x'],
      doubled: ['xx', 'yy'],
      day: '2026-01-02',
      year: 2026,
    });
    assert.equal(rows[2]?.['text'], '(none)');
    assert.equal(rows[2]?.['big'], 'big');
  });

  it('matches with $expr and counts with $count', async () => {
    const rows = await suite.db
      .collection('m')
      .aggregate([{ $match: { $expr: { $gte: ['$n', 4] } } }, { $count: 'n' }])
      .toArray();
    assert.deepEqual(rows, [{ n: 2 }]);
    assert.equal(await suite.db.collection('m').countDocuments({ $expr: { $eq: ['$room', 'a'] } }), 2);
  });

  it('rejects $out and $merge cleanly instead of pretending to write', async function () {
    if (suite.target.isReal) this.skip();
    await assert.rejects(
      suite.db
        .collection('m')
        .aggregate([{ $out: 'copy' }])
        .toArray(),
      (e: MongoServerError) => e.code === 40324,
    );
  });
});
