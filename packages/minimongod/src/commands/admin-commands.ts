import { Binary, Long, ObjectId, type Document } from 'bson';
import os from 'node:os';
import { estimateCollectionSize } from '../catalog';
import type { CommandContext, CommandHandler } from '../command-context';
import { CommandError } from '../errors';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE } from '../wire-codec';

export const SERVER_VERSION = '7.0.0';
export const MAX_WIRE_VERSION = 21;
const ELECTION_ID = new ObjectId('7fffffff0000000000000001');

/**
 * hello / isMaster as a replica-set primary. No `topologyVersion` (it would oblige us to
 * implement exhaust streaming) and no `compression`.
 */
export function helloReply(cmd: Document, ctx: CommandContext, legacy: boolean): Document {
  const { identity } = ctx.state;
  const reply: Document = legacy ? { ismaster: true } : { isWritablePrimary: true };
  if (cmd['helloOk'] === true) reply['helloOk'] = true;
  Object.assign(reply, {
    setName: identity.replSetName,
    setVersion: 1,
    electionId: ELECTION_ID,
    hosts: [identity.hostPort],
    primary: identity.hostPort,
    me: identity.hostPort,
    secondary: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: 100_000,
    localTime: new Date(ctx.state.now()),
    connectionId: ctx.connection.id,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    logicalSessionTimeoutMinutes: 30,
    ok: 1,
  });
  return reply;
}

function buildInfo(): Document {
  return {
    version: SERVER_VERSION,
    gitVersion: 'minimongod',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['minimongod'],
    modules: [],
    javascriptEngine: 'none',
    ok: 1,
  };
}

function listDatabases(cmd: Document, ctx: CommandContext): Document {
  const { catalog } = ctx.state;
  const databases = catalog
    .databaseNames()
    .filter((name) => catalog.collections(name).length > 0)
    .map((name) => ({ name, sizeOnDisk: catalog.estimateSize(name), empty: catalog.collections(name).every((c) => c.records.size === 0) }));
  if (cmd['nameOnly'] === true) return { databases: databases.map((d) => ({ name: d.name })), ok: 1 };
  return { databases, totalSize: databases.reduce((n, d) => n + d.sizeOnDisk, 0), totalSizeMb: 0, ok: 1 };
}

function serverStatus(_cmd: Document, ctx: CommandContext): Document {
  const { state } = ctx;
  const uptimeMs = state.now() - state.identity.startedAt;
  return {
    host: state.identity.hostPort,
    version: SERVER_VERSION,
    process: 'minimongod',
    pid: Long.fromNumber(process.pid),
    uptime: Math.floor(uptimeMs / 1000),
    uptimeMillis: Long.fromNumber(uptimeMs),
    localTime: new Date(state.now()),
    connections: { current: state.counters.connections, totalCreated: state.counters.totalConnections, available: 1_000_000 },
    opcounters: {
      insert: state.counters.inserts,
      query: state.counters.queries,
      update: state.counters.updates,
      delete: state.counters.deletes,
      getmore: 0,
      command: state.counters.commands,
    },
    mem: { resident: Math.round(process.memoryUsage().rss / 2 ** 20), virtual: 0, supported: true },
    metrics: {
      cursor: { open: { total: state.cursors.size }, awaitingGetMore: state.cursors.parkedCount },
      queryExecutor: { scannedObjects: Long.fromNumber(state.counters.scannedObjects) },
    },
    ok: 1,
  };
}

function dbStats(_cmd: Document, ctx: CommandContext): Document {
  const colls = ctx.state.catalog.collections(ctx.db);
  const objects = colls.reduce((n, c) => n + c.records.size, 0);
  const indexes = colls.reduce((n, c) => n + 1 + c.indexes.size, 0);
  const size = ctx.state.catalog.estimateSize(ctx.db);
  return {
    db: ctx.db,
    collections: colls.length,
    views: 0,
    objects,
    avgObjSize: objects === 0 ? 0 : size / objects,
    dataSize: size,
    storageSize: size,
    indexes,
    indexSize: 0,
    totalSize: size,
    scaleFactor: 1,
    ok: 1,
  };
}

function collStats(cmd: Document, ctx: CommandContext): Document {
  const name = cmd['collStats'];
  if (typeof name !== 'string') throw new CommandError('TypeMismatch', "BSON field 'collStats' is the wrong type, expected type 'string'");
  const coll = ctx.state.catalog.collection(ctx.db, name);
  if (coll === undefined) throw new CommandError('NamespaceNotFound', `Collection [${ctx.db}.${name}] not found.`);
  const count = coll.records.size;
  const size = estimateCollectionSize(coll);
  return {
    ns: coll.ns,
    count,
    size,
    avgObjSize: count === 0 ? 0 : Math.round(size / count),
    storageSize: size,
    nindexes: 1 + coll.indexes.size,
    totalIndexSize: 0,
    indexSizes: {},
    ok: 1,
  };
}

function hostInfo(): Document {
  return {
    system: {
      currentTime: new Date(),
      hostname: os.hostname(),
      cpuAddrSize: 64,
      memSizeMB: Math.round(os.totalmem() / 2 ** 20),
      numCores: os.cpus().length,
      cpuArch: os.arch(),
    },
    os: { type: os.type(), name: os.platform(), version: os.release() },
    extra: {},
    ok: 1,
  };
}

export const adminCommands: Record<string, CommandHandler> = {
  hello: (cmd, ctx) => helloReply(cmd, ctx, false),
  isMaster: (cmd, ctx) => helloReply(cmd, ctx, true),
  ismaster: (cmd, ctx) => helloReply(cmd, ctx, true),
  ping: () => ({ ok: 1 }),
  buildInfo: () => buildInfo(),
  buildinfo: () => buildInfo(),
  getParameter: (cmd) => {
    const reply: Document = { ok: 1 };
    if (cmd['featureCompatibilityVersion'] !== undefined || cmd['getParameter'] === '*') reply['featureCompatibilityVersion'] = { version: '7.0' };
    return reply;
  },
  getCmdLineOpts: () => ({ argv: ['minimongod'], parsed: {}, ok: 1 }),
  listDatabases,
  serverStatus,
  dbStats,
  collStats,
  endSessions: () => ({ ok: 1 }),
  killSessions: () => ({ ok: 1 }),
  killAllSessions: () => ({ ok: 1 }),
  refreshSessions: () => ({ ok: 1 }),
  startSession: () => ({ id: { id: new Binary(Buffer.from(new ObjectId().toHexString().padEnd(32, '0'), 'hex'), 4) }, timeoutMinutes: 30, ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  whatsmyuri: (_cmd, ctx) => ({ you: ctx.connection.remote, ok: 1 }),
  hostInfo: () => hostInfo(),
  getLog: (cmd) => (cmd['getLog'] === '*' ? { names: ['global', 'startupWarnings'], ok: 1 } : { totalLinesWritten: 0, log: [], ok: 1 }),
  // Transactions are refused at dispatch; an abort after that refusal must succeed quietly.
  abortTransaction: () => ({ ok: 1 }),
  commitTransaction: () => {
    throw new CommandError('OperationNotSupportedInTransaction', 'Transactions are not supported by minimongod');
  },
};
