import assert from 'node:assert/strict';
import SimpleSchema from 'simpl-schema';
import { EJSON } from '@perseid/ejson';
import { MeteorError } from '@perseid/meteor-core';
import { parseArgumentObject } from './argument-object';
import { SchemaGuard } from './schema-guard';

const schema = new SimpleSchema({
  channelId: { type: String, regEx: /^[a-z0-9-]{1,20}$/ },
  limit: { type: SimpleSchema.Integer, min: 1, max: 50, optional: true },
});

/** The error a parse throws, which must be the catalogue's validation error. */
function refusal(raw: unknown): MeteorError {
  try {
    parseArgumentObject(schema, raw, 'test.call');
  } catch (error) {
    assert.ok(error instanceof MeteorError, `a Meteor.Error, not ${String(error)}`);
    assert.equal(error.error, 'validation-error');
    assert.ok(Array.isArray(error.details));
    return error;
  }
  assert.fail(`expected ${JSON.stringify(raw)} to be refused`);
}

/** Decodes a frame's params as the DDP server does, so values arrive as a client sent them. */
const fromWire = (json: string): unknown => EJSON.parse(json);

describe('parseArgumentObject', () => {
  it('refuses EJSON values that are not plain objects with a validation error', () => {
    for (const json of [
      '{"$binary":"AAA"}',
      '{"$binary":""}',
      '{"$date":0}',
      '{"$regexp":"a","$flags":""}',
      '{"$InfNaN":1}',
      '[{"channelId":"a"}]',
      '"a"',
      'null',
    ]) {
      refusal(fromWire(json));
    }
    refusal(undefined);
    refusal(
      new (class Custom {
        channelId = 'a';
      })(),
    );
  });

  it('refuses top-level $ keys with a validation error naming the key', () => {
    const error = refusal(fromWire('{"channelId":"general","$set":"x"}'));
    assert.deepEqual(error.details, [{ name: '$set', type: 'keyNotInSchema', message: 'test.call: argument keys must not start with "$"' }]);
    refusal(fromWire('{"$":"general"}'));
  });

  it('reports operators, binaries and prototype keys inside fields as field violations', () => {
    for (const json of [
      '{"channelId":{"$gt":""}}',
      '{"channelId":{"$binary":"AAA"}}',
      '{"channelId":{"__proto__":{"x":1}}}',
      '{"channelId":"general","limit":{"$InfNaN":1}}',
    ]) {
      refusal(fromWire(json));
    }
  });

  it('refuses __proto__ keys at any depth, so no client picks the prototype of the arguments', () => {
    const top = refusal(fromWire('{"channelId":"general","__proto__":{"limit":3,"toString":1}}'));
    assert.equal((top.details as Array<{ name: string }>)[0]?.name, '__proto__');
    const nested = refusal(fromWire('{"channelId":"general","x":[{"__proto__":{}}]}'));
    assert.equal((nested.details as Array<{ name: string }>)[0]?.name, 'x.0.__proto__');
    assert.deepEqual(parseArgumentObject(schema, fromWire('{"channelId":"general","constructor":{"a":1}}'), 'test.call'), { channelId: 'general' });
  });

  it('methods and publications clean alike: strings are trimmed, unknown keys and wrong types refused', () => {
    assert.deepEqual(parseArgumentObject(schema, { channelId: ' general ', limit: 5 }, 'test.call'), { channelId: 'general', limit: 5 });
    refusal({ channelId: 'general', 'a.b': 1 });
    refusal({ channelId: 'general', extra: 1 });
    refusal({ channelId: 'general', limit: '5' });
  });
});

describe('SchemaGuard inserts', () => {
  it('refuses a document with a top-level $ key with a validation error', () => {
    const guard = new SchemaGuard(new SimpleSchema({ title: String }));
    assert.throws(
      () => guard.checkInsert({ title: 'a', $set: { title: 'b' } }),
      (error: unknown) => error instanceof MeteorError && error.error === 'validation-error',
    );
    assert.throws(
      () => guard.checkInsert(new Uint8Array(2)),
      (error: unknown) => error instanceof MeteorError && error.error === 'validation-error',
    );
  });
});
