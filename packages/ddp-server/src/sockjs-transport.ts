// The declarations of `sockjs` travel with the files that import it, so a program that reaches
// this package through its exports (an app's own tsconfig) has them too.
/// <reference path="./sockjs-module.d.ts" />
import type { Connection } from 'sockjs';
import { benchStagesOn, stampBenchStage } from '@perseid/ddp-common';
import type { PreparedFrame } from './prepared-frame';
import type { SessionTransport } from './session-transport';

/** SockJS's connection states (its readyState values). */
export const SOCKJS_CLOSED = 3;

/**
 * Closes a SockJS connection with `code` and `reason`. Its raw WebSocket transport
 * (`/sockjs/websocket`) takes only 1000 and the application range 3000–4999 and throws on any
 * other code, so there the WebSocket codes used elsewhere (1001, 1008, 1009, 1011, …) become
 * 4000 + (code − 1000), the reason unchanged. Other transports carry any code in their close frame.
 */
export function closeSockJs(connection: Connection, code: number, reason: string): void {
  const applicationCode = code === 1000 || (code >= 3000 && code <= 4999);
  const usable = connection.protocol === 'websocket-raw' && !applicationCode ? 4000 + (code - 1000) : code;
  try {
    connection.close(usable, reason);
  } catch {
    // A code the transport still refuses: close normally rather than leave the socket open.
    connection.close(1000, reason);
  }
}

/** The parts of SockJS's session object `bufferedAmount` reads (checked at runtime). */
interface SessionInternals {
  send_buffer?: unknown;
  recv?: { connection?: { writableLength?: unknown } | null } | null;
}

/**
 * SessionTransport over a SockJS connection. `bufferedAmount` is what SockJS holds for the
 * client (messages no receiver has taken yet, e.g. while a polling client does not poll) plus
 * the socket's unsent bytes under a streaming receiver.
 */
export class SockJsTransport implements SessionTransport {
  readonly #connection: Connection;
  /** SockJS replaces its send buffer on every flush: the bytes of `#counted.buffer` are summed once. */
  #counted: { buffer: unknown[]; length: number; bytes: number } | undefined;
  #closing = false;

  constructor(connection: Connection) {
    this.#connection = connection;
  }

  send(frame: PreparedFrame): void {
    if (this.#connection.readyState === SOCKJS_CLOSED) return;
    if (benchStagesOn) stampBenchStage('frame-written', frame.text);
    this.#connection.write(frame.text);
  }

  get bufferedAmount(): number {
    const session = (this.#connection as unknown as { _session?: SessionInternals | null })._session;
    if (session === undefined || session === null) return 0;
    const socketBytes = session.recv?.connection?.writableLength;
    return this.#pendingBytes(session.send_buffer) + (typeof socketBytes === 'number' ? socketBytes : 0);
  }

  #pendingBytes(buffer: unknown): number {
    if (!Array.isArray(buffer) || buffer.length === 0) return 0;
    let counted = this.#counted;
    if (counted === undefined || counted.buffer !== buffer || counted.length > buffer.length) {
      counted = { buffer, length: 0, bytes: 0 };
    }
    for (let i = counted.length; i < buffer.length; i++) {
      const item: unknown = buffer[i];
      counted.bytes += typeof item === 'string' ? item.length : 0;
    }
    counted.length = buffer.length;
    this.#counted = counted;
    return counted.bytes;
  }

  /**
   * Closes after the current task: SockJS hands over a frame's messages in a loop that reads
   * its session on every message, and closing the session inside that loop would make the
   * next message throw inside SockJS (out of reach of any handler of ours). Messages after the
   * close was asked for are ignored by SocketConnection, which has failed by then.
   */
  close(code: number, reason: string): void {
    if (this.#closing || this.#connection.readyState === SOCKJS_CLOSED) return;
    this.#closing = true;
    queueMicrotask(() => {
      if (this.#connection.readyState !== SOCKJS_CLOSED) closeSockJs(this.#connection, code, reason);
    });
  }
}
