import { MongoClient } from 'mongodb';
import { parseWatcherRequest, type WatcherReply } from './watcher-protocol';

// A change-stream watcher in its own process, so its getMore replies are read by an event loop
// that no writer shares. Event times are process.hrtime.bigint() (CLOCK_MONOTONIC), which the
// writers' process reads from the same clock.
const [url, dbName, collName] = process.argv.slice(2);
if (url === undefined || dbName === undefined || collName === undefined) throw new Error('usage: watcher-process <url> <db> <coll>');

const send = (reply: WatcherReply): void => {
  process.send?.(reply);
};

const client = new MongoClient(url, { maxPoolSize: 4 });
await client.connect();
const stream = client.db(dbName).collection(collName).watch([], { maxAwaitTimeMS: 1000 });
const seenAt = new Map<number, bigint>();
let expected = Number.POSITIVE_INFINITY;
let readyState: 'waiting' | 'ready' = 'waiting';

const reportWhenComplete = (): void => {
  if (seenAt.size < expected) return;
  expected = Number.POSITIVE_INFINITY;
  send({ type: 'events', seen: [...seenAt].map(([seq, at]) => [seq, at.toString()]) });
  seenAt.clear();
};

stream.on('change', (event) => {
  const at = process.hrtime.bigint();
  if (event.operationType !== 'insert') return;
  const seq = event.fullDocument['seq'];
  if (typeof seq !== 'number') return;
  // Negative sequence numbers are the writer's probes: the first one seen proves the stream is open.
  if (seq < 0) {
    if (readyState === 'waiting') {
      readyState = 'ready';
      send({ type: 'ready' });
    }
    return;
  }
  seenAt.set(seq, at);
  reportWhenComplete();
});

process.on('message', (raw: unknown) => {
  const request = parseWatcherRequest(raw);
  switch (request.type) {
    case 'collect':
      expected = request.count;
      reportWhenComplete();
      return;
    case 'stop':
      void stream
        .close()
        .then(() => client.close())
        .then(() => process.exit(0));
      return;
    default: {
      const never: never = request;
      return never;
    }
  }
});
send({ type: 'listening' });
