import assert from 'node:assert/strict';
import { parseClientMessage, parseServerMessage } from './parse';
import { stringifyDdp } from './stringify';

describe('stringifyDdp', () => {
  it('EJSON-encodes value positions and round-trips through parse', () => {
    const frame = stringifyDdp({ msg: 'added', collection: 'c', id: 'a', fields: { at: new Date(7), $weird: 1 } });
    assert.deepEqual(JSON.parse(frame), { msg: 'added', collection: 'c', id: 'a', fields: { at: { $date: 7 }, $weird: 1 } });
    const back = parseServerMessage(frame);
    assert.ok(back.ok && back.message.msg === 'added');
    assert.deepEqual(back.message.fields, { at: new Date(7), $weird: 1 });
  });

  it('escapes objects that look like EJSON types', () => {
    const frame = stringifyDdp({ msg: 'result', id: '1', result: { $date: 3 } });
    const back = parseServerMessage(frame);
    assert.ok(back.ok && back.message.msg === 'result');
    assert.deepEqual(back.message.result, { $date: 3 });
  });

  it('moves undefined changed fields into cleared, as Meteor does', () => {
    const frame = stringifyDdp({ msg: 'changed', collection: 'c', id: 'a', fields: { gone: undefined, kept: 1 } });
    assert.deepEqual(JSON.parse(frame), { msg: 'changed', collection: 'c', id: 'a', fields: { kept: 1 }, cleared: ['gone'] });
  });

  it('omits absent optional fields and keeps field order stable', () => {
    assert.equal(
      stringifyDdp({ msg: 'connect', version: '1', support: ['1', 'pre2', 'pre1'] }),
      '{"msg":"connect","version":"1","support":["1","pre2","pre1"]}',
    );
    assert.equal(stringifyDdp({ msg: 'pong' }), '{"msg":"pong"}');
  });

  it('encodes client messages with EJSON params', () => {
    const frame = stringifyDdp({ msg: 'method', method: 'm', id: '1', params: [new Date(9)], randomSeed: 'r' });
    assert.equal(frame, '{"msg":"method","method":"m","params":[{"$date":9}],"id":"1","randomSeed":"r"}');
    assert.ok(parseClientMessage(frame).ok);
  });

  it('refuses a message type it does not know', () => {
    assert.throws(() => stringifyDdp({ msg: 'nope' } as never), /unknown msg/);
  });
});
