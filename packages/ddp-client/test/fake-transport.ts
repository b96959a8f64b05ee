import type { Transport, TransportHandlers, TransportSocket } from '../src/transport';

/** One socket opened through FakeTransport; the test plays the server. */
export class FakeSocket implements TransportSocket {
  readonly sent: string[] = [];
  state: 'opening' | 'open' | 'closed' = 'opening';

  readonly #handlers: TransportHandlers;

  constructor(
    readonly url: string,
    handlers: TransportHandlers,
  ) {
    this.#handlers = handlers;
  }

  send(frame: string): void {
    if (this.state !== 'open') throw new Error(`send on a ${this.state} fake socket`);
    this.sent.push(frame);
  }

  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.#handlers.onClose('closed by client');
  }

  /** The server accepts the socket. */
  open(): void {
    this.state = 'open';
    this.#handlers.onOpen();
  }

  /** The server sends a frame (an object is JSON-encoded, a string is sent as is). */
  receive(frame: object | string): void {
    if (this.state !== 'open') throw new Error('receive on a socket that is not open');
    this.#handlers.onMessage(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The server or network drops the socket. */
  drop(reason = 'dropped'): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.#handlers.onClose(reason);
  }

  /** Sent frames parsed, then forgotten, so each step of a test asserts only its own frames. */
  takeSent(): unknown[] {
    const frames = this.sent.splice(0).map((f) => JSON.parse(f) as unknown);
    return frames;
  }
}

export class FakeTransport implements Transport {
  readonly sockets: FakeSocket[] = [];

  open(url: string, handlers: TransportHandlers): FakeSocket {
    const socket = new FakeSocket(url, handlers);
    this.sockets.push(socket);
    return socket;
  }

  get last(): FakeSocket {
    const s = this.sockets[this.sockets.length - 1];
    if (s === undefined) throw new Error('no socket opened yet');
    return s;
  }
}
