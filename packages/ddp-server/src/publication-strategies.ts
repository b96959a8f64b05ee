/**
 * Publication strategies (Meteor's DDPServer.publicationStrategies), chosen per collection with
 * `server.setPublicationStrategy(collection, strategy)`:
 *
 * - SERVER_MERGE (default): the session keeps a copy of what its client has (the mergebox), so
 *   overlapping subscriptions merge field by field and only real changes are sent.
 * - NO_MERGE_NO_HISTORY: messages go straight out; nothing is remembered, so stopping a
 *   subscription sends no `removed` (fire-and-forget feeds).
 * - NO_MERGE: messages go straight out; each subscription remembers its document ids so that
 *   stopping it removes them.
 * - NO_MERGE_MULTI: like NO_MERGE, but the session also remembers which subscriptions publish each
 *   id, so a document shared by two subscriptions is added once and removed with the last one.
 */
export interface PublicationStrategy {
  readonly name: PublicationStrategyName;
  /** Keep the full field-level mergebox. */
  readonly useCollectionView: boolean;
  /** Remember per-subscription document ids, so stopping a subscription removes its documents. */
  readonly doAccountingForCollection: boolean;
  /** Remember which subscriptions publish each id, without field values. */
  readonly useDummyDocumentView: boolean;
}

export type PublicationStrategyName = 'SERVER_MERGE' | 'NO_MERGE_NO_HISTORY' | 'NO_MERGE' | 'NO_MERGE_MULTI';

export const publicationStrategies: Readonly<Record<PublicationStrategyName, PublicationStrategy>> = Object.freeze({
  SERVER_MERGE: Object.freeze({ name: 'SERVER_MERGE', useCollectionView: true, doAccountingForCollection: true, useDummyDocumentView: false }),
  NO_MERGE_NO_HISTORY: Object.freeze({
    name: 'NO_MERGE_NO_HISTORY',
    useCollectionView: false,
    doAccountingForCollection: false,
    useDummyDocumentView: false,
  }),
  NO_MERGE: Object.freeze({ name: 'NO_MERGE', useCollectionView: false, doAccountingForCollection: true, useDummyDocumentView: false }),
  NO_MERGE_MULTI: Object.freeze({ name: 'NO_MERGE_MULTI', useCollectionView: false, doAccountingForCollection: true, useDummyDocumentView: true }),
} as const);
