import assert from 'node:assert/strict';
import { act, memo, StrictMode, useState, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { DDP, setDefaultConnection, type Connection } from '@perseid/ddp-client';
import { LocalCollection } from '@perseid/minimongo';
import { Tracker } from '@perseid/tracker';
import { useFind, useSubscribe, useTracker, withTracker } from '../src/index';
import { eventually } from '../../../tests/helpers/eventually';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const env = (globalThis as unknown as { __TEST_ENV__: { ddpUrl: string } }).__TEST_ENV__;

/** A tiny reactive variable built on Tracker.Dependency. */
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

let container: HTMLDivElement;
let root: Root;

async function render(node: ReactNode): Promise<void> {
  await act(async () => root.render(<StrictMode>{node}</StrictMode>));
}

/** Lets Tracker flush and React commit. */
async function settle(): Promise<void> {
  await act(async () => {
    Tracker.flush();
    await new Promise((r) => setTimeout(r, 0));
    Tracker.flush();
  });
}

const text = () => container.textContent ?? '';

beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});

afterEach(async () => {
  await act(async () => root.unmount());
  container.remove();
});

describe('useTracker (StrictMode)', () => {
  it('renders the reactive value and re-renders when it changes', async () => {
    const name = reactiveValue('ada');
    function Hello() {
      const value = useTracker(() => name.get());
      return <p>hello {value}</p>;
    }
    await render(<Hello />);
    assert.equal(text(), 'hello ada');
    name.set('grace');
    await settle();
    assert.equal(text(), 'hello grace');
  });

  it('leaves no computation behind after unmount', async () => {
    const value = reactiveValue(1);
    function Reader() {
      return <p>{useTracker(() => value.get(), [])}</p>;
    }
    await render(<Reader />);
    assert.equal(value.dep.hasDependents(), true);
    await act(async () =>
      root.render(
        <StrictMode>
          <p>gone</p>
        </StrictMode>,
      ),
    );
    await settle();
    assert.equal(value.dep.hasDependents(), false);
  });

  it('without deps re-runs on every render and still leaves nothing behind', async () => {
    const value = reactiveValue('x');
    let setN!: (n: number) => void;
    function Reader() {
      const [n, set] = useState(0);
      setN = set;
      return <p>{useTracker(() => `${value.get()}${n}`)}</p>;
    }
    await render(<Reader />);
    await act(async () => setN(1));
    assert.equal(text(), 'x1', 'the function saw the new prop');
    value.set('y');
    await settle();
    assert.equal(text(), 'y1');
    await act(async () =>
      root.render(
        <StrictMode>
          <p>gone</p>
        </StrictMode>,
      ),
    );
    await settle();
    assert.equal(value.dep.hasDependents(), false);
  });

  it('recomputes when deps change and honours skipUpdate', async () => {
    const counter = reactiveValue(0);
    let setFactor!: (n: number) => void;
    let renders = 0;
    function Scaled() {
      const [factor, set] = useState(1);
      setFactor = set;
      renders += 1;
      const scaled = useTracker(
        () => counter.get() * factor,
        [factor],
        (prev, next) => Math.floor(prev / 10) === Math.floor(next / 10),
      );
      return <p>{scaled}</p>;
    }
    await render(<Scaled />);
    assert.equal(text(), '0');
    await act(async () => setFactor(10));
    counter.set(1);
    await settle();
    assert.equal(text(), '10');
    const before = renders;
    counter.set(1);
    await settle();
    assert.equal(renders, before, 'skipUpdate kept the value, no re-render');
  });

  it('withTracker passes reactive data as props', async () => {
    const title = reactiveValue('one');
    const Title = withTracker((props: { prefix: string }) => ({ title: `${props.prefix}${title.get()}` }))((props: { prefix: string; title: string }) => (
      <h1>{props.title}</h1>
    ));
    await render(<Title prefix="#" />);
    assert.equal(text(), '#one');
    title.set('two');
    await settle();
    assert.equal(text(), '#two');
  });

  it('rejects bad arguments before touching React', () => {
    assert.throws(() => useTracker(5 as unknown as () => number), TypeError);
    assert.throws(() => useTracker(() => 1, 'deps' as unknown as []), /deps array or a skipUpdate function/);
    assert.throws(() => useFind(5 as unknown as () => null), /function returning a cursor/);
    assert.throws(() => useSubscribe(7 as unknown as string), /publication name must be a string/);
  });
});

describe('useFind with a local collection (StrictMode)', () => {
  it('renders inserts, updates and removes, re-rendering only the changed row', async () => {
    type Task = { _id: string; title: string; rank: number };
    const tasks = new LocalCollection(null);
    tasks.insert({ _id: 'a', title: 'alpha', rank: 1 });
    tasks.insert({ _id: 'b', title: 'beta', rank: 2 });
    const rowRenders = new Map<string, number>();
    const Row = memo(function Row({ task }: { task: { _id: string; title: string } }) {
      rowRenders.set(task._id, (rowRenders.get(task._id) ?? 0) + 1);
      return <li>{task.title}</li>;
    });
    function List() {
      const docs = useFind(() => tasks.find<Task>({}, { sort: { rank: 1 } }));
      return (
        <ul>
          {docs.map((t) => (
            <Row key={t._id} task={t} />
          ))}
        </ul>
      );
    }
    await render(<List />);
    assert.equal(text(), 'alphabeta');
    const aBefore = rowRenders.get('a');
    await act(async () => void tasks.update({ _id: 'b' }, { $set: { title: 'BETA' } }));
    assert.equal(text(), 'alphaBETA');
    assert.equal(rowRenders.get('a'), aBefore, 'the unchanged row did not re-render');
    await act(async () => void tasks.insert({ _id: 'c', title: 'gamma', rank: 0 }));
    assert.equal(text(), 'gammaalphaBETA');
    await act(async () => void tasks.remove({ _id: 'a' }));
    assert.equal(text(), 'gammaBETA');
  });
});

describe('useFind deps and null cursors (StrictMode)', () => {
  it('rebuilds the cursor when a dep changes', async () => {
    type Item = { _id: string; n: number };
    const items = new LocalCollection(null);
    for (let n = 0; n < 5; n++) items.insert({ _id: `i${n}`, n });
    let setMin!: (n: number) => void;
    function Above() {
      const [min, set] = useState(3);
      setMin = set;
      const docs = useFind(() => items.find<Item>({ n: { $gte: min } }, { sort: { n: 1 } }), [min]);
      return <p>{docs.map((d) => d.n).join(',')}</p>;
    }
    await render(<Above />);
    assert.equal(text(), '3,4');
    await act(async () => setMin(1));
    assert.equal(text(), '1,2,3,4');
    await act(async () => void items.remove({ _id: 'i2' }));
    assert.equal(text(), '1,3,4');
  });

  it('gives null for a factory returning null', async () => {
    function Empty() {
      const docs = useFind(() => null);
      return <p>{docs === null ? 'none' : 'some'}</p>;
    }
    await render(<Empty />);
    assert.equal(text(), 'none');
  });
});

describe('useSubscribe against the DDP server (StrictMode)', () => {
  let connection: Connection;

  before(() => {
    connection = DDP.connect(env.ddpUrl, { retry: false });
    setDefaultConnection(connection);
  });

  after(() => {
    connection.close();
    setDefaultConnection(undefined);
  });

  it('is loading until the publication is ready, and unsubscribes on unmount', async () => {
    function Gate() {
      const isLoading = useSubscribe('messages');
      return <p>{isLoading() ? 'loading' : 'ready'}</p>;
    }
    await render(<Gate />);
    assert.equal(text(), 'loading');
    await eventually('the subscription to become ready', () => text() === 'ready', { between: settle });
    assert.equal(await connection.callAsync('test.subscriberCount'), 1, 'StrictMode double effects left one subscription');
    await act(async () =>
      root.render(
        <StrictMode>
          <p>gone</p>
        </StrictMode>,
      ),
    );
    let count = -1;
    for (let i = 0; i < 100 && count !== 0; i++) {
      await settle();
      count = (await connection.callAsync('test.subscriberCount')) as number;
    }
    assert.equal(count, 0, 'unmounting stopped the subscription on the server');
  });

  it('a falsy name subscribes to nothing and is never loading', async () => {
    function Nothing() {
      const isLoading = useSubscribe(null);
      return <p>{isLoading() ? 'loading' : 'idle'}</p>;
    }
    await render(<Nothing />);
    assert.equal(text(), 'idle');
  });
});
