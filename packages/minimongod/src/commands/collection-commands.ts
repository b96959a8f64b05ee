import { UUID, type Document } from 'bson';
import { canonicalKey, isPlainDocument, toNumber } from '../bson-value';
import type { CommandContext, CommandHandler } from '../command-context';
import { collectionName, documentArray, optionalBoolean, optionalDocument, stringField } from '../command-args';
import { cursorReply } from '../cursor-reply';
import { CommandError } from '../errors';
import type { IndexSpec } from '../index-state';
import { compileFilter } from '../query-engine';
import { validateCollectionName } from '../server-state';

function create(cmd: Document, ctx: CommandContext): Document {
  const coll = collectionName(cmd, 'create');
  validateCollectionName(ctx.db, coll);
  if (ctx.state.catalog.collection(ctx.db, coll) !== undefined) throw new CommandError('NamespaceExists', `Collection ${ctx.db}.${coll} already exists.`);
  const options: Document = {};
  for (const [key, value] of Object.entries(cmd)) {
    if (key === 'create' || key.startsWith('$') || key === 'lsid' || key === 'writeConcern' || key === 'txnNumber' || key === 'comment') continue;
    options[key] = value;
  }
  ctx.state.commit({ op: 'create', ts: ctx.state.clock.tick(), ns: { db: ctx.db, coll }, options, uuid: new UUID() });
  return { ok: 1 };
}

function drop(cmd: Document, ctx: CommandContext): Document {
  const coll = collectionName(cmd, 'drop');
  const store = ctx.state.catalog.collection(ctx.db, coll);
  if (store === undefined) throw new CommandError('NamespaceNotFound', 'ns not found');
  const nIndexesWas = 1 + store.indexes.size;
  ctx.state.commit({ op: 'drop', ts: ctx.state.clock.tick(), ns: { db: ctx.db, coll } });
  return { nIndexesWas, ns: `${ctx.db}.${coll}`, ok: 1 };
}

function dropDatabase(_cmd: Document, ctx: CommandContext): Document {
  // Collection streams see each collection's drop (then invalidate) before the database goes.
  for (const store of ctx.state.catalog.collections(ctx.db)) {
    ctx.state.commit({ op: 'drop', ts: ctx.state.clock.tick(), ns: { db: ctx.db, coll: store.name } });
  }
  ctx.state.commit({ op: 'dropDatabase', ts: ctx.state.clock.tick(), db: ctx.db });
  return { dropped: ctx.db, ok: 1 };
}

function listCollections(cmd: Document, ctx: CommandContext): Document {
  const filter = optionalDocument(cmd, 'filter');
  const nameOnly = optionalBoolean(cmd, 'nameOnly') ?? false;
  const matcher = compileFilter(filter);
  const entries = ctx.state.catalog.collections(ctx.db).map((store) =>
    nameOnly
      ? { name: store.name, type: 'collection' }
      : {
          name: store.name,
          type: 'collection',
          options: store.options,
          info: { readOnly: false, uuid: store.uuid },
          idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
        },
  );
  return cursorReply(
    0,
    `${ctx.db}.$cmd.listCollections`,
    entries.filter((e) => matcher(e)),
    'firstBatch',
  );
}

function splitNamespace(value: string, field: string): { db: string; coll: string } {
  const dot = value.indexOf('.');
  if (dot <= 0 || dot === value.length - 1) throw new CommandError('InvalidNamespace', `Invalid namespace specified '${value}' for ${field}`);
  return { db: value.slice(0, dot), coll: value.slice(dot + 1) };
}

function renameCollection(cmd: Document, ctx: CommandContext): Document {
  const from = splitNamespace(stringField(cmd, 'renameCollection'), 'renameCollection');
  const to = splitNamespace(stringField(cmd, 'to'), 'to');
  const dropTarget = optionalBoolean(cmd, 'dropTarget') ?? false;
  validateCollectionName(to.db, to.coll);
  if (ctx.state.catalog.collection(from.db, from.coll) === undefined) throw new CommandError('NamespaceNotFound', 'Source collection does not exist');
  if (ctx.state.catalog.collection(to.db, to.coll) !== undefined) {
    if (!dropTarget) throw new CommandError('NamespaceExists', 'target namespace exists');
    ctx.state.commit({ op: 'drop', ts: ctx.state.clock.tick(), ns: to });
  }
  ctx.state.commit({ op: 'rename', ts: ctx.state.clock.tick(), ns: from, to });
  return { ok: 1 };
}

function indexName(key: Document): string {
  return Object.entries(key)
    .map(([field, dir]) => `${field}_${String(toNumber(dir) ?? dir)}`)
    .join('_');
}

function parseIndexSpec(raw: Document): IndexSpec {
  const key = raw['key'];
  if (!isPlainDocument(key) || Object.keys(key).length === 0) throw new CommandError('BadValue', 'Index key pattern must be a non-empty object');
  for (const [field, dir] of Object.entries(key)) {
    const n = toNumber(dir);
    if ((n === undefined || n === 0 || Number.isNaN(n)) && typeof dir !== 'string')
      throw new CommandError('BadValue', `Values in the index key pattern can only be non-zero numbers or strings; field '${field}'`);
  }
  const name = raw['name'] === undefined ? indexName(key) : raw['name'];
  if (typeof name !== 'string' || name.length === 0) throw new CommandError('BadValue', 'index name must be a non-empty string');
  const spec: { -readonly [K in keyof IndexSpec]: IndexSpec[K] } = { name, key };
  if (optionalBoolean(raw, 'unique') === true) spec.unique = true;
  if (optionalBoolean(raw, 'sparse') === true) spec.sparse = true;
  const partial = optionalDocument(raw, 'partialFilterExpression');
  if (partial !== undefined) {
    compileFilter(partial);
    spec.partialFilterExpression = partial;
  }
  const ttl = raw['expireAfterSeconds'];
  if (ttl !== undefined) {
    const seconds = toNumber(ttl);
    if (seconds === undefined || seconds < 0) throw new CommandError('BadValue', 'expireAfterSeconds must be a non-negative number');
    spec.expireAfterSeconds = seconds;
  }
  return spec;
}

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return (
    (a.unique ?? false) === (b.unique ?? false) &&
    (a.sparse ?? false) === (b.sparse ?? false) &&
    a.expireAfterSeconds === b.expireAfterSeconds &&
    canonicalKey(a.partialFilterExpression) === canonicalKey(b.partialFilterExpression)
  );
}

function sameKey(a: Document, b: Document): boolean {
  const ka = Object.entries(a);
  const kb = Object.entries(b);
  return ka.length === kb.length && ka.every(([f, d], i) => kb[i]?.[0] === f && (toNumber(kb[i]?.[1]) ?? kb[i]?.[1]) === (toNumber(d) ?? d));
}

function createIndexes(cmd: Document, ctx: CommandContext): Document {
  const coll = collectionName(cmd, 'createIndexes');
  const specs = documentArray(cmd, 'indexes').map(parseIndexSpec);
  const createdCollectionAutomatically = ctx.state.catalog.collection(ctx.db, coll) === undefined;
  const store = ctx.state.ensureCollection(ctx.db, coll);
  const before = 1 + store.indexes.size;
  for (const spec of specs) {
    if (spec.name === '_id_' || sameKey(spec.key, { _id: 1 })) continue;
    const sameName = store.indexes.get(spec.name);
    if (sameName !== undefined) {
      if (sameKey(sameName.spec.key, spec.key) && sameOptions(sameName.spec, spec)) continue;
      throw new CommandError('IndexKeySpecsConflict', `An existing index has the same name as the requested index. Requested index: ${spec.name}`);
    }
    const sameKeys = [...store.indexes.values()].find((i) => sameKey(i.spec.key, spec.key));
    if (sameKeys !== undefined) {
      if (sameOptions(sameKeys.spec, spec)) continue;
      throw new CommandError('IndexOptionsConflict', `Index already exists with a different name: ${sameKeys.spec.name}`);
    }
    ctx.state.commit({ op: 'createIndex', ts: ctx.state.clock.tick(), ns: { db: ctx.db, coll }, spec });
  }
  return { numIndexesBefore: before, numIndexesAfter: 1 + store.indexes.size, createdCollectionAutomatically, ok: 1 };
}

function listIndexes(cmd: Document, ctx: CommandContext): Document {
  const coll = collectionName(cmd, 'listIndexes');
  const store = ctx.state.catalog.collection(ctx.db, coll);
  if (store === undefined) throw new CommandError('NamespaceNotFound', `ns does not exist: ${ctx.db}.${coll}`);
  const docs = store.indexSpecs().map((spec) => ({ v: 2, ...spec }));
  return cursorReply(0, `${ctx.db}.$cmd.listIndexes.${coll}`, docs, 'firstBatch');
}

function dropIndexes(cmd: Document, ctx: CommandContext): Document {
  const coll = collectionName(cmd, 'dropIndexes');
  const store = ctx.state.catalog.collection(ctx.db, coll);
  if (store === undefined) throw new CommandError('NamespaceNotFound', `ns not found ${ctx.db}.${coll}`);
  const nIndexesWas = 1 + store.indexes.size;
  const index = cmd['index'];
  const names: string[] = [];
  if (index === '*') {
    names.push(...store.indexes.keys());
  } else if (typeof index === 'string') {
    if (index === '_id_') throw new CommandError('InvalidOptions', 'cannot drop _id index');
    if (!store.indexes.has(index)) throw new CommandError('IndexNotFound', `index not found with name [${index}]`);
    names.push(index);
  } else if (Array.isArray(index)) {
    for (const name of index) {
      if (typeof name !== 'string' || !store.indexes.has(name)) throw new CommandError('IndexNotFound', `index not found with name [${String(name)}]`);
      names.push(name);
    }
  } else if (isPlainDocument(index)) {
    const found = [...store.indexes.values()].find((i) => sameKey(i.spec.key, index));
    if (found === undefined) throw new CommandError('IndexNotFound', `can't find index with key: ${JSON.stringify(index)}`);
    names.push(found.spec.name);
  } else {
    throw new CommandError('TypeMismatch', "BSON field 'index' is the wrong type, expected string, array or object");
  }
  for (const name of names) ctx.state.commit({ op: 'dropIndex', ts: ctx.state.clock.tick(), ns: { db: ctx.db, coll }, name });
  return { nIndexesWas, ok: 1 };
}

export const collectionCommands: Record<string, CommandHandler> = {
  create,
  drop,
  dropDatabase,
  listCollections,
  renameCollection,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
