// biome-ignore-all lint/correctness/noComponentHookFactories: each scenario's App closes over that run's counters and setter on purpose
/**
 * Runs in Chromium (bundled by react-list.bench.ts). Two variants render the same list of
 * 1,000 messages with memoised rows and receive the same stream of edits:
 *
 *   ddp       — the Perseid client path: DDP `changed` frames through a Connection (parse,
 *               5 ms write batching), the ClientCollection store into minimongo, and
 *               useFind feeding React.
 *   ddp-unbatched — the same with bufferedWritesInterval 0, separating the batching
 *               window from the processing cost.
 *   baseline  — a plain array in React state, each edit a copy with one object replaced.
 *
 * For each edit a performance mark is set when it enters (frame delivered / setState
 * called) and a measure is taken in the edited row's layout effect, i.e. when React has
 * committed it. React's Profiler reports the render work of each commit.
 */
import { memo, Profiler, useLayoutEffect, useState } from 'react';
// Aliased to react-dom/profiling by the bench build so <Profiler> reports in production mode.
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { Connection, type Transport, type TransportHandlers } from '@perseid/ddp-client';
import { ClientCollection } from '@perseid/mongo';
import { useFind } from '@perseid/react-meteor-data';

type Message = { _id: string; text: string; rev: number; order: number };

export interface VariantResult {
  readonly variant: string;
  /** ms from an edit entering to its row's commit, one per edit. */
  readonly latencies: number[];
  /** React Profiler actualDuration per commit (render work), ms. */
  readonly renderWork: number[];
  readonly commits: number;
  readonly missed: number;
}

const marks = new Map<string, number>();

const Row = memo(function Row({ message }: { message: Message }) {
  useLayoutEffect(() => {
    const key = `${message._id}:${message.rev}`;
    if (marks.has(key)) {
      performance.mark(`commit-${key}`);
      performance.measure(`edit-${key}`, `in-${key}`, `commit-${key}`);
      marks.delete(key);
    }
  }, [message]);
  return (
    <li>
      <b>{message.order}</b> {message.text} <i>{message.rev}</i>
    </li>
  );
});

function List({ docs }: { docs: readonly Message[] }) {
  return (
    <ul>
      {docs.map((m) => (
        <Row key={m._id} message={m} />
      ))}
    </ul>
  );
}

function initialDocs(count: number): Message[] {
  return Array.from({ length: count }, (_, i) => ({ _id: `m${String(i).padStart(5, '0')}`, text: `message number ${i}`, rev: 0, order: i }));
}

/** Edits are applied every `intervalMs`, round-robin over pseudo-random rows. */
function schedule(count: number, edits: number, intervalMs: number, apply: (i: number, id: string, rev: number) => void): Promise<void> {
  return new Promise((resolve) => {
    let i = 0;
    let state = 12345;
    const timer = setInterval(() => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      const row = state % count;
      const id = `m${String(row).padStart(5, '0')}`;
      const rev = i + 1;
      marks.set(`${id}:${rev}`, performance.now());
      performance.mark(`in-${id}:${rev}`);
      apply(i, id, rev);
      i += 1;
      if (i >= edits) {
        clearInterval(timer);
        // Let the last batch window (5 ms) and commit pass.
        setTimeout(resolve, 100);
      }
    }, intervalMs);
  });
}

function collect(variant: string, renderWork: number[], commitsBefore: number, commits: () => number): VariantResult {
  const latencies = performance
    .getEntriesByType('measure')
    .filter((e) => e.name.startsWith('edit-'))
    .map((e) => e.duration);
  const missed = marks.size;
  marks.clear();
  performance.clearMarks();
  performance.clearMeasures();
  return { variant, latencies, renderWork, commits: commits() - commitsBefore, missed };
}

async function runBaseline(count: number, edits: number, intervalMs: number): Promise<VariantResult> {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  let setDocs!: (update: (docs: Message[]) => Message[]) => void;
  const renderWork: number[] = [];
  let commits = 0;
  function App() {
    const [docs, set] = useState(() => initialDocs(count));
    setDocs = set;
    return (
      <Profiler
        id="baseline"
        onRender={(_id, _phase, actual) => {
          renderWork.push(actual);
          commits++;
        }}
      >
        <List docs={docs} />
      </Profiler>
    );
  }
  flushSync(() => root.render(<App />));
  renderWork.length = 0;
  const before = commits;
  await schedule(count, edits, intervalMs, (_i, id, rev) => {
    setDocs((docs) => {
      const index = docs.findIndex((d) => d._id === id);
      const next = docs.slice();
      const old = next[index] as Message;
      next[index] = { ...old, text: `edited ${rev}`, rev };
      return next;
    });
  });
  const result = collect('plain array + useState (baseline)', renderWork.slice(), before, () => commits);
  root.unmount();
  container.remove();
  return result;
}

async function runDdp(count: number, edits: number, intervalMs: number, bufferedWritesInterval: number): Promise<VariantResult> {
  let handlers!: TransportHandlers;
  const transport: Transport = {
    open(_url, h) {
      handlers = h;
      queueMicrotask(() => h.onOpen());
      return { send() {}, close() {} };
    },
  };
  const connection = new Connection('http://bench.invalid', { transport, heartbeatInterval: 0, bufferedWritesInterval, log: () => {} });
  const messages = new ClientCollection<Message>('messages', { connection });
  await new Promise((r) => setTimeout(r, 0));
  handlers.onMessage(JSON.stringify({ msg: 'connected', session: 'bench' }));
  for (const doc of initialDocs(count)) {
    const { _id, ...fields } = doc;
    handlers.onMessage(JSON.stringify({ msg: 'added', collection: 'messages', id: _id, fields }));
  }
  await new Promise((r) => setTimeout(r, 20));

  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  const renderWork: number[] = [];
  let commits = 0;
  function App() {
    const docs = useFind(() => messages.find({}, { sort: { order: 1 } }));
    return (
      <Profiler
        id="ddp"
        onRender={(_id, _phase, actual) => {
          renderWork.push(actual);
          commits++;
        }}
      >
        <List docs={docs} />
      </Profiler>
    );
  }
  flushSync(() => root.render(<App />));
  await new Promise((r) => setTimeout(r, 20));
  renderWork.length = 0;
  const before = commits;
  await schedule(count, edits, intervalMs, (_i, id, rev) => {
    handlers.onMessage(JSON.stringify({ msg: 'changed', collection: 'messages', id, fields: { text: `edited ${rev}`, rev } }));
  });
  const label =
    bufferedWritesInterval === 0 ? 'DDP path, write batching off (bufferedWritesInterval 0)' : `DDP path, default ${bufferedWritesInterval} ms write batching`;
  const result = collect(`${label}: frames → Connection → ClientCollection → useFind`, renderWork.slice(), before, () => commits);
  root.unmount();
  container.remove();
  connection.close();
  return result;
}

/** New rows: `n<i>` with rev 1, appended at the end of the sort order. */
function scheduleInserts(inserts: number, intervalMs: number, apply: (i: number, id: string) => void): Promise<void> {
  return new Promise((resolve) => {
    let i = 0;
    const timer = setInterval(() => {
      const id = `n${String(i).padStart(5, '0')}`;
      marks.set(`${id}:1`, performance.now());
      performance.mark(`in-${id}:1`);
      apply(i, id);
      i += 1;
      if (i >= inserts) {
        clearInterval(timer);
        setTimeout(resolve, 100);
      }
    }, intervalMs);
  });
}

async function runBaselineAppend(count: number, inserts: number, intervalMs: number): Promise<VariantResult> {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  let setDocs!: (update: (docs: Message[]) => Message[]) => void;
  const renderWork: number[] = [];
  let commits = 0;
  function App() {
    const [docs, set] = useState(() => initialDocs(count));
    setDocs = set;
    return (
      <Profiler
        id="append"
        onRender={(_id, _phase, actual) => {
          renderWork.push(actual);
          commits++;
        }}
      >
        <List docs={docs} />
      </Profiler>
    );
  }
  flushSync(() => root.render(<App />));
  renderWork.length = 0;
  const before = commits;
  await scheduleInserts(inserts, intervalMs, (i, id) => {
    setDocs((docs) => [...docs, { _id: id, text: `sent ${i}`, rev: 1, order: count + i }]);
  });
  const result = collect('insert, baseline: append to a plain array in useState', renderWork.slice(), before, () => commits);
  root.unmount();
  container.remove();
  return result;
}

/** A method stub inserts the message; the (fake) server never answers, as if it were slow. */
async function runOptimistic(count: number, inserts: number, intervalMs: number): Promise<VariantResult> {
  let handlers!: TransportHandlers;
  const transport: Transport = {
    open(_url, h) {
      handlers = h;
      queueMicrotask(() => h.onOpen());
      return { send() {}, close() {} };
    },
  };
  const connection = new Connection('http://bench.invalid', { transport, heartbeatInterval: 0, log: () => {} });
  const messages = new ClientCollection<Message>('messages', { connection });
  connection.methods({
    'messages.send'(id: string, text: string, order: number) {
      return messages.insert({ _id: id, text, rev: 1, order });
    },
  });
  await new Promise((r) => setTimeout(r, 0));
  handlers.onMessage(JSON.stringify({ msg: 'connected', session: 'bench' }));
  for (const doc of initialDocs(count)) {
    const { _id, ...fields } = doc;
    handlers.onMessage(JSON.stringify({ msg: 'added', collection: 'messages', id: _id, fields }));
  }
  await new Promise((r) => setTimeout(r, 20));
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  const renderWork: number[] = [];
  let commits = 0;
  function App() {
    const docs = useFind(() => messages.find({}, { sort: { order: 1 } }));
    return (
      <Profiler
        id="optimistic"
        onRender={(_id, _phase, actual) => {
          renderWork.push(actual);
          commits++;
        }}
      >
        <List docs={docs} />
      </Profiler>
    );
  }
  flushSync(() => root.render(<App />));
  await new Promise((r) => setTimeout(r, 20));
  renderWork.length = 0;
  const before = commits;
  await scheduleInserts(inserts, intervalMs, (i, id) => {
    void connection.callAsync('messages.send', id, `sent ${i}`, count + i).catch(() => {});
  });
  const result = collect('insert, Perseid: Meteor.callAsync stub → ClientCollection → useFind (server silent)', renderWork.slice(), before, () => commits);
  root.unmount();
  container.remove();
  connection.close();
  return result;
}

declare global {
  interface Window {
    runReactListBench(options: { count: number; edits: number; intervalMs: number; order: string[] }): Promise<VariantResult[]>;
  }
}

window.runReactListBench = async ({ count, edits, intervalMs, order }) => {
  const results: VariantResult[] = [];
  for (const variant of order) {
    switch (variant) {
      case 'ddp':
        results.push(await runDdp(count, edits, intervalMs, 5));
        break;
      case 'ddp-unbatched':
        results.push(await runDdp(count, edits, intervalMs, 0));
        break;
      case 'insert-baseline':
        results.push(await runBaselineAppend(count, Math.min(edits, 200), intervalMs * 5));
        break;
      case 'insert-optimistic':
        results.push(await runOptimistic(count, Math.min(edits, 200), intervalMs * 5));
        break;
      default:
        results.push(await runBaseline(count, edits, intervalMs));
    }
  }
  return results;
};
