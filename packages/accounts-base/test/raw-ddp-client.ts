/**
 * A minimal DDP peer for tests: speaks DDP "1" over a real WebSocket with the shared protocol
 * parser, as any stock DDP client would, and keeps a plain merged view of the collections.
 */
import { WebSocket } from 'ws';
import { parseServerMessage, stringifyDdp } from '@perseid/ddp-protocol';
import type { ServerMessage } from '@perseid/ddp-protocol';

export interface WireError {
  error: string | number;
  reason?: string;
  details?: unknown;
}

export class DdpCallError extends Error {
  readonly wire: WireError;
  constructor(wire: WireError) {
    super(`${wire.reason ?? ''} [${String(wire.error)}]`);
    this.wire = wire;
  }
}

type Waiter = { test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void };

export class RawDdpClient {
  readonly collections = new Map<string, Map<string, Record<string, unknown>>>();
  readonly received: ServerMessage[] = [];
  readonly #ws: WebSocket;
  #waiters: Waiter[] = [];
  #nextId = 1;
  readonly closed: Promise<void>;
  #isClosed = false;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data) => this.#onFrame(String(data)));
    this.closed = new Promise((resolve) =>
      ws.on('close', () => {
        this.#isClosed = true;
        resolve();
      }),
    );
  }

  /** `headers`: as a proxy in front of the server would add them (X-Forwarded-For). */
  static async connect(url: string, headers: Record<string, string> = {}): Promise<RawDdpClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false, headers });
    const client = new RawDdpClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const connected = client.next((m) => m.msg === 'connected' || m.msg === 'failed');
    client.#send({ msg: 'connect', version: '1', support: ['1'] });
    const reply = await connected;
    if (reply.msg !== 'connected') throw new Error('DDP connect failed');
    return client;
  }

  get isOpen(): boolean {
    return !this.#isClosed;
  }

  collection(name: string): Map<string, Record<string, unknown>> {
    let docs = this.collections.get(name);
    if (docs === undefined) this.collections.set(name, (docs = new Map()));
    return docs;
  }

  async call(method: string, ...params: unknown[]): Promise<unknown> {
    const id = String(this.#nextId++);
    const result = this.next((m) => m.msg === 'result' && m.id === id);
    const updated = this.next((m) => m.msg === 'updated' && m.methods.includes(id));
    this.#send({ msg: 'method', id, method, params });
    const reply = await result;
    if (reply.msg !== 'result') throw new Error('unreachable');
    if (reply.error !== undefined) throw new DdpCallError(reply.error as WireError);
    // Data written by the method has reached this client once `updated` arrives.
    await updated;
    return reply.result;
  }

  /** Subscribes; resolves with the error of a `nosub`, or undefined once `ready`. */
  async sub(name: string, ...params: unknown[]): Promise<WireError | undefined> {
    const id = `s${this.#nextId++}`;
    const answer = this.next((m) => (m.msg === 'ready' && m.subs.includes(id)) || (m.msg === 'nosub' && m.id === id));
    this.#send({ msg: 'sub', id, name, params });
    const reply = await answer;
    return reply.msg === 'nosub' ? ((reply.error as WireError | undefined) ?? { error: 'nosub' }) : undefined;
  }

  /** Calls and expects a refusal; returns the wire error. */
  async refused(method: string, ...params: unknown[]): Promise<WireError> {
    try {
      await this.call(method, ...params);
    } catch (error) {
      if (error instanceof DdpCallError) return error.wire;
      throw error;
    }
    throw new Error(`${method} was expected to fail`);
  }

  async close(): Promise<void> {
    if (!this.#isClosed) this.#ws.close();
    await this.closed;
  }

  /** Waits for the next frame (from now on) matching `test`; bounded by the mocha timeout. */
  next(test: (m: ServerMessage) => boolean): Promise<ServerMessage> {
    return new Promise((resolve) => this.#waiters.push({ test, resolve }));
  }

  #send(message: Record<string, unknown>): void {
    this.#ws.send(stringifyDdp(message as never));
  }

  #onFrame(text: string): void {
    const parsed = parseServerMessage(text);
    if (!parsed.ok) return;
    const message = parsed.message;
    this.received.push(message);
    switch (message.msg) {
      case 'ping':
        this.#send({ msg: 'pong', ...(message.id !== undefined ? { id: message.id } : {}) });
        break;
      case 'added':
        this.collection(message.collection).set(message.id, { ...(message.fields ?? {}) });
        break;
      case 'changed': {
        const doc = this.collection(message.collection).get(message.id) ?? {};
        Object.assign(doc, message.fields ?? {});
        for (const field of message.cleared ?? []) delete doc[field];
        this.collection(message.collection).set(message.id, doc);
        break;
      }
      case 'removed':
        this.collection(message.collection).delete(message.id);
        break;
      default:
        break;
    }
    const waiting = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiting) {
      if (waiter.test(message)) waiter.resolve(message);
      else this.#waiters.push(waiter);
    }
  }
}
