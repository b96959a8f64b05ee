import assert from 'node:assert/strict';
import { resolveReactivityOrder } from './reactivity-order';
import { isPerseidMongoError } from './mongo-errors';

describe('resolveReactivityOrder', () => {
  it('defaults to change streams, then polling', () => {
    assert.deepEqual(resolveReactivityOrder(undefined, {}), ['changeStreams', 'polling']);
  });

  it('reads METEOR_REACTIVITY_ORDER as a comma list or a JSON array', () => {
    assert.deepEqual(resolveReactivityOrder(undefined, { METEOR_REACTIVITY_ORDER: 'polling' }), ['polling']);
    assert.deepEqual(resolveReactivityOrder(undefined, { METEOR_REACTIVITY_ORDER: '["oplog","polling"]' }), ['oplog', 'polling']);
  });

  it('lets Meteor.settings.packages.mongo.reactivity win over the environment', () => {
    assert.deepEqual(resolveReactivityOrder({ reactivity: ['polling'] }, { METEOR_REACTIVITY_ORDER: 'changeStreams' }), ['polling']);
  });

  it('rejects unknown mechanisms and empty lists with a clear error', () => {
    assert.throws(
      () => resolveReactivityOrder(undefined, { METEOR_REACTIVITY_ORDER: 'changeStreams,redis' }),
      (e) => isPerseidMongoError(e, 'mongo.invalid-reactivity-order') && /redis/.test(e.message),
    );
    assert.throws(
      () => resolveReactivityOrder({ reactivity: [] }, {}),
      (e) => isPerseidMongoError(e, 'mongo.invalid-reactivity-order'),
    );
    assert.throws(
      () => resolveReactivityOrder({ reactivity: 7 }, {}),
      (e) => isPerseidMongoError(e, 'mongo.invalid-reactivity-order'),
    );
  });
});
