import { InboundThrottle } from './inbound-throttle';
import type { Server } from './server';
import type { SocketConnection } from './socket-connection';

/**
 * The inbound side of one SockJS session: each message counts against the socket's token
 * bucket; while the bucket is dry, messages wait in order, at most `inboundBurst` of them.
 */
export type SockJsInboundState = 'reading' | 'paused' | 'stopped';

export class SockJsInbound {
  readonly #queue: unknown[] = [];
  #reading: SockJsInboundState = 'reading';
  readonly #throttle: InboundThrottle;

  constructor(
    readonly server: Server,
    readonly socket: SocketConnection,
    readonly overflowed: () => void,
  ) {
    this.#throttle = new InboundThrottle(server.inboundLimits, server.timers, {
      pause: () => {
        if (this.#reading === 'reading') this.#reading = 'paused';
      },
      resume: () => {
        if (this.#reading !== 'paused') return;
        this.#reading = 'reading';
        this.#drain();
      },
    });
  }

  received(message: unknown): void {
    if (this.#reading === 'stopped') return;
    if (this.#reading === 'paused') {
      if (this.#queue.length >= this.server.inboundLimits.inboundBurst) {
        this.stop();
        this.overflowed();
        return;
      }
      this.#queue.push(message);
      return;
    }
    this.#deliver(message);
  }

  stop(): void {
    this.#reading = 'stopped';
    this.#queue.length = 0;
    this.#throttle.stop();
  }

  #drain(): void {
    while (this.#reading === 'reading' && this.#queue.length > 0) this.#deliver(this.#queue.shift());
  }

  #deliver(message: unknown): void {
    this.#throttle.frameRead();
    // SocketConnection.receive is the boundary of each message: it never throws. A SockJS
    // message that is not a string is not DDP text: it gets the binary-frame error.
    if (typeof message === 'string') this.socket.receive(Buffer.from(message, 'utf8'), false);
    else this.socket.receive(Buffer.alloc(0), true);
  }
}
