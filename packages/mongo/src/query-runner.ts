import type { ClusterTime } from './cluster-time';
import type { CursorDescription } from './cursor-description';
import type { MongoDocument } from './document-id';

/** Results of running a cursor description once, with the server time they reflect (if known). */
export interface QueryResult {
  readonly docs: MongoDocument[];
  readonly time: ClusterTime | null;
}

/**
 * How observe drivers read the database. Full documents (no projection): drivers project
 * in-process so they can still match and sort on fields the observer does not publish.
 */
export type QueryRunner = (description: CursorDescription) => Promise<QueryResult>;
