import type { Connection } from '@perseid/ddp-client';
import { ClientCollection } from './client-collection';
import type { Transform } from './cursor-description';
import type { MongoDocument } from './document-id';

export interface ClientBridgeOptions {
  connection?: Connection | null;
  idGeneration?: 'STRING' | 'MONGO';
  transform?: Transform;
  defineMutationMethods?: boolean;
}

/**
 * Where `new Mongo.Collection(null)`, `{ connection: null }` and `{ connection }` go on the
 * server: the minimongo-backed client collection (a local cache, or one filled by a DDP
 * connection to another server), exactly as Meteor does.
 */
export function createClientCollection(name: string | null, options: ClientBridgeOptions): object {
  return new ClientCollection<unknown>(name, {
    connection: name === null ? null : (options.connection ?? null),
    ...(options.idGeneration ? { idGeneration: options.idGeneration } : {}),
    ...(options.transform !== undefined ? { transform: options.transform as ((doc: MongoDocument) => unknown) | null } : {}),
    ...(options.defineMutationMethods !== undefined ? { defineMutationMethods: options.defineMutationMethods } : {}),
  });
}
