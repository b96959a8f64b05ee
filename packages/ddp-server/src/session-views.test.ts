import assert from 'node:assert/strict';
import type { ViewSink } from './collection-view';
import { publicationStrategies } from './publication-strategies';
import { SessionViews } from './session-views';

describe('SessionViews', () => {
  const sink: ViewSink = { added: () => {}, changed: () => {}, removed: () => {} };

  it('a collection view dropped when it empties is not reused: later documents land in a fresh, listed view', () => {
    const views = new SessionViews<string>(sink, () => publicationStrategies.SERVER_MERGE);
    views.added('s1', 'tasks', 'x', { a: 1 });
    views.removed('s1', 'tasks', 'x');
    assert.equal(views.has('tasks'), false);
    views.added('s1', 'tasks', 'y', { a: 2 });
    assert.equal(views.has('tasks'), true);
    assert.deepEqual(views.snapshot(), new Map([['tasks', new Map([['y', { a: 2 }]])]]));
  });

  it('reset forgets every view, including the one used last', () => {
    const views = new SessionViews<string>(sink, () => publicationStrategies.SERVER_MERGE);
    views.added('s1', 'tasks', 'x', { a: 1 });
    views.reset();
    views.added('s1', 'tasks', 'y', { a: 2 });
    assert.deepEqual([...(views.snapshot().get('tasks')?.keys() ?? [])], ['y']);
  });
});
