import { Binary, Long, type Document } from 'bson';
import { isPlainDocument, toNumber } from './bson-value';
import type { CommandContext, CommandHandler, ConnectionInfo } from './command-context';
import { adminCommands } from './commands/admin-commands';
import { aggregateCommands } from './commands/aggregate-command';
import { collectionCommands } from './commands/collection-commands';
import { readCommands } from './commands/read-commands';
import { RETRYABLE_WRITE_COMMANDS, writeCommands } from './commands/write-commands';
import { CommandError, toCommandError } from './errors';
import { toTimestamp } from './logical-clock';
import type { ServerState } from './server-state';

const HANDLERS: ReadonlyMap<string, CommandHandler> = new Map(
  Object.entries({
    ...adminCommands,
    ...readCommands,
    ...writeCommands,
    ...collectionCommands,
    ...aggregateCommands,
  }),
);

const ZERO_SIGNATURE = { hash: new Binary(Buffer.alloc(20), 0), keyId: Long.fromNumber(0) };

/** Stamp a reply with the cluster time `at`, which the runtime's write fence compares. */
function stamp(reply: Document, at: bigint): Document {
  const now = toTimestamp(at);
  reply['operationTime'] = now;
  reply['$clusterTime'] = { clusterTime: now, signature: ZERO_SIGNATURE };
  return reply;
}

function sessionKey(lsid: unknown): string | null {
  if (!isPlainDocument(lsid)) return null;
  const id = lsid['id'];
  if (typeof id !== 'object' || id === null || (id as { _bsontype?: string })._bsontype !== 'Binary') return null;
  return Buffer.from((id as Binary).buffer).toString('hex');
}

function txnNumberOf(value: unknown): bigint | null {
  if (value === undefined) return null;
  if (typeof value === 'object' && value !== null && (value as { _bsontype?: string })._bsontype === 'Long') return (value as Long).toBigInt();
  const n = toNumber(value);
  if (n === undefined || !Number.isInteger(n)) throw new CommandError('TypeMismatch', "BSON field 'txnNumber' is the wrong type, expected type 'long'");
  return BigInt(n);
}

/**
 * Run one command document (already merged from its OP_MSG sections) and produce the reply.
 * Never throws: every failure becomes an `ok: 0` reply from the error catalogue.
 */
export async function dispatchCommand(body: Document, state: ServerState, connection: ConnectionInfo): Promise<Document> {
  let reply: Document;
  // A change-stream getMore parks across other connections' commits and releases: those are
  // not its own, so it neither waits for their durability nor yields to the readers they woke.
  const ownsChanges = Object.keys(body)[0] !== 'getMore';
  const commitsBefore = ownsChanges ? state.oplog.commitCount : -1;
  const releasesBefore = ownsChanges ? state.oplog.releaseCount : -1;
  try {
    reply = await runCommand(body, state, connection);
  } catch (error) {
    if (!(error instanceof CommandError)) console.error('[minimongod] unexpected error in command', error);
    reply = toCommandError(error).toReply();
  }
  // The command's own time, read before the journal wait below: other connections' writes that
  // commit during that wait are not this command's. A later operationTime would make a client
  // that fences on it (the runtime's write fence) wait until its change stream on this
  // collection has passed those others' writes too, and a stream with no event of its own
  // beyond them only advances when another event arrives there or its parked getMore's await
  // time runs out (1 s by default in the runtime).
  const operationTime = state.clock.current();
  // Even a failed command may have committed part of its work (ordered batches): make it durable
  // before answering, so an acknowledged write is always on disk. Commands that wrote nothing
  // do not wait for other connections' fsyncs.
  try {
    if (ownsChanges && state.oplog.commitCount !== commitsBefore) await state.oplog.durable();
  } catch (error) {
    console.error('[minimongod] journal write failed', error);
    reply = new CommandError('InternalError', 'minimongod could not make the write durable').toReply();
  }
  const stamped = stamp(reply, operationTime);
  // A write that released parked change-stream getMores answers after them: their replies are
  // written in this turn, so a client fencing on the write already holds the event when the
  // write's reply arrives instead of waiting one more read for it (the read scheduling this
  // serves: packages/mongo/src/read-scheduling-policy.ts).
  if (ownsChanges && state.oplog.releaseCount !== releasesBefore) await state.nextTurn();
  return stamped;
}

async function runCommand(body: Document, state: ServerState, connection: ConnectionInfo): Promise<Document> {
  const name = Object.keys(body)[0];
  if (name === undefined) throw new CommandError('FailedToParse', 'empty command document');
  const db = body['$db'] ?? 'admin';
  if (typeof db !== 'string' || db.length === 0) throw new CommandError('InvalidNamespace', "'$db' must be a non-empty string");
  state.counters.commands += 1;
  const handler = HANDLERS.get(name);
  if (handler === undefined) throw new CommandError('CommandNotFound', `no such command: '${name}'`);
  const ctx: CommandContext = { state, db, connection };
  if (body['autocommit'] === false || body['startTransaction'] === true) {
    if (name === 'abortTransaction') return { ok: 1 };
    throw new CommandError('OperationNotSupportedInTransaction', 'Transactions are not supported by minimongod');
  }
  const txnNumber = txnNumberOf(body['txnNumber']);
  const session = sessionKey(body['lsid']);
  if (txnNumber !== null && session !== null && RETRYABLE_WRITE_COMMANDS.has(name)) {
    const previous = state.retries.get(session);
    if (previous !== undefined) {
      if (txnNumber === previous.txnNumber) return { ...previous.reply };
      if (txnNumber < previous.txnNumber) {
        throw new CommandError(
          'TransactionTooOld',
          `Cannot start transaction ${txnNumber} on session because a newer transaction ${previous.txnNumber} has already started`,
        );
      }
    }
    const reply = await handler(body, ctx);
    state.retries.set(session, { txnNumber, reply });
    return reply;
  }
  return handler(body, ctx);
}
