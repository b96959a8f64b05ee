import type { Document, Timestamp } from 'bson';
import { bsonTypeOf, isPlainDocument, toNumber } from '../bson-value';
import type { CommandContext, CommandHandler } from '../command-context';
import { optionalDocument, optionalNumber } from '../command-args';
import type { ChangeStreamScope, FullDocumentMode } from '../change-event';
import { ChangeStreamCursor } from '../change-stream-cursor';
import { DEFAULT_FIRST_BATCH, cursorReply } from '../cursor-reply';
import { CommandError } from '../errors';
import { fromTimestamp } from '../logical-clock';
import { runPipeline } from '../query-engine';
import { parseToken } from '../resume-token';
import { openBatchCursor, queryDocuments } from './read-commands';

const STAGES_AFTER_CHANGE_STREAM = new Set(['$match', '$project', '$addFields', '$set', '$unset', '$replaceRoot', '$replaceWith', '$redact']);
const UNSUPPORTED_STAGES = new Set(['$out', '$merge', '$changeStream', '$geoNear', '$search', '$listSessions', '$currentOp', '$indexStats', '$collStats']);

function stageName(stage: Document, index: number): string {
  const keys = Object.keys(stage);
  if (keys.length !== 1) throw new CommandError('Location40324', `A pipeline stage specification object must contain exactly one field (stage ${index}).`);
  return keys[0] as string;
}

async function aggregate(cmd: Document, ctx: CommandContext): Promise<Document> {
  const target = cmd['aggregate'];
  const pipelineRaw = cmd['pipeline'];
  if (!Array.isArray(pipelineRaw)) throw new CommandError('TypeMismatch', "BSON field 'aggregate.pipeline' is the wrong type, expected type 'array'");
  const pipeline = pipelineRaw.map((stage, i) => {
    if (!isPlainDocument(stage)) throw new CommandError('TypeMismatch', `Each element of the 'pipeline' array must be an object (stage ${i})`);
    return stage;
  });
  const cursorOptions = optionalDocument(cmd, 'cursor');
  if (cursorOptions === undefined && cmd['explain'] !== true)
    throw new CommandError('FailedToParse', "The 'cursor' option is required, except for aggregate with the explain argument");
  const batchSize = cursorOptions === undefined ? undefined : optionalNumber(cursorOptions, 'batchSize');
  if (typeof target !== 'string' && toNumber(target) !== 1) {
    throw new CommandError('TypeMismatch', "BSON field 'aggregate' must be a collection name or 1");
  }
  const first = pipeline[0];
  if (first !== undefined && stageName(first, 0) === '$changeStream') {
    return openChangeStream(ctx, typeof target === 'string' ? target : null, first['$changeStream'], pipeline.slice(1), batchSize);
  }
  if (typeof target !== 'string') throw new CommandError('InvalidNamespace', '{aggregate: 1} is only supported with a $changeStream first stage in minimongod');
  pipeline.forEach((stage, i) => {
    const name = stageName(stage, i);
    if (UNSUPPORTED_STAGES.has(name)) throw new CommandError('Location40324', `Unsupported pipeline stage in minimongod: ${name}`);
  });
  // A leading $match goes through the query path so it can use an index.
  let input: Document[];
  let rest = pipeline;
  if (first !== undefined && Object.keys(first)[0] === '$match' && isPlainDocument(first['$match'])) {
    input = queryDocuments(ctx, target, { filter: first['$match'] });
    rest = pipeline.slice(1);
  } else {
    input = queryDocuments(ctx, target, {});
  }
  const resolver = (name: string): Document[] => queryDocuments(ctx, name, {});
  const variables = optionalDocument(cmd, 'let');
  const results = rest.length === 0 ? input : runPipeline(input, rest, resolver, variables);
  return openBatchCursor(ctx, `${ctx.db}.${target}`, results, batchSize ?? DEFAULT_FIRST_BATCH);
}

function fullDocumentMode(value: unknown): FullDocumentMode {
  switch (value) {
    case undefined:
    case 'default':
      return 'default';
    case 'updateLookup':
    case 'whenAvailable':
    case 'required':
      return value;
    default:
      throw new CommandError('BadValue', `unsupported fullDocument option: ${String(value)}`);
  }
}

function openChangeStream(ctx: CommandContext, coll: string | null, rawOptions: unknown, rest: Document[], batchSize: number | undefined): Document {
  if (!isPlainDocument(rawOptions)) throw new CommandError('TypeMismatch', 'the $changeStream stage must be an object');
  const options = rawOptions;
  rest.forEach((stage, i) => {
    const name = stageName(stage, i + 1);
    if (!STAGES_AFTER_CHANGE_STREAM.has(name)) throw new CommandError('BadValue', `${name} is not permitted in a $changeStream pipeline`);
  });
  const cluster = options['allChangesForCluster'] === true;
  let scope: ChangeStreamScope;
  let ns: string;
  if (cluster) {
    if (ctx.db !== 'admin' || coll !== null)
      throw new CommandError('InvalidOptions', "$changeStream may only be opened on the 'admin' database with allChangesForCluster");
    scope = { kind: 'cluster' };
    ns = 'admin.$cmd.aggregate';
  } else if (coll === null) {
    if (ctx.db === 'admin') throw new CommandError('InvalidOptions', "$changeStream on the 'admin' database requires allChangesForCluster: true");
    scope = { kind: 'database', db: ctx.db };
    ns = `${ctx.db}.$cmd.aggregate`;
  } else {
    scope = { kind: 'collection', db: ctx.db, coll };
    ns = `${ctx.db}.${coll}`;
  }
  const fullDocument = fullDocumentMode(options['fullDocument']);
  const before = options['fullDocumentBeforeChange'];
  if (before === 'required') throw new CommandError('BadValue', 'minimongod does not record pre-images; fullDocumentBeforeChange: required cannot be honoured');
  const { oplog } = ctx.state;
  let position = oplog.highWater();
  const given = ['resumeAfter', 'startAfter', 'startAtOperationTime'].filter((f) => options[f] !== undefined);
  if (given.length > 1)
    throw new CommandError('BadValue', `only one of resumeAfter, startAfter and startAtOperationTime may be given, got ${given.join(', ')}`);
  if (options['resumeAfter'] !== undefined) {
    const token = parseToken(options['resumeAfter'], 'resumeAfter');
    if (token.kind === 'invalidate') throw new CommandError('InvalidResumeToken', 'cannot resume a stream after an invalidate event; use startAfter instead');
    position = token.ts;
  } else if (options['startAfter'] !== undefined) {
    position = parseToken(options['startAfter'], 'startAfter').ts;
  } else if (options['startAtOperationTime'] !== undefined) {
    const ts = options['startAtOperationTime'];
    if (bsonTypeOf(ts) !== 'Timestamp')
      throw new CommandError('TypeMismatch', "BSON field 'startAtOperationTime' is the wrong type, expected type 'timestamp'");
    position = fromTimestamp(ts as Timestamp) - 1n;
  }
  if (position < oplog.floor) {
    throw new CommandError('ChangeStreamHistoryLost', 'Resume of change stream was not possible, as the resume point may no longer be in the oplog.');
  }
  const stream = new ChangeStreamCursor({ scope, fullDocument, pipeline: rest, startAfterTs: position, oplog, catalog: ctx.state.catalog });
  const batch = stream.poll(batchSize ?? DEFAULT_FIRST_BATCH);
  if (batch.exhausted) return cursorReply(0, ns, batch.events, 'firstBatch', { postBatchResumeToken: batch.postBatchResumeToken });
  const id = ctx.state.cursors.add({ kind: 'changeStream', ns, stream, lastUsed: ctx.state.now() });
  return cursorReply(id, ns, batch.events, 'firstBatch', { postBatchResumeToken: batch.postBatchResumeToken });
}

export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
