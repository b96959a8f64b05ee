/**
 * One DDP `method` message, from rate limit to `updated` (Meteor's protocol_handlers.method):
 *
 *   rate limiter ─refused─► result{error}, updated
 *   lookup ─missing─► result{error 404}, updated
 *   run handler under currentMethodInvocation + currentWriteFence
 *     ─► result{result} or result{error}  (non-Meteor errors → 500, logged)
 *     ─► unblock the session's queue, arm the fence
 *   fence fires (every write begun during the call committed) ─► updated{methods:[id]}
 *
 * `result` therefore always precedes `updated`, and `updated` follows the data messages of the
 * method's writes.
 */
import { failIfArgumentsAreNotAllChecked } from '@perseid/check';
import type { DdpErrorObject, MethodMessage, NosubMessage, ResultMessage, ServerMessage } from '@perseid/ddp-protocol';
import { EJSON } from '@perseid/ejson';
import type { ConnectionHandle } from './connection-handle';
import { currentMethodInvocation, currentWriteFence } from './environment';
import { clientError, toWireError } from '@perseid/ddp-common';
import { ddpServerErrors, type ErrorLogger } from './errors';
import type { KeptAnswer, ReplayAnswer } from './method-replay-log';
import { MethodInvocation } from './method-invocation';
import { PreparedFrame } from './prepared-frame';
import type { SessionServer } from './session';
import { WriteFence } from './write-fence';

/** What a method call needs from its session. */
export interface MethodCallHost {
  readonly server: SessionServer;
  readonly connection: ConnectionHandle;
  readonly userId: string | null;
  setUserId(userId: string | null): Promise<void>;
  send(frame: PreparedFrame): void;
  sendJson(message: ServerMessage): void;
  rateLimited(type: 'method', name: string): DdpErrorObject | undefined;
}

/** A DDP error object with its EJSON `details` encoded for the wire. */
export function encodeError(error: DdpErrorObject): DdpErrorObject {
  const out: DdpErrorObject = { ...error };
  if (error.details !== undefined) out.details = EJSON.toJSONValue(error.details);
  return out;
}

/** The head of a frame that may carry an error: a method's `result` or a subscription's `nosub`. */
export type ErrorFrameHead = Pick<ResultMessage, 'msg' | 'id'> | Pick<NosubMessage, 'msg' | 'id'>;

/**
 * The text of a frame `fields` + `error` (a `result` or `nosub`). Details that cannot be encoded
 * (circular, a BigInt, nested too deep for the encoder) must not leave the call or subscription
 * without its answer: the frame then carries a 500, and what failed is logged.
 */
export function errorFrameText(fields: ErrorFrameHead, error: DdpErrorObject, context: string, log: ErrorLogger): string {
  try {
    return JSON.stringify({ ...fields, error: encodeError(error) } satisfies ResultMessage | NosubMessage);
  } catch (thrown) {
    return JSON.stringify({ ...fields, error: encodeError(toWireError(thrown, (error) => log(`Exception serialising the error ${context}`, error))) } satisfies
      | ResultMessage
      | NosubMessage);
  }
}

function sendResult(host: MethodCallHost, id: string, outcome: { result: unknown } | { error: DdpErrorObject }): string {
  if ('error' in outcome) {
    const text = errorFrameText({ msg: 'result', id }, outcome.error, `of method ${id}`, host.server.log);
    host.send(new PreparedFrame(text));
    return text;
  }
  let text: string;
  try {
    text =
      outcome.result === undefined
        ? JSON.stringify({ msg: 'result', id } satisfies ResultMessage)
        : `{"msg":"result","id":${JSON.stringify(id)},"result":${JSON.stringify(EJSON.toJSONValue(outcome.result))}}`;
  } catch (error) {
    text = errorFrameText(
      { msg: 'result', id },
      toWireError(error, (internal) => host.server.log(`Exception serialising the result of method ${id}`, internal)),
      `of method ${id}`,
      host.server.log,
    );
  }
  host.send(new PreparedFrame(text));
  return text;
}

/**
 * A call refused before its handler ran still gets `updated` (it wrote nothing): Meteor arms the
 * fence on these paths too, and clients settle a call only once both messages arrived.
 */
function endWithoutRunning(host: MethodCallHost, id: string, error: DdpErrorObject): void {
  sendResult(host, id, { error });
  host.sendJson({ msg: 'updated', methods: [id] });
}

export async function runMethodCall(host: MethodCallHost, message: MethodMessage, unblock: () => void): Promise<void> {
  const server = host.server;
  const finished = server.methodsInFlight.begin();
  try {
    await runTrackedMethodCall(host, message, unblock, finished);
  } catch (error) {
    finished();
    throw error;
  }
}

async function runTrackedMethodCall(host: MethodCallHost, message: MethodMessage, unblock: () => void, finished: () => void): Promise<void> {
  const server = host.server;
  const refused = host.rateLimited('method', message.method);
  if (refused !== undefined) {
    endWithoutRunning(host, message.id, refused);
    finished();
    return;
  }
  const handler = server.methodHandler(message.method);
  if (handler === undefined) {
    endWithoutRunning(host, message.id, clientError(404, `Method '${message.method}' not found`));
    finished();
    return;
  }
  const claiming = server.replayStore.claim(host.userId, message.method, message.randomSeed);
  // The memory store answers at once: no extra turn on the hot path.
  const claim = claiming instanceof Promise ? await claiming : claiming;
  if (claim.kind === 'replay') {
    answerReplay(host, message.id, await claim.answer());
    finished();
    return;
  }
  const fence = new WriteFence({ reportError: server.log });
  fence.onAllCommitted(() => {
    fence.retire();
    host.sendJson({ msg: 'updated', methods: [message.id] });
    if (claim.kind === 'first') claim.finished();
    finished();
  });
  const invocation = new MethodInvocation({
    name: message.method,
    userId: host.userId,
    connection: host.connection,
    randomSeed: message.randomSeed,
    setUserId: (userId) => host.setUserId(userId),
    unblock,
  });
  // Read once: an observer installed mid-call does not get a call it never saw start.
  const observer = server.methodObserver;
  const startedAt = observer === null ? 0 : observer.now();
  try {
    const params = message.params ?? [];
    const run = handler as (...p: unknown[]) => unknown;
    const result = await currentWriteFence.withValue(fence, () =>
      currentMethodInvocation.withValue(invocation, () =>
        server.auditArgumentChecks
          ? failIfArgumentsAreNotAllChecked(run, invocation, params, `method '${message.method}'`)
          : run.apply(invocation, [...params]),
      ),
    );
    observer?.finished(message.method, observer.now() - startedAt, 'ok');
    const text = sendResult(host, message.id, { result });
    if (claim.kind === 'first') claim.record(answerTail(text, message.id));
  } catch (error) {
    observer?.finished(message.method, observer.now() - startedAt, 'error');
    const text = sendResult(host, message.id, {
      error: toWireError(error, (internal) => server.log(`Exception while invoking method '${message.method}'`, internal)),
    });
    if (claim.kind === 'first') claim.record(answerTail(text, message.id));
  }
  unblock();
  fence.arm();
}

/** The fields after `id` of a `result` frame this module wrote (`{"msg":"result","id":…` first). */
function answerTail(text: string, id: string): KeptAnswer {
  const head = `{"msg":"result","id":${JSON.stringify(id)}`;
  return { tail: text.slice(head.length, -1) };
}

/** A replay's answer is the first run's, sent once that run's writes are visible (its `updated`). */
function answerReplay(host: MethodCallHost, id: string, answer: ReplayAnswer): void {
  if (answer !== undefined && 'stillRunning' in answer) {
    // Never run it twice: the client keeps the call queued and replays it later.
    const { code, reason } = ddpServerErrors.REPLAY_STILL_RUNNING;
    endWithoutRunning(host, id, clientError(code, reason));
    return;
  }
  if (answer === undefined || !('tail' in answer)) {
    const { code, reason } = ddpServerErrors.REPLAYED_RESULT_NOT_KEPT;
    endWithoutRunning(host, id, clientError(code, reason));
    return;
  }
  host.send(new PreparedFrame(`{"msg":"result","id":${JSON.stringify(id)}${answer.tail}}`));
  host.sendJson({ msg: 'updated', methods: [id] });
}
