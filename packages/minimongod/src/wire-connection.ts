import type { Document } from 'bson';
import type { Socket } from 'node:net';
import type { ConnectionInfo } from './command-context';
import { CommandError } from './errors';
import { HEADER_SIZE, MAX_MESSAGE_SIZE, OP_QUERY, encodeOpMsgReply, encodeOpReply, parseWireMessage } from './wire-codec';

export type ConnectionState = 'open' | 'closing' | 'closed';

export interface ConnectionHooks {
  readonly dispatch: (body: Document, info: ConnectionInfo) => Promise<Document>;
  readonly log: (line: string) => void;
  readonly onClose: () => void;
}

let replyIds = 0;

function nextReplyId(): number {
  replyIds = (replyIds % 0x7fffffff) + 1;
  return replyIds;
}

/** A reply too large to encode becomes an error reply instead of a broken connection. */
function encodeSafely(encode: (id: number, responseTo: number, doc: Document) => Buffer, responseTo: number, reply: Document): Buffer {
  try {
    return encode(nextReplyId(), responseTo, reply);
  } catch (error) {
    const errmsg = `reply could not be encoded: ${error instanceof Error ? error.message : String(error)}`;
    return encode(nextReplyId(), responseTo, { ok: 0, errmsg, code: 10334, codeName: 'Location10334', operationTime: reply['operationTime'] });
  }
}

/**
 * One client socket: frames messages, handles them strictly one at a time in arrival order
 * (the driver has one request in flight per connection), and never replies to moreToCome.
 * Anything unparseable either gets an error reply or, when the stream can no longer be
 * trusted, closes this connection only.
 */
export class WireConnection {
  #state: ConnectionState = 'open';
  #buffer: Buffer = Buffer.alloc(0);
  #pendingChunks: Buffer[] = [];
  #pendingBytes = 0;
  #expectedLength = 0;
  readonly #queue: Buffer[] = [];
  #drainState: 'idle' | 'draining' = 'idle';
  readonly #socket: Socket;
  readonly #info: ConnectionInfo;
  readonly #hooks: ConnectionHooks;

  constructor(socket: Socket, info: ConnectionInfo, hooks: ConnectionHooks) {
    this.#socket = socket;
    this.#info = info;
    this.#hooks = hooks;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  close(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#socket.destroy();
    this.#hooks.onClose();
  }

  #fail(reason: string): void {
    this.#hooks.log(`connection ${this.#info.id} closed: ${reason}`);
    this.close();
  }

  #onData(chunk: Buffer): void {
    if (this.#state !== 'open') return;
    // Chunks of a large message are kept aside and joined once it is complete: joining on every
    // chunk would copy a 48 MB message hundreds of times.
    if (this.#pendingChunks.length > 0) {
      this.#pendingChunks.push(chunk);
      this.#pendingBytes += chunk.length;
      if (this.#pendingBytes < this.#expectedLength) return;
      chunk = Buffer.concat(this.#pendingChunks, this.#pendingBytes);
      this.#pendingChunks = [];
      this.#pendingBytes = 0;
    }
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    while (this.#buffer.length >= 4) {
      const length = this.#buffer.readInt32LE(0);
      if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE) {
        this.#fail(`message length ${length} outside [${HEADER_SIZE}, ${MAX_MESSAGE_SIZE}]`);
        return;
      }
      if (this.#buffer.length < length) {
        this.#pendingChunks = [this.#buffer];
        this.#pendingBytes = this.#buffer.length;
        this.#expectedLength = length;
        this.#buffer = Buffer.alloc(0);
        break;
      }
      this.#queue.push(this.#buffer.subarray(0, length));
      this.#buffer = this.#buffer.subarray(length);
    }
    void this.#drain();
  }

  async #drain(): Promise<void> {
    if (this.#drainState === 'draining') return;
    this.#drainState = 'draining';
    try {
      while (this.#queue.length > 0 && this.#state === 'open') {
        try {
          await this.#handle(this.#queue.shift() as Buffer);
        } catch (error) {
          // e.g. a reply too large to encode: this connection cannot continue in sync.
          this.#fail(error instanceof Error ? error.message : String(error));
        }
      }
    } finally {
      this.#drainState = 'idle';
    }
  }

  async #handle(message: Buffer): Promise<void> {
    const parsed = parseWireMessage(message);
    if (!parsed.ok) {
      if (parsed.fatal) return this.#fail(parsed.reason);
      if (parsed.requestId === null) return;
      const error = new CommandError(parsed.codeName ?? 'FailedToParse', `invalid message: ${parsed.reason}`).toReply();
      this.#send(parsed.opCode === OP_QUERY ? encodeOpReply(nextReplyId(), parsed.requestId, error) : encodeOpMsgReply(nextReplyId(), parsed.requestId, error));
      return;
    }
    const { request } = parsed;
    switch (request.kind) {
      case 'query': {
        // Only the legacy handshake travels as OP_QUERY (on admin.$cmd / <db>.$cmd).
        const reply = request.collection.endsWith('.$cmd')
          ? await this.#hooks.dispatch({ ...request.query, $db: request.collection.slice(0, -5) }, this.#info)
          : { ok: 0, errmsg: 'OP_QUERY is only supported for commands', code: 5739101, codeName: 'Location5739101' };
        this.#send(encodeSafely(encodeOpReply, request.requestId, reply));
        return;
      }
      case 'msg': {
        const reply = await this.#hooks.dispatch(request.body, this.#info);
        if (!request.moreToCome) this.#send(encodeSafely(encodeOpMsgReply, request.requestId, reply));
        return;
      }
      default: {
        const never: never = request;
        return never;
      }
    }
  }

  #send(bytes: Buffer): void {
    if (this.#state === 'open') this.#socket.write(bytes);
  }
}
