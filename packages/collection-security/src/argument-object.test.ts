import assert from 'node:assert/strict';
import SimpleSchema from 'simpl-schema';
import { EJSON } from '@perseid/ejson';
import { MeteorError } from '@perseid/meteor-core';
import { parseArgumentObject } from './argument-object';
import type { ArgumentCleaning } from './argument-object';
import { SchemaGuard } from './schema-guard';

const schema = new SimpleSchema({
  channelId: { type: String, regEx: /^[a-z0-9-]{1,20}$/ },
  limit: { type: SimpleSchema.Integer, min: 1, max: 50, optional: true },
});

/** The error a parse throws, which must be the catalogue's validation error. */
function refusal(raw: unknown, cleaning: ArgumentCleaning): MeteorError {
  try {
    parseArgumentObject(schema, raw, 'test.call', cleaning);
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
  for (const cleaning of ['convert', 'exact'] as const) {
    it(`refuses EJSON values that are not plain objects with a validation error (${cleaning})`, () => {
      for (const json of ['{"$binary":"AAA"}', '{"$binary":""}', '{"$date":0}', '{"$regexp":"a","$flags":""}', '{"$InfNaN":1}', '[{"channelId":"a"}]', '"a"', 'null']) {
        refusal(fromWire(json), cleaning);
      }
      refusal(undefined, cleaning);
      refusal(new (class Custom { channelId = 'a'; })(), cleaning);
    });

    it(`refuses top-level $ keys with a validation error naming the key (${cleaning})`, () => {
      const error = refusal(fromWire('{"channelId":"general","$set":"x"}'), cleaning);
      assert.deepEqual(error.details, [{ name: '$set', type: 'keyNotInSchema', message: 'test.call: argument keys must not start with "$"' }]);
      refusal(fromWire('{"$":"general"}'), cleaning);
    });

    it(`reports operators, binaries and prototype keys inside fields as field violations (${cleaning})`, () => {
      for (const json of ['{"channelId":{"$gt":""}}', '{"channelId":{"$binary":"AAA"}}', '{"channelId":{"__proto__":{"x":1}}}', '{"channelId":"general","limit":{"$InfNaN":1}}']) {
        refusal(fromWire(json), cleaning);
      }
    });

    it(`refuses __proto__ keys at any depth, so no client picks the prototype of the arguments (${cleaning})`, () => {
      const top = refusal(fromWire('{"channelId":"general","__proto__":{"limit":3,"toString":1}}'), cleaning);
      assert.equal((top.details as Array<{ name: string }>)[0]?.name, '__proto__');
      const nested = refusal(fromWire('{"channelId":"general","x":[{"__proto__":{}}]}'), cleaning);
      assert.equal((nested.details as Array<{ name: string }>)[0]?.name, 'x.0.__proto__');
      assert.deepEqual(parseArgumentObject(schema, fromWire('{"channelId":"general","constructor":{"a":1}}'), 'test.call', 'convert'), { channelId: 'general' });
    });
  }

  it('convert drops unknown and dotted keys and converts types; exact refuses them', () => {
    assert.deepEqual(parseArgumentObject(schema, { channelId: ' general ', 'a.b': 1, limit: '5' }, 'test.call', 'convert'), { channelId: 'general', limit: 5 });
    refusal({ channelId: 'general', 'a.b': 1 }, 'exact');
    refusal({ channelId: 'general', limit: '5' }, 'exact');
  });
});

describe('SchemaGuard inserts', () => {
  it('refuses a document with a top-level $ key with a validation error', () => {
    const guard = new SchemaGuard(new SimpleSchema({ title: String }));
    assert.throws(() => guard.checkInsert({ title: 'a', $set: { title: 'b' } }), (error: unknown) => error instanceof MeteorError && error.error === 'validation-error');
    assert.throws(() => guard.checkInsert(new Uint8Array(2)), (error: unknown) => error instanceof MeteorError && error.error === 'validation-error');
  });
});
