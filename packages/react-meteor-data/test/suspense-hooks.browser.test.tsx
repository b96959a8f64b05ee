/**
 * The Suspense hooks in Chromium under StrictMode, against a real DDP server publishing a
 * Mongo.Collection stored in minimongod. Frames the page sends are recorded by a transport
 * wrapping the real WebSocket one, so sharing is checked on the wire.
 */
import assert from 'node:assert/strict';
import { act, Component, StrictMode, Suspense, useEffect, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { DDP, setDefaultConnection, WebSocketTransport, type Connection, type Transport, type WebSocketConstructor } from '@perseid/ddp-client';
import { EJSON } from '@perseid/ejson';
import { ClientCollection } from '@perseid/mongo';
import { Tracker } from '@perseid/tracker';
import * as suspenseFacade from 'meteor/react-meteor-data/suspense';
import { useFindSuspense, useSubscribeSuspense, useTrackerSuspense } from '../src/index';
import { firstFetchesOf } from '../src/use-find-suspense';
import { suspenseSubscriptions } from '../src/use-subscribe-suspense';
import { suspenseComputations } from '../src/use-tracker-suspense';
import { eventually } from '../../../tests/helpers/eventually';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const env = (globalThis as unknown as { __TEST_ENV__: { ddpUrl: string; tasksName: string } }).__TEST_ENV__;

type Task = { _id: string; title: string; list: string };
type Frame = { msg?: unknown; id?: unknown; name?: unknown; params?: unknown };

const sent: Frame[] = [];
function recordingTransport(): Transport {
  const real = new WebSocketTransport(globalThis.WebSocket as unknown as WebSocketConstructor);
  return {
    open(url, handlers) {
      const socket = real.open(url, handlers);
      return {
        send(frame) {
          sent.push(JSON.parse(frame) as Frame);
          socket.send(frame);
        },
        close: () => socket.close(),
      };
    },
  };
}

const subFrames = (name: string, params: unknown[]) =>
  sent.filter((f) => f.msg === 'sub' && f.name === name && JSON.stringify(f.params) === JSON.stringify(params));
const unsubFrames = (subIds: unknown[]) => sent.filter((f) => f.msg === 'unsub' && subIds.includes(f.id));

function reactiveValue<T>(initial: T) {
  const dep = new Tracker.Dependency();
  let value = initial;
  return {
    dep,
    get: () => {
      dep.depend();
      return value;
    },
    set: (next: T) => {
      value = next;
      dep.changed();
    },
  };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: undefined };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    if (this.state.error === undefined) return this.props.children;
    const error = this.state.error as { error?: unknown; reason?: unknown; message?: unknown };
    return <p>failed: {String(error.reason ?? error.message)}</p>;
  }
}

let fallbackMounts = 0;
function Fallback() {
  useEffect(() => void (fallbackMounts += 1), []);
  return <p>waiting</p>;
}

let container: HTMLDivElement;
let root: Root;
let connection: Connection;
let tasks: ClientCollection<Task>;

async function render(node: ReactNode): Promise<void> {
  await act(async () =>
    root.render(
      <StrictMode>
        <ErrorBoundary>
          <Suspense fallback={<Fallback />}>{node}</Suspense>
        </ErrorBoundary>
      </StrictMode>,
    ),
  );
}

async function unmountAll(): Promise<void> {
  await act(async () =>
    root.render(
      <StrictMode>
        <p>gone</p>
      </StrictMode>,
    ),
  );
}

async function settle(): Promise<void> {
  await act(async () => {
    Tracker.flush();
    await new Promise((r) => setTimeout(r, 0));
    Tracker.flush();
  });
}

const text = () => container.textContent ?? '';
const liveSubscriptions = async (name: string) => (await connection.callAsync('test.liveSubscriptions', name)) as number;

function TaskList({ list, publication = 'tasks' }: { list: string; publication?: string }) {
  useSubscribeSuspense(publication, list);
  const docs = useFindSuspense(tasks, [{ list }, { sort: { title: 1 } }]);
  return (
    <ul>
      {docs.map((t) => (
        <li key={t._id}>{t.title};</li>
      ))}
    </ul>
  );
}

describe('meteor/react-meteor-data/suspense', () => {
  it('maps Meteor 3 names onto the Suspense hooks', () => {
    assert.equal(suspenseFacade.useSubscribe, useSubscribeSuspense);
    assert.equal(suspenseFacade.useFind, useFindSuspense);
    assert.equal(suspenseFacade.useTracker, useTrackerSuspense);
  });
});

describe('Suspense hooks (StrictMode, real DDP server on minimongod)', function () {
  this.timeout(20_000);

  before(() => {
    connection = DDP.connect(env.ddpUrl, { retry: false, transport: recordingTransport() });
    setDefaultConnection(connection);
    tasks = new ClientCollection<Task>(env.tasksName, { connection });
  });

  after(() => {
    connection.close();
    setDefaultConnection(undefined);
  });

  beforeEach(() => {
    fallbackMounts = 0;
    container = document.createElement('div');
    document.body.appendChild(container);
    root = createRoot(container);
  });

  afterEach(async () => {
    await act(async () => root.unmount());
    container.remove();
  });

  it('useSubscribe shows the fallback until the subscription is ready, then the documents', async () => {
    await connection.callAsync('test.closeGate');
    await connection.callAsync('test.insert', 'g1', 'gated one', 'gated');
    await render(<TaskList list="gated" publication="gatedTasks" />);
    await eventually('the publication to start', async () => (await liveSubscriptions('gatedTasks')) === 1, { between: settle });
    await settle();
    assert.equal(text(), 'waiting', 'suspended while the publication is held back');
    await connection.callAsync('test.openGate');
    await eventually('the documents', () => text() === 'gated one;', { between: settle });
  });

  it('two components share one sub on the wire, stopped once both unmount', async () => {
    await connection.callAsync('test.insert', 's1', 'shared one', 'shared');
    function Pair() {
      return (
        <>
          <TaskList list="shared" />
          <Second />
        </>
      );
    }
    let second = true;
    function Second() {
      return second ? <TaskList list="shared" /> : null;
    }
    const showSecond = (show: boolean): void => void (second = show);
    await render(<Pair />);
    await eventually('both lists', () => text() === 'shared one;shared one;', { between: settle });
    const subs = subFrames('tasks', ['shared']);
    assert.equal(subs.length, 1, 'one sub frame for two components (and StrictMode re-mounts)');
    assert.equal(await liveSubscriptions('tasks'), 1);

    showSecond(false);
    await render(<Pair />);
    await settle();
    assert.equal(text(), 'shared one;');
    // A method round trip after the release grace: the remaining component still holds it.
    assert.equal(await liveSubscriptions('tasks'), 1);
    assert.equal(unsubFrames(subs.map((f) => f.id)).length, 0, 'no unsub while one component remains');

    await unmountAll();
    await eventually('the unsub frame', () => unsubFrames(subs.map((f) => f.id)).length === 1, { between: settle });
    await eventually('the server to stop the subscription', async () => (await liveSubscriptions('tasks')) === 0, { between: settle });
    assert.equal(suspenseSubscriptions.peek(EJSON.stringify(['tasks', ['shared']])), undefined, 'nothing left in the cache');
  });

  it('useFind re-renders a live insert without showing the fallback again', async () => {
    await connection.callAsync('test.insert', 'l1', 'alpha', 'live');
    await render(<TaskList list="live" />);
    await eventually('the first documents', () => text() === 'alpha;', { between: settle });
    const mountsBefore = fallbackMounts;
    await connection.callAsync('test.insert', 'l2', 'beta', 'live');
    await eventually('the inserted document', () => text() === 'alpha;beta;', { between: settle });
    assert.equal(fallbackMounts, mountsBefore, 'the fallback did not come back');
    assert.equal(subFrames('tasks', ['live']).length, 1, 'the insert did not resubscribe');
  });

  it('a publication that fails reaches the error boundary', async () => {
    function Forbidden() {
      useSubscribeSuspense('forbidden');
      return <p>should not render</p>;
    }
    await render(<Forbidden />);
    await eventually('the error boundary', () => text().startsWith('failed'), { between: settle });
    assert.equal(text(), 'failed: You may not see these tasks');
  });

  it('useTracker suspends on an async function, renders, re-runs on a reactive change, cleans up', async () => {
    const counter = reactiveValue(1);
    const firstResult = deferred();
    let runs = 0;
    function Doubled() {
      const doubled = useTrackerSuspense('doubled', async () => {
        runs += 1;
        const n = counter.get();
        await firstResult.promise;
        return n * 2;
      });
      return <p>doubled {doubled}</p>;
    }
    await render(<Doubled />);
    await settle();
    assert.equal(text(), 'waiting');
    firstResult.resolve();
    await eventually('the first result', () => text() === 'doubled 2', { between: settle });
    const mountsBefore = fallbackMounts;
    const runsBefore = runs;
    counter.set(5);
    await eventually('the re-run result', () => text() === 'doubled 10', { between: settle });
    assert.equal(runs, runsBefore + 1, 'one re-run for one change');
    assert.equal(fallbackMounts, mountsBefore, 'the re-run did not suspend');
    await unmountAll();
    await eventually('the key to be forgotten', () => suspenseComputations.peek('doubled') === undefined, { between: settle });
    assert.equal(counter.dep.hasDependents(), false, 'the computation stopped');
  });

  it('useTracker passes a rejection to the error boundary', async () => {
    function Rejecting() {
      useTrackerSuspense('rejecting', async () => {
        await Promise.resolve();
        throw new Error('the function failed');
      });
      return <p>should not render</p>;
    }
    await render(<Rejecting />);
    await eventually('the error boundary', () => text().startsWith('failed'), { between: settle });
    assert.equal(text(), 'failed: the function failed');
  });

  it('unmounting leaves no subscription, computation or cached fetch behind', async () => {
    const value = reactiveValue('v');
    function Everything() {
      useSubscribeSuspense('tasks', 'cleanup');
      const docs = useFindSuspense(tasks, [{ list: 'cleanup' }]);
      const label = useTrackerSuspense('cleanup-label', async () => `${value.get()}${docs.length}`, [docs.length]);
      return <p>{label}</p>;
    }
    await render(<Everything />);
    await eventually('the render', () => text() === 'v0', { between: settle });
    assert.equal(await liveSubscriptions('tasks'), 1);
    await unmountAll();
    await eventually('the server to stop the subscription', async () => (await liveSubscriptions('tasks')) === 0, { between: settle });
    await eventually(
      'the caches forget the keys',
      () =>
        suspenseSubscriptions.peek(EJSON.stringify(['tasks', ['cleanup']])) === undefined &&
        suspenseComputations.peek('cleanup-label') === undefined &&
        firstFetchesOf(tasks)?.peek(EJSON.stringify([{ list: 'cleanup' }])) === undefined,
      { between: settle },
    );
    assert.equal(value.dep.hasDependents(), false);
  });
});
