/**
 * The client collection in a real browser, rendered with useFind under StrictMode, fed by
 * our DDP server: server inserts/updates/removes appear, an optimistic message shows
 * before the server answers and is replaced without a duplicate, a rejected one vanishes.
 */
import assert from 'node:assert/strict';
import { act, StrictMode, useEffect } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { DDP, setDefaultConnection, type Connection } from '@perseid/ddp-client';
import { useFind, useSubscribe } from '@perseid/react-meteor-data';
import { Tracker } from '@perseid/tracker';
import { ClientCollection } from './client-collection';
import { eventually } from '../../../tests/helpers/eventually';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const env = (globalThis as unknown as { __TEST_ENV__: { ddpUrl: string } }).__TEST_ENV__;

type Message = { _id: string; text: string; order: number; sent?: boolean };

describe('ClientCollection + useFind in Chromium (StrictMode, real DDP server)', () => {
  let connection: Connection;
  let messages: ClientCollection<Message>;
  let container: HTMLDivElement;
  let root: Root;

  const text = () => container.textContent ?? '';
  // The pause happens inside act() so React commits what arrived meanwhile before the next look.
  const flushAndPause = async (): Promise<void> => {
    await act(async () => {
      Tracker.flush();
      await new Promise((r) => setTimeout(r, 5));
    });
  };
  const shows = { between: flushAndPause, intervalMs: 0, detail: () => `page shows "${text()}"` };

  let commits = 0;
  function Messages() {
    useEffect(() => void (commits += 1));
    const isLoading = useSubscribe('messages');
    const docs = useFind(() => messages.find({}, { sort: { order: 1 } }));
    if (isLoading()) return <p>loading</p>;
    return (
      <ul>
        {docs.map((m) => (
          <li key={m._id}>{`${m.text}${m.sent ? '' : '*'};`}</li>
        ))}
      </ul>
    );
  }

  before(async () => {
    // A wider batching window than the default 5 ms keeps the burst test independent of
    // how the frames happen to be split into socket reads on a loaded machine.
    connection = DDP.connect(env.ddpUrl, { retry: false, bufferedWritesInterval: 50 });
    // useSubscribe subscribes on the default connection, as Meteor.subscribe does.
    setDefaultConnection(connection);
    messages = new ClientCollection<Message>('messages', { connection });
    connection.methods({
      'messages.send'(text: string, order: number) {
        return messages.insert({ text, order });
      },
    });
    container = document.createElement('div');
    document.body.appendChild(container);
    root = createRoot(container);
    await connection.callAsync('test.add', 'm1', 'first', 1);
    await act(async () =>
      root.render(
        <StrictMode>
          <Messages />
        </StrictMode>,
      ),
    );
    await eventually('the first message', () => text() === 'first*;', shows);
  });

  after(async () => {
    await act(async () => root.unmount());
    container.remove();
    connection.close();
    setDefaultConnection(undefined);
  });

  it('renders a server insert, update and remove', async () => {
    await connection.callAsync('test.add', 'm2', 'second', 2);
    await eventually('the server insert', () => text() === 'first*;second*;', shows);
    await connection.callAsync('test.edit', 'm1', 'edited');
    await eventually('the server update', () => text() === 'edited*;second*;', shows);
    await connection.callAsync('test.remove', 'm2');
    await eventually('the server remove', () => text() === 'edited*;', shows);
  });

  it('shows my message before the server answers, then the server copy, once', async () => {
    await connection.callAsync('test.hold');
    const call = connection.callAsync('messages.send', 'mine', 5);
    const stubId = await call.stubPromise;
    await eventually('the optimistic message', () => text() === 'edited*;mine*;', shows);
    await connection.callAsync('test.release');
    assert.equal(await call, stubId, 'the server used the same _id');
    await eventually('the server version', () => text() === 'edited*;mine;', shows);
    assert.equal(messages.find({ text: 'mine' }).count(), 1);
  });

  it('a burst of 50 server inserts re-renders the list once, not 50 times', async () => {
    const before = commits;
    await connection.callAsync('test.burst', 'b', 50);
    await eventually('the burst', () => messages.find({ text: /^b/ }).count() === 50, shows);
    await eventually('the burst on screen', () => (container.textContent ?? '').includes('b49'), shows);
    assert.ok(commits - before <= 2, `the burst re-rendered the list ${commits - before} times, not once per document`);
    for (let i = 0; i < 50; i++) await connection.callAsync('test.remove', `b${i}`);
    await eventually('the cleanup', () => !(container.textContent ?? '').includes('b0'), shows);
  });

  it('removes my message again when the server rejects it', async () => {
    const call = connection.callAsync('messages.send', '', 6);
    await call.stubPromise;
    await assert.rejects(call, /Message is empty/);
    await eventually('the rollback', () => text() === 'edited*;mine;', shows);
  });
});
