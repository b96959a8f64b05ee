import assert from 'node:assert/strict';
import { MergeCollectionView, MultiCollectionView, PassThroughCollectionView, type ViewSink } from './collection-view';

const sink: ViewSink = { added: () => {}, changed: () => {}, removed: () => {} };

describe('collection views: which documents a subscription holds', () => {
  it('the SERVER_MERGE view lists exactly the documents an owner still publishes, shared ones included', () => {
    const view = new MergeCollectionView<string>('tasks', sink);
    view.added('s1', 'a', { x: 1 });
    view.added('s1', 'b', { x: 1 });
    view.added('s2', 'b', { y: 2 });
    view.added('s2', 'c', { y: 2 });
    view.removed('s1', 'a');
    assert.deepEqual(view.heldBy('s1'), ['b']);
    assert.deepEqual(view.heldBy('s2'), ['b', 'c']);
    assert.deepEqual(view.heldBy('s3'), []);
  });

  it('views that keep no per-document publishers list none (their subscriptions keep the ids)', () => {
    const multi = new MultiCollectionView<string>('tasks', sink);
    multi.added('s1', 'a', {});
    assert.deepEqual(multi.heldBy('s1'), []);
    const pass = new PassThroughCollectionView<string>('tasks', sink);
    pass.added('s1', 'a', {});
    assert.deepEqual(pass.heldBy('s1'), []);
  });
});
