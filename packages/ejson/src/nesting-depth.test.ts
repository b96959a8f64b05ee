import assert from 'node:assert/strict';
import { EJSON } from './ejson';
import { EJSONError } from './ejson-error';
import { jsonTextExceedsDepth, MAX_EJSON_DEPTH } from './nesting-depth';

/** Arrays nested `depth` levels around 1, built without recursion. */
function nestedArrays(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function nestedObjects(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: new Date(0) };
  for (let i = 1; i < depth; i++) value = { child: value };
  return value;
}

const isTooDeep = (error: unknown): boolean => error instanceof EJSONError && error.code === 'ejson.too-deep';

describe('nesting depth', () => {
  describe('jsonTextExceedsDepth', () => {
    it('counts arrays and objects, one level each', () => {
      assert.equal(jsonTextExceedsDepth('[[[1]]]', 3), false);
      assert.equal(jsonTextExceedsDepth('[[[1]]]', 2), true);
      assert.equal(jsonTextExceedsDepth('{"a":{"b":[{}]}}', 4), false);
      assert.equal(jsonTextExceedsDepth('{"a":{"b":[{}]}}', 3), true);
    });

    it('does not count brackets inside strings, escaped quotes included', () => {
      const text = JSON.stringify({ a: '[[[[{{{{"\\\\"[[[[', b: ['\\"[[[['] });
      assert.equal(jsonTextExceedsDepth(text, 2), false);
      assert.equal(jsonTextExceedsDepth(text, 1), true);
    });

    it('goes back down when containers close', () => {
      assert.equal(jsonTextExceedsDepth(`[${'[1],'.repeat(1000)}[2]]`, 2), false);
    });

    it('answers for 6,000 levels in one pass', () => {
      assert.equal(jsonTextExceedsDepth('['.repeat(6000) + ']'.repeat(6000), 128), true);
    });
  });

  describe(`EJSON refuses values nested deeper than ${MAX_EJSON_DEPTH} levels with ejson.too-deep`, () => {
    const deep = 6000;
    it('parse, without a stack overflow', () => {
      assert.throws(() => EJSON.parse('['.repeat(deep) + ']'.repeat(deep)), isTooDeep);
      assert.throws(() => EJSON.parse(`{"a":${'{"b":'.repeat(deep)}1${'}'.repeat(deep)}}`), isTooDeep);
    });

    it('fromJSONValue, toJSONValue, stringify, clone and equals', () => {
      for (const value of [nestedArrays(deep), nestedObjects(deep)]) {
        assert.throws(() => EJSON.fromJSONValue(value), isTooDeep);
        assert.throws(() => EJSON.toJSONValue(value), isTooDeep);
        assert.throws(() => EJSON.stringify(value), isTooDeep);
        assert.throws(() => EJSON.clone(value), isTooDeep);
      }
      assert.throws(() => EJSON.equals(nestedArrays(deep), nestedArrays(deep)), isTooDeep);
      assert.throws(() => EJSON.equals(nestedObjects(deep), nestedObjects(deep)), isTooDeep);
      assert.throws(() => EJSON.fromJSONValue({ $escape: nestedObjects(deep) }), isTooDeep);
    });

    it(`accepts exactly ${MAX_EJSON_DEPTH} levels everywhere`, () => {
      const value = nestedObjects(MAX_EJSON_DEPTH - 1);
      const text = EJSON.stringify(value);
      assert.ok(EJSON.equals(EJSON.parse(text), value));
      assert.ok(EJSON.equals(EJSON.clone(value), value));
      assert.ok(EJSON.equals(EJSON.fromJSONValue(EJSON.toJSONValue(value)), value));
      assert.throws(() => EJSON.parse(`[${text}]`), isTooDeep);
    });
  });
});
