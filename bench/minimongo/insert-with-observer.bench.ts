/**
 * Insert 10,000 documents into a collection that has an ordered observer (sorted by a random
 * score) attached, versus keeping the same ordered view with a plain array re-sorted with
 * Array.prototype.sort after each insert.
 * Run: npx tsx bench/minimongo/insert-with-observer.bench.ts
 */
import { LocalCollection, type Document } from '@perseid/minimongo';
import { machineLine, medianOf, report, seededRandom } from './measure';

const N = 10_000;
const ROUNDS = 5;
const random = seededRandom(1);
const docs: Document[] = Array.from({ length: N }, (_, i) => ({ _id: `m${i}`, room: 'general', score: random(), text: `message ${i}` }));
const byScore = (a: Document, b: Document): number => (a.score as number) - (b.score as number);

let sink = 0;

const observeChanges = medianOf('minimongo insert + ordered observeChanges (addedBefore)', ROUNDS, () => {
  const c = new LocalCollection();
  const handle = c.find({ room: 'general' }, { sort: { score: 1 } }).observeChanges({
    addedBefore: () => {
      sink++;
    },
  });
  for (const doc of docs) c.insert(doc);
  handle.stop();
});

const observe = medianOf('minimongo insert + ordered observe (addedAt, whole docs)', ROUNDS, () => {
  const c = new LocalCollection();
  const handle = c.find({ room: 'general' }, { sort: { score: 1 } }).observe({
    addedAt: (_doc, index) => {
      sink += index;
    },
  });
  for (const doc of docs) c.insert(doc);
  handle.stop();
});

const noObserver = medianOf('minimongo insert, no observer (reference)', ROUNDS, () => {
  const c = new LocalCollection();
  for (const doc of docs) c.insert(doc);
});

const baseline = medianOf('baseline: array push + Array.prototype.sort per insert', ROUNDS, () => {
  const view: Document[] = [];
  for (const doc of docs) {
    const copy = structuredClone(doc);
    if (copy.room === 'general') {
      view.push(copy);
      view.sort(byScore);
      sink += view.length;
    }
  }
});

console.log(machineLine());
report(`insert ${N} documents with an ordered observer (median of ${ROUNDS})`, N, [noObserver, observeChanges, observe, baseline]);
if (sink < 0) console.log(sink);
