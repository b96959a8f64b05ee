/**
 * A PublishableCursor over an in-memory table, standing in for Mongo cursors: it publishes the
 * current documents, then forwards inserts/updates/removes to every live subscription, passing
 * one shared fields object per change as the observe layer does.
 */
import type { PublishableCursor, Subscription } from '../src/index';

type Doc = Record<string, unknown> & { _id: string };
type Listener = (event: { kind: 'added' | 'changed' | 'removed'; id: string; fields: Record<string, unknown> }) => void;

export class FakeTable {
  readonly docs = new Map<string, Doc>();
  readonly #listeners = new Set<Listener>();
  constructor(readonly name: string) {}

  get listenerCount(): number {
    return this.#listeners.size;
  }

  insert(doc: Doc): void {
    this.docs.set(doc._id, doc);
    const { _id, ...fields } = doc;
    for (const listener of this.#listeners) listener({ kind: 'added', id: _id, fields });
  }

  update(id: string, fields: Record<string, unknown>): void {
    const doc = this.docs.get(id);
    if (!doc) throw new Error('no such doc');
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) delete doc[key];
      else doc[key] = value;
    }
    for (const listener of this.#listeners) listener({ kind: 'changed', id, fields });
  }

  remove(id: string): void {
    this.docs.delete(id);
    for (const listener of this.#listeners) listener({ kind: 'removed', id, fields: {} });
  }

  /** A cursor over the documents matching `filter`, publishing only `project`ed fields. */
  find(filter: (doc: Doc) => boolean = () => true, project?: readonly string[]): PublishableCursor {
    const table = this;
    const pick = (fields: Record<string, unknown>) => (project ? Object.fromEntries(Object.entries(fields).filter(([key]) => project.includes(key))) : fields);
    return {
      _getCollectionName: () => table.name,
      async _publishCursor(sub: Subscription) {
        const visible = new Set<string>();
        for (const doc of table.docs.values()) {
          if (!filter(doc)) continue;
          const { _id, ...fields } = doc;
          visible.add(_id);
          sub.added(table.name, _id, pick(fields));
        }
        const listener: Listener = (event) => {
          const doc = table.docs.get(event.id);
          const matches = doc !== undefined && filter(doc);
          if (event.kind === 'removed' || !matches) {
            if (visible.delete(event.id)) sub.removed(table.name, event.id);
            return;
          }
          if (!visible.has(event.id)) {
            visible.add(event.id);
            const { _id, ...fields } = doc;
            sub.added(table.name, event.id, event.kind === 'added' ? pick(event.fields) : pick(fields));
            return;
          }
          sub.changed(table.name, event.id, pick(event.fields));
        };
        table.#listeners.add(listener);
        return { stop: () => void table.#listeners.delete(listener) };
      },
    };
  }
}
