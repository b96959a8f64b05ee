import { WebSocket } from 'ws';

/** An error object as it arrives on the wire, unparsed by any client library. */
export interface WireError {
  readonly error?: unknown;
  readonly reason?: unknown;
  readonly errorType?: unknown;
}

/** What the server answered to one request frame. */
export type RawAnswer =
  | { readonly kind: 'result'; readonly result: unknown; readonly error: WireError | undefined }
  | { readonly kind: 'ready' }
  | { readonly kind: 'nosub'; readonly error: WireError | undefined }
  /** A DDP `error` message: the server refused the frame itself. */
  | { readonly kind: 'protocol-error'; readonly reason: unknown }
  | { readonly kind: 'closed'; readonly code: number }
  | { readonly kind: 'no-answer' };

type Pending = { readonly id: string; readonly settle: (answer: RawAnswer) => void };

/**
 * A DDP "1" peer that sends frames as raw text, so a test can put on the wire what no client
 * library would produce (`__proto__` keys, EJSON-shaped objects, params that are not an array),
 * and reads answers as plain JSON. One request is outstanding at a time, so a DDP `error` or a
 * close is the answer to that request.
 */
export class HostileDdpPeer {
  /** Every frame that carried a 500 / internal error, answered or late (e.g. a sub failing after `ready`). */
  readonly internalErrors: string[] = [];
  #pending: Pending | undefined;
  #pongs: Array<() => void> = [];
  #closeCode: number | undefined;
  #nextId = 1;

  readonly #ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data) => this.#onFrame(String(data)));
    ws.on('close', (code) => {
      this.#closeCode = code;
      this.#pending?.settle({ kind: 'closed', code });
    });
    ws.on('error', () => undefined);
  }

  /** Opens `/websocket` under `rootUrl` and completes the `connect` handshake. */
  static async open(rootUrl: string): Promise<HostileDdpPeer> {
    const ws = new WebSocket(`${rootUrl.replace(/^http/, 'ws').replace(/\/$/, '')}/websocket`, { perMessageDeflate: false });
    const socket = new HostileDdpPeer(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const connected = new Promise<void>((resolve, reject) => {
      const onFrame = (data: unknown): void => {
        const frame = parseFrame(String(data));
        if (frame?.['msg'] === 'connected') {
          ws.off('message', onFrame);
          resolve();
        } else if (frame?.['msg'] === 'failed') reject(new Error('DDP connect refused'));
      };
      ws.on('message', onFrame);
    });
    ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
    await connected;
    return socket;
  }

  get isOpen(): boolean {
    return this.#closeCode === undefined;
  }

  /** A fresh request id. */
  nextId(prefix: string): string {
    return `${prefix}${this.#nextId++}`;
  }

  /**
   * Sends `text` (a `method` or `sub` frame whose id is `id`) and resolves with the server's
   * answer: `result`, `ready` / `nosub`, a protocol `error`, a close, or no answer in `timeoutMs`.
   */
  request(id: string, text: string, timeoutMs: number): Promise<RawAnswer> {
    if (this.#pending !== undefined) throw new Error('HostileDdpPeer: one request at a time');
    if (!this.isOpen) return Promise.resolve({ kind: 'closed', code: this.#closeCode ?? 0 });
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle({ kind: 'no-answer' }), timeoutMs);
      const settle = (answer: RawAnswer): void => {
        clearTimeout(timer);
        if (this.#pending?.id === id) this.#pending = undefined;
        resolve(answer);
      };
      this.#pending = { id, settle };
      this.#ws.send(text);
    });
  }

  /** Resolves true once the server answers a `ping` with a `pong`, false on close or timeout. */
  ping(timeoutMs: number): Promise<boolean> {
    if (!this.isOpen) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#pongs.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
      this.#ws.send(JSON.stringify({ msg: 'ping', id: this.nextId('ping') }));
    });
  }

  send(text: string): void {
    if (this.isOpen) this.#ws.send(text);
  }

  /** Ends the session as a deliberate client does (`disconnect` first), so the server keeps nothing for resumption. */
  close(): void {
    if (this.isOpen) this.#ws.send(JSON.stringify({ msg: 'disconnect' }));
    this.#ws.close();
  }

  #onFrame(text: string): void {
    const frame = parseFrame(text);
    if (frame === undefined) return;
    const msg = frame['msg'];
    if (isInternalError(wireError(frame['error']))) this.internalErrors.push(text.slice(0, 2000));
    if (msg === 'ping') {
      this.#ws.send(JSON.stringify(frame['id'] === undefined ? { msg: 'pong' } : { msg: 'pong', id: frame['id'] }));
      return;
    }
    if (msg === 'pong') {
      this.#pongs.shift()?.();
      return;
    }
    const pending = this.#pending;
    if (pending === undefined) return;
    if (msg === 'result' && frame['id'] === pending.id) pending.settle({ kind: 'result', result: frame['result'], error: wireError(frame['error']) });
    else if (msg === 'nosub' && frame['id'] === pending.id) pending.settle({ kind: 'nosub', error: wireError(frame['error']) });
    else if (msg === 'ready' && Array.isArray(frame['subs']) && frame['subs'].includes(pending.id)) pending.settle({ kind: 'ready' });
    else if (msg === 'error') pending.settle({ kind: 'protocol-error', reason: frame['reason'] });
  }
}

function parseFrame(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The catalogue's catch-all: what a client gets when something other than a Meteor.Error was thrown. */
export function isInternalError(error: WireError | undefined): boolean {
  return error !== undefined && (error.error === 500 || error.error === '500' || error.reason === 'Internal server error');
}

function wireError(value: unknown): WireError | undefined {
  return typeof value === 'object' && value !== null ? (value as WireError) : undefined;
}
