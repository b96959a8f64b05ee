import assert from 'node:assert/strict';
import type { MethodMessage } from '@perseid/ddp-protocol';
import { MethodBlocks } from './method-blocks';
import { MethodInvoker } from './method-invoker';

function setup() {
  const sent: string[] = [];
  const blocks = new MethodBlocks(() => {});
  const make = (id: string, wait = false) =>
    new MethodInvoker({
      message: { msg: 'method', id, method: id, params: [] } satisfies MethodMessage,
      wait,
      noRetry: false,
      callback: () => {},
      send: (m) => {
        sent.push(m.id);
        return true;
      },
      onFinished: (inv) => blocks.finished(inv),
    });
  const finish = (inv: MethodInvoker) => {
    blocks.takeForResult(inv.methodId);
    inv.receiveResult(undefined, null);
    inv.dataVisible();
  };
  return { sent, blocks, make, finish };
}

describe('MethodBlocks', () => {
  it('sends a wait method alone and the methods after it once it is finished', () => {
    const { sent, blocks, make, finish } = setup();
    const a = make('a');
    const login = make('login', true);
    const b = make('b');
    const c = make('c');
    for (const m of [a, login, b, c]) blocks.add(m);
    assert.deepEqual(sent, ['a']);
    finish(a);
    assert.deepEqual(sent, ['a', 'login']);
    finish(login);
    assert.deepEqual(sent, ['a', 'login', 'b', 'c']);
  });

  it('puts calls made by reconnect hooks first and merges ordinary blocks after them', () => {
    const { sent, blocks, make } = setup();
    const a = make('a');
    blocks.add(a);
    a.markUnsent();
    sent.length = 0;
    blocks.prependFrom(() => blocks.add(make('hook')));
    blocks.sendFirstBlock();
    assert.deepEqual(
      blocks.firstBlock().map((m) => m.methodId),
      ['hook', 'a'],
    );
    assert.deepEqual(sent, ['hook', 'a']);
  });

  it('ignores a result for a method that is not in flight', () => {
    const { blocks, make } = setup();
    blocks.add(make('a', true));
    blocks.add(make('b'));
    assert.equal(blocks.takeForResult('b'), undefined);
    assert.equal(blocks.takeForResult('zzz'), undefined);
  });

  it('does not stall behind a block left empty by a call that finished out of order', () => {
    const { sent, blocks, make } = setup();
    const a = make('a');
    blocks.add(a);
    blocks.takeForResult('a');
    a.receiveResult(undefined, 1);
    // A reconnect: the answered call is no longer "in flight" on the new session; a
    // hook's wait method goes first, and the answered call finishes before it does.
    a.markUnsent();
    const login = make('login', true);
    blocks.prependFrom(() => blocks.add(login));
    a.dataVisible();
    blocks.takeForResult('login');
    login.receiveResult(undefined, {});
    login.dataVisible();
    const later = make('later', true);
    blocks.add(later);
    assert.deepEqual(sent, ['a', 'login', 'later']);
  });
});
