import type { Fields, Store, StoreUpdate } from '../src/store';
import { applyChanged } from '../src/apply-changed';

export interface Batch {
  readonly size: number;
  readonly reset: boolean;
  readonly updates: StoreUpdate[];
}

/** A Map-backed store recording every batch the connection applies. */
export class FakeStore implements Store {
  readonly docs = new Map<string, Fields>();
  readonly batches: Batch[] = [];
  #current: Batch | undefined;
  #originals: Map<string, Fields | undefined> | undefined;

  beginUpdate(size: number, reset: boolean): void {
    if (this.#current !== undefined) throw new Error('nested beginUpdate');
    this.#current = { size, reset, updates: [] };
    if (reset) this.docs.clear();
  }

  update(u: StoreUpdate): void {
    if (this.#current === undefined) throw new Error('update outside a batch');
    this.#current.updates.push(u);
    // As minimongo: any write while originals are being saved is recorded, the server's too.
    this.#saveOriginal(u.id);
    switch (u.msg) {
      case 'added':
        this.docs.set(u.id, { ...(u.fields ?? {}) });
        return;
      case 'changed': {
        const doc = this.docs.get(u.id);
        if (doc === undefined) throw new Error(`changed for missing ${u.id}`);
        applyChanged(doc, u.fields, u.cleared);
        return;
      }
      case 'removed':
        this.docs.delete(u.id);
        return;
      case 'replace':
        if (u.replace === undefined) this.docs.delete(u.id);
        else this.docs.set(u.id, { ...u.replace });
        return;
    }
  }

  endUpdate(): void {
    if (this.#current === undefined) throw new Error('endUpdate without beginUpdate');
    this.batches.push(this.#current);
    this.#current = undefined;
  }

  saveOriginals(): void {
    this.#originals = new Map();
  }

  retrieveOriginals(): Map<string, Fields | undefined> {
    const originals = this.#originals ?? new Map<string, Fields | undefined>();
    this.#originals = undefined;
    return originals;
  }

  getDoc(id: string): Fields | undefined {
    return this.docs.get(id);
  }

  /** A local (stub) write, recorded in the originals like minimongo does. */
  write(id: string, fields: Fields | undefined): void {
    this.#saveOriginal(id);
    if (fields === undefined) this.docs.delete(id);
    else this.docs.set(id, { ...fields });
  }

  #saveOriginal(id: string): void {
    if (this.#originals === undefined || this.#originals.has(id)) return;
    const before = this.docs.get(id);
    this.#originals.set(id, before === undefined ? undefined : { ...before });
  }

  snapshot(): Record<string, Fields> {
    return Object.fromEntries([...this.docs].sort(([a], [b]) => a.localeCompare(b)));
  }
}
