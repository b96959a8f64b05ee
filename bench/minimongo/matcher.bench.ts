/**
 * Matching 10,000 documents against typical selectors: our Matcher (own equality, ordering
 * and regex paths, mingo for $exists/$size/$all/$mod) beside mingo's Query used directly and
 * beside a hand-written JavaScript predicate (the floor) in the same run.
 * Run: npx tsx bench/minimongo/matcher.bench.ts
 */
import { Query } from 'mingo';
import { Matcher, type Document } from '@perseid/minimongo';
import { machineLine, medianOf, report, seededRandom } from './measure';

const N = 10_000;
const PASSES = 20;
const ROUNDS = 5;
const random = seededRandom(3);
const rooms = ['general', 'random', 'dev', 'ops'];
const docs: Document[] = Array.from({ length: N }, (_, i) => ({
  _id: `m${i}`,
  room: rooms[i % rooms.length],
  score: random(),
  n: i,
  tags: random() < 0.3 ? ['x', 'y'] : ['y'],
  meta: { kind: random() < 0.5 ? 'k' : 'j', edited: random() < 0.1 },
  text: `message number ${i}`,
}));

const cases: Array<{ name: string; selector: Document; plain: (d: Document) => boolean }> = [
  { name: '{ room: "dev" }', selector: { room: 'dev' }, plain: (d) => d.room === 'dev' },
  { name: '{ score: { $gt: 0.5 } }', selector: { score: { $gt: 0.5 } }, plain: (d) => (d.score as number) > 0.5 },
  {
    name: '{ tags: "x", "meta.kind": "k" }',
    selector: { tags: 'x', 'meta.kind': 'k' },
    plain: (d) => (d.tags as string[]).includes('x') && (d.meta as Document).kind === 'k',
  },
  {
    name: '{ text: /number 1/, n: { $mod: [3, 1] } }',
    selector: { text: /number 1/, n: { $mod: [3, 1] } },
    plain: (d) => /number 1/.test(d.text as string) && (d.n as number) % 3 === 1,
  },
];

let sink = 0;
console.log(machineLine());
for (const { name, selector, plain } of cases) {
  const matcher = new Matcher(selector);
  const query = new Query(selector);
  const ours = medianOf(`minimongo Matcher.documentMatches`, ROUNDS, () => {
    for (let p = 0; p < PASSES; p++) for (const d of docs) if (matcher.documentMatches(d).result) sink++;
  });
  const mingo = medianOf(`mingo Query.test (same selector)`, ROUNDS, () => {
    for (let p = 0; p < PASSES; p++) for (const d of docs) if (query.test(d)) sink++;
  });
  const floor = medianOf(`baseline: hand-written JS predicate`, ROUNDS, () => {
    for (let p = 0; p < PASSES; p++) for (const d of docs) if (plain(d)) sink++;
  });
  report(`${name}: ${PASSES} passes over ${N} documents (median of ${ROUNDS})`, N * PASSES, [ours, mingo, floor]);
}
if (sink < 0) console.log(sink);
