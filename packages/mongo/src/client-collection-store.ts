import type { Fields, Store, StoreUpdate } from '@perseid/ddp-client';
import { idParse, idStringify } from '@perseid/ddp-protocol';
import type { DocumentId, LocalCollection } from '@perseid/minimongo';
import type { CacheStoreHook } from './kept-documents';

type Doc = Record<string, unknown>;

function withoutId(doc: Doc | undefined): Fields | undefined {
  if (doc === undefined) return undefined;
  const { _id: ignored, ...fields } = doc;
  void ignored;
  return fields;
}

/**
 * The DDP store of a client collection: applies the connection's batches to the
 * minimongo collection, pausing observers for a batch so a burst re-renders once.
 * Wire ids are parsed here (`idParse`) and nowhere else.
 */
export function createClientCollectionStore(
  local: LocalCollection,
  log: (message: string) => void,
  cache: () => CacheStoreHook | undefined = () => undefined,
): Store {
  let paused = false;
  return {
    beginUpdate(batchSize, reset) {
      if (batchSize > 1 || reset) {
        local.pauseObservers();
        paused = true;
      }
      if (reset) {
        local.remove({});
        cache()?.reset();
      }
    },
    update(message: StoreUpdate) {
      // Only strings and ObjectIDs are stored by minimongo; other wire ids never come from our server.
      const id = idParse(message.id) as DocumentId;
      switch (message.msg) {
        case 'added':
          // A kept document painted from the device cache is expected to be present.
          if (cache()?.serverAdded(message.id) !== true && local.hasDoc(id)) log(`added for a document already present: ${message.collection}/${message.id}`);
          local.replaceDoc(id, { ...(message.fields ?? {}), _id: id });
          return;
        case 'changed': {
          if (!local.hasDoc(id)) {
            log(`changed for a missing document: ${message.collection}/${message.id}`);
            return;
          }
          const changes: Record<string, unknown> = { ...(message.fields ?? {}) };
          for (const key of message.cleared ?? []) changes[key] = undefined;
          local.changeDoc(id, changes);
          return;
        }
        case 'removed':
          if (!local.removeDoc(id)) log(`removed for a missing document: ${message.collection}/${message.id}`);
          return;
        case 'replace':
          local.replaceDoc(id, message.replace === undefined ? undefined : { ...message.replace, _id: id });
          return;
      }
    },
    endUpdate() {
      if (paused) {
        paused = false;
        local.resumeObservers();
      }
    },
    saveOriginals() {
      local.saveOriginals();
    },
    retrieveOriginals() {
      const result = new Map<string, Fields | undefined>();
      local.retrieveOriginals().forEach((doc, id) => {
        result.set(idStringify(id), withoutId(doc));
      });
      return result;
    },
    getDoc(wireId) {
      return withoutId(local.getDoc(idParse(wireId) as DocumentId));
    },
  };
}
