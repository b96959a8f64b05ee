export { LocalCollection, type LocalCollectionOptions, type UpdateOptions, type UpsertResult } from './local-collection';
export { Cursor, type FindOptions, type ObserveHandle, type ObserveChangesOptions } from './cursor';
export type { ObserveChangesCallbacks } from './live-query';
export type { ObserveCallbacks } from './observe-callbacks';
export { Matcher, type MatcherOptions, type Selector, type SelectorFunction } from './matcher';
export { TYPE_ALIASES, type Semantics } from './element-operators';
export { Sorter, type SortSpecifier } from './sorter';
export { compileProjection, type FieldSpecifier, type Projection, type ProjectionOptions } from './projection';
export { modifyDocument, type ModifyOptions } from './modifier';
export { createUpsertDocument, createUpsertSeed } from './upsert-document';
export {
  DiffSequence,
  diffQueryOrderedChanges,
  diffQueryUnorderedChanges,
  diffObjects,
  makeChangedFields,
  applyChanges,
  type ChangedFields,
  type OrderedChangeObserver,
  type UnorderedChangeObserver,
  type DiffOptions,
} from './diff-sequence';
export { IdMap, idKey } from './id-map';
export { MinimongoError, MINIMONGO_ERROR_CODES, type MinimongoErrorCode } from './errors';
export { compareValues, valuesEqual, bsonTypeOf, type Document, type DocumentId } from './value-types';
