import type { Document, UUID } from 'bson';
import type { IndexSpec } from './index-state';

export interface Namespace {
  readonly db: string;
  readonly coll: string;
}

export interface UpdateDescription {
  readonly updatedFields: Document;
  readonly removedFields: string[];
  readonly truncatedArrays: Array<{ field: string; newSize: number }>;
}

/**
 * One committed change: the unit of the journal, of recovery replay, and the source of change
 * events. Each carries its own clusterTime `ts`, unique and increasing in commit order.
 * Updates carry the whole post-image so replay is idempotent and needs no update engine.
 */
export type OplogEntry =
  | { readonly op: 'insert'; readonly ts: bigint; readonly ns: Namespace; readonly doc: Document }
  | { readonly op: 'update'; readonly ts: bigint; readonly ns: Namespace; readonly doc: Document; readonly description: UpdateDescription }
  | { readonly op: 'replace'; readonly ts: bigint; readonly ns: Namespace; readonly doc: Document }
  | { readonly op: 'delete'; readonly ts: bigint; readonly ns: Namespace; readonly id: unknown }
  | { readonly op: 'create'; readonly ts: bigint; readonly ns: Namespace; readonly options: Document; readonly uuid: UUID }
  | { readonly op: 'drop'; readonly ts: bigint; readonly ns: Namespace }
  | { readonly op: 'rename'; readonly ts: bigint; readonly ns: Namespace; readonly to: Namespace }
  | { readonly op: 'dropDatabase'; readonly ts: bigint; readonly db: string }
  | { readonly op: 'createIndex'; readonly ts: bigint; readonly ns: Namespace; readonly spec: IndexSpec }
  | { readonly op: 'dropIndex'; readonly ts: bigint; readonly ns: Namespace; readonly name: string };
