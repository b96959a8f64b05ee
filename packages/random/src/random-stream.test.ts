import assert from 'node:assert/strict';
import { Random } from './random';
import { RandomStream, makeRpcSeed } from './random-stream';

describe('RandomStream', () => {
  it('sequence(name) is Alea seeded with [...seed, name], as Meteor derives it', () => {
    const stream = new RandomStream({ seed: 'method-seed' });
    const clone = Random.createWithSeeds('method-seed', '/collection/messages');
    const sequence = stream.sequence('/collection/messages');
    assert.deepEqual([sequence.id(), sequence.id()], [clone.id(), clone.id()]);
  });

  it('a client stub and a server with the same randomSeed generate the same ids', () => {
    const clientInvocation = { randomSeed: 'b2d8f0c1a3e5f7091b2d' };
    const serverInvocation = { randomSeed: 'b2d8f0c1a3e5f7091b2d' };
    const client = [1, 2, 3].map(() => RandomStream.get(clientInvocation, '/collection/messages').id());
    const server = [1, 2, 3].map(() => RandomStream.get(serverInvocation, '/collection/messages').id());
    assert.deepEqual(client, server);
    assert.equal(new Set(client).size, 3, 'the scope continues its sequence between calls');
  });

  it('named sequences are independent, so interleaving does not change them', () => {
    const a = { randomSeed: 'seed' };
    const b = { randomSeed: 'seed' };
    const x1 = RandomStream.get(a, 'x').id();
    RandomStream.get(a, 'y').id();
    const x2 = RandomStream.get(a, 'x').id();
    assert.deepEqual([x1, x2], [RandomStream.get(b, 'x').id(), RandomStream.get(b, 'x').id()]);
  });

  it('uses the "default" sequence when no name is given', () => {
    const a = RandomStream.get({ randomSeed: 'd' }).id();
    assert.equal(a, Random.createWithSeeds('d', 'default').id());
  });

  it('accepts an array seed and calls function seed items', () => {
    const stream = new RandomStream({ seed: ['a', () => 'b'] });
    assert.equal(stream.sequence('n').id(), Random.createWithSeeds('a', 'b', 'n').id());
  });

  it('without a scope returns the strong generator (not reproducible)', () => {
    assert.equal(RandomStream.get(null, 'x'), Random);
    assert.equal(RandomStream.get(undefined), Random);
  });

  it('a scope without a seed still gets a working, private stream', () => {
    const scope = {};
    const first = RandomStream.get(scope, 'x').id();
    assert.equal(first.length, 17);
    assert.notEqual(RandomStream.get({}, 'x').id(), first);
  });

  it('makeRpcSeed gives 20 hex chars, reproducible inside a seeded invocation', () => {
    assert.match(makeRpcSeed(null, 'm'), /^[0-9a-f]{20}$/);
    const seeded = makeRpcSeed({ randomSeed: 's' }, 'messages.send');
    assert.equal(seeded, Random.createWithSeeds('s', '/rpc/messages.send').hexString(20));
  });
});
