/**
 * Which engine should answer minimongod's queries: the four operations the server runs per
 * request (filter matching, sorting, projection, operator updates), each through mingo (as the
 * server called it: strict mode, no scripts) and through minimongo's engine, on the same
 * documents in the same run. mingo is the baseline of every row.
 * Run: npx tsx bench/minimongod/engine-choice.bench.ts
 */
import { Query } from 'mingo';
import { Aggregator } from 'mingo/aggregator';
import { Context } from 'mingo/core';
import * as pipelineOperators from 'mingo/operators/pipeline';
import { update as mingoUpdate } from 'mingo/updater';
import { Matcher, Sorter, compileProjection, modifyDocument, type Document } from '@perseid/minimongo';
import { machineLine, medianOf, report, seededRandom } from '../minimongo/measure';

const N = 10_000;
const ROUNDS = 5;
const random = seededRandom(11);
const rooms = ['general', 'random', 'dev', 'ops'];
const docs: Document[] = Array.from({ length: N }, (_, i) => ({
  _id: `m${i}`,
  room: rooms[i % rooms.length],
  createdAt: new Date(1_700_000_000_000 + Math.floor(random() * 1e9)),
  score: random(),
  n: i,
  tags: random() < 0.3 ? ['x', 'y'] : ['y'],
  meta: { kind: random() < 0.5 ? 'k' : 'j', edited: random() < 0.1, by: `u${i % 50}` },
  text: `message number ${i}`,
}));
const mingoOptions = { useStrictMode: true, scriptEnabled: false };

const sortOptions = { ...mingoOptions, context: Context.init({ pipeline: { ...pipelineOperators } }) };

let sink = 0;
console.log(machineLine());

const filters: Document[] = [
  { room: 'dev' },
  { room: { $in: ['dev', 'ops'] }, createdAt: { $gte: new Date(1_700_300_000_000) } },
  { 'meta.by': 'u7', tags: 'x' },
  { $or: [{ score: { $lt: 0.1 } }, { 'meta.edited': true }], text: { $regex: '^message' } },
];
for (const filter of filters) {
  const matcher = new Matcher(filter);
  const query = new Query(filter, mingoOptions);
  const ours = medianOf('minimongo Matcher', ROUNDS, () => {
    for (const d of docs) if (matcher.documentMatches(d).result) sink++;
  });
  const theirs = medianOf('mingo Query.test (baseline)', ROUNDS, () => {
    for (const d of docs) if (query.test(d)) sink++;
  });
  report(`match ${JSON.stringify(filter)} over ${N} documents (median of ${ROUNDS})`, N, [ours, theirs]);
}

for (const sort of [{ createdAt: -1 }, { room: 1, score: -1 }] as Document[]) {
  const sorter = new Sorter(sort as never);
  const compare = sorter.getComparator();
  const ours = medianOf('minimongo Sorter', ROUNDS, () => {
    sink += [...docs].sort(compare).length;
  });
  const theirs = medianOf('mingo $sort stage (baseline)', ROUNDS, () => {
    sink += new Aggregator([{ $sort: sort }], sortOptions).run(docs).length;
  });
  report(`sort ${N} documents by ${JSON.stringify(sort)} (median of ${ROUNDS})`, N, [ours, theirs]);
}

for (const fields of [{ room: 1, text: 1 }, { 'meta.by': 1, createdAt: 1 }, { text: 0 }] as Document[]) {
  const project = compileProjection(fields as never);
  const ours = medianOf('minimongo compileProjection', ROUNDS, () => {
    for (const d of docs) sink += Object.keys(project(d)).length;
  });
  const theirs = medianOf('mingo Query.find(…, projection) (baseline)', ROUNDS, () => {
    sink += new Query({}, mingoOptions)
      .find(
        docs.map((d) => structuredClone(d)),
        fields,
      )
      .all().length;
  });
  report(`project ${N} documents with ${JSON.stringify(fields)} (median of ${ROUNDS})`, N, [ours, theirs]);
}

// minimongod applies these with `semantics: 'mongodb'`, so that is what is timed.
const updates: Array<{ modifier: Document; arrayFilters?: Document[] }> = [
  { modifier: { $set: { 'meta.edited': true, text: 'edited' } } },
  { modifier: { $inc: { n: 1 }, $currentDate: { updatedAt: true } } },
  { modifier: { $push: { tags: { $each: ['z'], $slice: -5 } } } },
  { modifier: { $set: { 'tags.$[t]': 'z' } }, arrayFilters: [{ t: 'x' }] },
];
for (const { modifier, arrayFilters } of updates) {
  const ours = medianOf("minimongo modifyDocument (semantics: 'mongodb')", ROUNDS, () => {
    for (const d of docs)
      sink += Object.keys(modifyDocument(d, modifier, { semantics: 'mongodb', ...(arrayFilters !== undefined ? { arrayFilters } : {}) })).length;
  });
  const theirs = medianOf('mingo updater on a deep copy (baseline)', ROUNDS, () => {
    for (const d of docs) {
      const copy = structuredClone(d);
      mingoUpdate(copy, modifier, arrayFilters, undefined, { cloneMode: 'deep', queryOptions: mingoOptions });
      sink += Object.keys(copy).length;
    }
  });
  const filters = arrayFilters === undefined ? '' : ` arrayFilters ${JSON.stringify(arrayFilters)}`;
  report(`update ${N} documents with ${JSON.stringify(modifier)}${filters} (median of ${ROUNDS})`, N, [ours, theirs]);
}
if (sink < 0) console.log(sink);
