/**
 * The callback contract between observe drivers, the multiplexer and its handles
 * (Meteor's observeChanges callbacks). `fields` never contains `_id`; in `changed`, a field
 * whose value is `undefined` was removed from the document.
 */
export type Fields = Record<string, unknown>;

export interface ObserveChangesCallbacks {
  added?(id: unknown, fields: Fields): unknown;
  addedBefore?(id: unknown, fields: Fields, before: unknown): unknown;
  changed?(id: unknown, fields: Fields): unknown;
  movedBefore?(id: unknown, before: unknown): unknown;
  removed?(id: unknown): unknown;
}

/** What a driver tells its multiplexer; all five exist so ordered and unordered drivers share it. */
export interface ChangeSink {
  added(id: unknown, fields: Fields): void;
  addedBefore(id: unknown, fields: Fields, before: unknown): void;
  changed(id: unknown, fields: Fields): void;
  movedBefore(id: unknown, before: unknown): void;
  removed(id: unknown): void;
}

/** observeChanges is ordered when the caller asks for positions. */
export function isOrderedChangesCallbacks(callbacks: ObserveChangesCallbacks): boolean {
  return typeof callbacks.addedBefore === 'function' || typeof callbacks.movedBefore === 'function';
}

export type ObserveCallbackName = keyof ObserveChangesCallbacks;
