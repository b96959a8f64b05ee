import assert from 'node:assert/strict';
import { MAX_ECHOED_FRAME_CHARS } from './offending-message';
import { MAX_DDP_DEPTH, parseClientMessage, parseServerMessage } from './parse';

describe('parseClientMessage', () => {
  it('types a connect frame, keeping the resumption fields', () => {
    const result = parseClientMessage('{"msg":"connect","version":"1","support":["1","pre2"],"session":"abc","receivedCount":7}');
    assert.deepEqual(result, {
      ok: true,
      message: { msg: 'connect', session: 'abc', version: '1', support: ['1', 'pre2'], receivedCount: 7 },
    });
  });

  it('decodes EJSON in method params and passes randomSeed through untouched', () => {
    const result = parseClientMessage(
      JSON.stringify({ msg: 'method', method: 'm', id: '1', params: [{ $date: 1000 }, { a: { $escape: { $date: 1 } } }], randomSeed: 'seed' }),
    );
    assert.ok(result.ok);
    assert.equal(result.message.msg, 'method');
    if (result.message.msg !== 'method') return;
    const [date, escaped] = result.message.params ?? [];
    assert.ok(date instanceof Date);
    assert.equal(date.getTime(), 1000);
    assert.deepEqual(escaped, { a: { $date: 1 } });
    assert.equal(result.message.randomSeed, 'seed');
  });

  it('drops unknown fields, as DDP.md requires peers to ignore them', () => {
    const result = parseClientMessage('{"msg":"sub","id":"s1","name":"tasks","future":true}');
    assert.deepEqual(result, { ok: true, message: { msg: 'sub', id: 's1', name: 'tasks' } });
  });

  it('accepts an already-parsed object', () => {
    assert.deepEqual(parseClientMessage({ msg: 'ping', id: 'x' }), { ok: true, message: { msg: 'ping', id: 'x' } });
  });

  it('rejects text that is not JSON with "Parse error"', () => {
    const result = parseClientMessage('{"msg":');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.code, 'parse-error');
    assert.equal(result.reason, 'Parse error');
    assert.equal(result.offendingMessage, undefined);
  });

  for (const frame of ['[1,2]', '42', 'null', '"connect"']) {
    it(`rejects a JSON value that is not an object: ${frame}`, () => {
      const result = parseClientMessage(frame);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.code, 'not-an-object');
    });
  }

  it('rejects an unknown msg and reports the offending message', () => {
    const result = parseClientMessage('{"msg":"teleport","id":"1"}');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.code, 'unknown-msg');
    assert.deepEqual(result.offendingMessage, { msg: 'teleport', id: '1' });
  });

  it('rejects server messages sent by a client', () => {
    const result = parseClientMessage('{"msg":"added","collection":"c","id":"1"}');
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.code, 'unknown-msg');
  });

  it('does not treat inherited property names as message types', () => {
    const result = parseClientMessage('{"msg":"toString"}');
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.code, 'unknown-msg');
  });

  const malformed: Array<[string, unknown, RegExp]> = [
    ['sub without id', { msg: 'sub', name: 'x' }, /sub\.id is required/],
    ['sub with numeric name', { msg: 'sub', id: '1', name: 3 }, /sub\.name must be a string/],
    ['sub with object params', { msg: 'sub', id: '1', name: 'x', params: { a: 1 } }, /sub\.params must be an array/],
    ['method without method name', { msg: 'method', id: '1' }, /method\.method is required/],
    ['method with a bad EJSON param', { msg: 'method', method: 'm', id: '1', params: [{ $type: 'no-such-type', $value: 1 }] }, /method\.params/],
    ['connect without support', { msg: 'connect', version: '1' }, /connect\.support is required/],
    ['connect with mixed support', { msg: 'connect', version: '1', support: ['1', 2] }, /array of strings/],
    ['connect with a negative receivedCount', { msg: 'connect', version: '1', support: ['1'], receivedCount: -1 }, /receivedCount/],
    ['connect with a fractional receivedCount', { msg: 'connect', version: '1', support: ['1'], receivedCount: 1.5 }, /receivedCount/],
    ['unsub with numeric id', { msg: 'unsub', id: 4 }, /unsub\.id must be a string/],
    ['ping with numeric id', { msg: 'ping', id: 4 }, /ping\.id/],
  ];
  for (const [name, frame, reason] of malformed) {
    it(`rejects ${name} with a clear reason`, () => {
      const result = parseClientMessage(JSON.stringify(frame));
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.code, 'malformed');
      assert.match(result.reason, reason);
      assert.deepEqual(result.offendingMessage, frame);
    });
  }

  it('never throws on arbitrary input', () => {
    for (const raw of [undefined, Symbol('x'), () => 1, 12n, new Uint8Array(3), '', '\u0000', '{"msg":{"$date":1}}']) {
      const result = parseClientMessage(raw);
      assert.equal(result.ok, false);
    }
  });
});

describe('parse limits', () => {
  const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

  it(`refuses a frame nested deeper than ${MAX_DDP_DEPTH} levels with "too-deep", before connect or as method params`, () => {
    for (const frame of [
      `{"msg":"x","a":${nested(6000)}}`,
      `{"msg":"method","id":"1","method":"m","params":${nested(6000)}}`,
      `{"msg":"method","id":"1","method":"m","params":[${nested(MAX_DDP_DEPTH - 1)}]}`,
      nested(MAX_DDP_DEPTH + 1),
    ]) {
      const result = parseClientMessage(frame);
      assert.equal(result.ok, false);
      if (result.ok) continue;
      assert.equal(result.code, 'too-deep');
      assert.match(result.reason, new RegExp(`nested deeper than ${MAX_DDP_DEPTH} levels`));
      assert.equal(result.offendingMessage, undefined);
    }
  });

  it(`accepts ${MAX_DDP_DEPTH} levels, the frame included`, () => {
    const result = parseClientMessage(`{"msg":"method","id":"1","method":"m","params":${nested(MAX_DDP_DEPTH - 1)}}`);
    assert.equal(result.ok, true);
  });

  it('refuses an already-built value nested too deep, cycles included', () => {
    let params: unknown = [];
    for (let i = 0; i < 6000; i++) params = [params];
    const deep = parseClientMessage({ msg: 'method', id: '1', method: 'm', params });
    assert.equal(!deep.ok && deep.code, 'too-deep');
    const loop: unknown[] = [];
    loop.push(loop);
    const cyclic = parseClientMessage({ msg: 'method', id: '1', method: 'm', params: loop });
    assert.equal(!cyclic.ok && cyclic.code, 'too-deep');
  });

  it('the server side refuses deep frames too', () => {
    const result = parseServerMessage(`{"msg":"added","collection":"c","id":"a","fields":{"x":${nested(6000)}}}`);
    assert.equal(!result.ok && result.code, 'too-deep');
  });

  it(`echoes a frame of at most ${MAX_ECHOED_FRAME_CHARS} characters whole, a longer one by its msg and id only`, () => {
    const short = { msg: 'teleport', id: 'a', to: 'x'.repeat(100) };
    const shortResult = parseClientMessage(JSON.stringify(short));
    assert.deepEqual(!shortResult.ok && shortResult.offendingMessage, short);
    const long = { msg: 'sub', id: 'b', name: 'x'.repeat(MAX_ECHOED_FRAME_CHARS), params: {} };
    const longResult = parseClientMessage(JSON.stringify(long));
    assert.deepEqual(!longResult.ok && longResult.offendingMessage, { msg: 'sub', id: 'b' });
    const hugeTags = { msg: 'y'.repeat(2000), id: 'z'.repeat(2000) };
    const hugeResult = parseClientMessage(JSON.stringify(hugeTags));
    assert.deepEqual(!hugeResult.ok && hugeResult.offendingMessage, {});
  });
});

describe('parseServerMessage', () => {
  it('decodes EJSON fields of added and keeps cleared of changed', () => {
    const added = parseServerMessage('{"msg":"added","collection":"c","id":"a","fields":{"at":{"$date":5},"n":1}}');
    assert.ok(added.ok && added.message.msg === 'added');
    assert.ok(added.message.fields?.['at'] instanceof Date);
    const changed = parseServerMessage('{"msg":"changed","collection":"c","id":"a","fields":{"n":2},"cleared":["at"]}');
    assert.deepEqual(changed, { ok: true, message: { msg: 'changed', collection: 'c', id: 'a', fields: { n: 2 }, cleared: ['at'] } });
  });

  it('reports the server_id frame as an object without msg, which clients ignore', () => {
    const result = parseServerMessage('{"server_id":"0"}');
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.code, 'no-msg');
  });

  it('types result errors, accepting numeric codes from pre1 peers', () => {
    const result = parseServerMessage('{"msg":"result","id":"1","error":{"error":404,"reason":"Method not found","errorType":"Meteor.Error"}}');
    assert.deepEqual(result, {
      ok: true,
      message: { msg: 'result', id: '1', error: { error: 404, reason: 'Method not found', errorType: 'Meteor.Error' } },
    });
  });

  it('rejects an error object without a code', () => {
    const result = parseServerMessage('{"msg":"nosub","id":"1","error":{"reason":"x"}}');
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.reason, /nosub\.error/);
  });

  it('accepts addedBefore with a null before', () => {
    const result = parseServerMessage('{"msg":"addedBefore","collection":"c","id":"a","before":null}');
    assert.deepEqual(result, { ok: true, message: { msg: 'addedBefore', collection: 'c', id: 'a', before: null } });
  });
});
