/**
 * One document as one session's client sees it, with which subscription supplies each field
 * (the per-document half of Meteor's mergebox, SessionDocumentView).
 *
 * Two representations, because almost every document has exactly one publishing subscription:
 *
 *   single owner:  owner = S, values = the fields object S published (shared, copy-on-write)
 *   many owners:   owners = [S1, S2, …], byField = field → [{owner, value}, …]
 *                  the head of each list is what the client has; later entries wait behind it
 *
 * Invariant: values handed in by publishers are never mutated here (they may be shared by many
 * sessions, and encoded frames are cached by their identity); `values` is copied before the
 * first change.
 *
 * Change collectors map a field to its new client value, `undefined` meaning "cleared".
 */
import { EJSON } from '@perseid/ejson';

export type Fields = Record<string, unknown>;
/** field → new value, `undefined` = cleared. */
export type ChangeCollector = Record<string, unknown>;

interface Provided<Owner> {
  owner: Owner;
  value: unknown;
}

export class DocumentView<Owner> {
  #owner: Owner | undefined;
  #values: Fields | undefined;
  #valuesShared = true;
  #owners: Owner[] | undefined;
  #byField: Map<string, Array<Provided<Owner>>> | undefined;

  constructor(owner: Owner, fields: Fields) {
    this.#owner = owner;
    this.#values = fields;
  }

  /** Number of subscriptions publishing this document. */
  get ownerCount(): number {
    return this.#owners ? this.#owners.length : 1;
  }

  hasOwner(owner: Owner): boolean {
    return this.#owners ? this.#owners.includes(owner) : this.#owner === owner;
  }

  /** The fields the client currently has. */
  snapshot(): Fields {
    if (this.#byField === undefined) return { ...this.#values };
    const out: Fields = {};
    for (const [key, list] of this.#byField) if (list[0]) out[key] = list[0].value;
    return out;
  }

  #ownValues(): Fields {
    if (this.#valuesShared) {
      this.#values = { ...this.#values };
      this.#valuesShared = false;
    }
    return this.#values as Fields;
  }

  #toManyOwners(): void {
    if (this.#owners !== undefined) return;
    const owner = this.#owner as Owner;
    this.#owners = [owner];
    this.#byField = new Map();
    for (const [key, value] of Object.entries(this.#values ?? {})) this.#byField.set(key, [{ owner, value }]);
    this.#owner = undefined;
    this.#values = undefined;
  }

  /** `owner` (re)publishes the document with `fields`; collects what the client must learn. */
  added(owner: Owner, fields: Fields, collector: ChangeCollector): void {
    if (this.#owners === undefined && this.#owner === owner) {
      this.changed(owner, fields, collector);
      return;
    }
    this.#toManyOwners();
    const owners = this.#owners as Owner[];
    if (!owners.includes(owner)) owners.push(owner);
    for (const key of Object.keys(fields)) {
      if (key === '_id') continue;
      this.#changeField(owner, key, fields[key], collector);
    }
  }

  /** `owner` changes fields (`undefined` values clear them). */
  changed(owner: Owner, fields: Fields, collector: ChangeCollector): void {
    if (this.#owners === undefined) {
      for (const key of Object.keys(fields)) {
        if (key === '_id') continue;
        const value = fields[key];
        const current = this.#values as Fields;
        if (value === undefined) {
          if (Object.hasOwn(current, key)) {
            delete this.#ownValues()[key];
            collector[key] = undefined;
          }
        } else if (!Object.hasOwn(current, key) || !EJSON.equals(current[key], value)) {
          this.#ownValues()[key] = value;
          collector[key] = value;
        }
      }
      return;
    }
    for (const key of Object.keys(fields)) {
      if (key === '_id') continue;
      const value = fields[key];
      if (value === undefined) this.#clearField(owner, key, collector);
      else this.#changeField(owner, key, value, collector);
    }
  }

  /**
   * `owner` stops publishing the document. Returns true when no owner is left (the client must
   * get `removed`); otherwise collects the fields that fall back to another owner or vanish.
   */
  removed(owner: Owner, collector: ChangeCollector): boolean {
    if (this.#owners === undefined) return this.#owner === owner;
    const index = this.#owners.indexOf(owner);
    if (index < 0) return false;
    this.#owners.splice(index, 1);
    if (this.#owners.length === 0) return true;
    for (const key of [...(this.#byField as Map<string, Array<Provided<Owner>>>).keys()]) this.#clearField(owner, key, collector);
    return false;
  }

  #changeField(owner: Owner, key: string, value: unknown, collector: ChangeCollector): void {
    const byField = this.#byField as Map<string, Array<Provided<Owner>>>;
    const list = byField.get(key);
    if (list === undefined) {
      byField.set(key, [{ owner, value }]);
      collector[key] = value;
      return;
    }
    const entry = list.find((item) => item.owner === owner);
    if (entry === undefined) {
      // Another subscription already supplies this field; the client keeps the first value.
      list.push({ owner, value });
      return;
    }
    if (entry === list[0] && !EJSON.equals(entry.value, value)) collector[key] = value;
    entry.value = value;
  }

  #clearField(owner: Owner, key: string, collector: ChangeCollector): void {
    const byField = this.#byField as Map<string, Array<Provided<Owner>>>;
    const list = byField.get(key);
    if (list === undefined) return;
    const index = list.findIndex((item) => item.owner === owner);
    if (index < 0) return;
    const [removed] = list.splice(index, 1);
    if (list.length === 0) {
      byField.delete(key);
      collector[key] = undefined;
      return;
    }
    const head = list[0] as Provided<Owner>;
    if (index === 0 && !EJSON.equals(removed?.value, head.value)) collector[key] = head.value;
  }
}
