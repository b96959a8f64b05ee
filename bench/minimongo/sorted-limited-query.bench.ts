/**
 * A sorted, limited query (top 20 of 10,000 by score) re-evaluated after each of 1,000
 * changes: minimongo's incrementally maintained observer, a reactive computation re-running
 * fetch() (it re-runs only when the top 20 changed), and a full cursor.fetch() per change,
 * versus plain arrays filtered, sorted with Array.prototype.sort and sliced per change.
 * Run: npx tsx bench/minimongo/sorted-limited-query.bench.ts
 */
import { LocalCollection, type Document, type DocumentId } from '@perseid/minimongo';
import { Tracker } from '@perseid/tracker';
import { machineLine, medianOf, report, seededRandom } from './measure';

const N = 10_000;
const CHANGES = 1_000;
const LIMIT = 20;
const ROUNDS = 5;
const random = seededRandom(2);
const docs: Document[] = Array.from({ length: N }, (_, i) => ({ _id: `m${i}`, room: i % 2 === 0 ? 'a' : 'b', score: random(), text: `message ${i}` }));
const changes = Array.from({ length: CHANGES }, () => ({ index: Math.floor(random() * N), score: random() }));
const selector = { room: 'a' };
const options = { sort: { score: -1 }, limit: LIMIT } as const;

function loaded(): LocalCollection {
  const c = new LocalCollection();
  for (const doc of docs) c.insert(doc);
  return c;
}

let sink = 0;

type Apply = (change: { index: number; score: number }) => void;

// Each variant builds its data outside the timed region, so only the changes are timed.
function timedChanges(name: string, prepare: () => Apply) {
  return medianOf<Apply>(
    name,
    ROUNDS,
    (apply) => {
      for (const change of changes) apply(change);
    },
    prepare,
  );
}

const observed = timedChanges('minimongo: ordered observer on the limited query', () => {
  const c = loaded();
  const top: DocumentId[] = [];
  c.find(selector, options).observeChanges({
    addedBefore: (id, _fields, before) => {
      top.splice(before === null ? top.length : top.indexOf(before), 0, id);
    },
    movedBefore: (id, before) => {
      top.splice(top.indexOf(id), 1);
      top.splice(before === null ? top.length : top.indexOf(before), 0, id);
    },
    removed: (id) => {
      top.splice(top.indexOf(id), 1);
    },
  });
  return ({ index, score }) => {
    c.update(`m${index}`, { $set: { score } });
    sink += top.length;
  };
});

const refetched = timedChanges('minimongo: cursor.fetch() after every change', () => {
  const c = loaded();
  const cursor = c.find(selector, options);
  return ({ index, score }) => {
    c.update(`m${index}`, { $set: { score } });
    sink += cursor.fetch().length;
  };
});

let reruns = 0;
const reactive = timedChanges('minimongo: Tracker.autorun(fetch) re-run (flush) per change', () => {
  const c = loaded();
  reruns = -1;
  Tracker.autorun(() => {
    reruns++;
    sink += c.find(selector, options).fetch().length;
  });
  return ({ index, score }) => {
    c.update(`m${index}`, { $set: { score } });
    Tracker.flush();
  };
});

const baseline = timedChanges('baseline: array filter + Array.prototype.sort + slice', () => {
  const all = docs.map((d) => structuredClone(d));
  const byScoreDesc = (x: Document, y: Document): number => (y.score as number) - (x.score as number);
  return ({ index, score }) => {
    (all[index] as Document).score = score;
    const top = all
      .filter((d) => d.room === 'a')
      .sort(byScoreDesc)
      .slice(0, LIMIT);
    sink += top.length;
  };
});

console.log(machineLine());
report(`sorted (score desc), limited (${LIMIT}) query over ${N} docs, ${CHANGES} changes (median of ${ROUNDS})`, CHANGES, [
  observed,
  reactive,
  refetched,
  baseline,
]);
console.log(`  (the computation re-ran ${reruns} times in the last round: only when the top ${LIMIT} changed)`);
if (sink < 0) console.log(sink);
