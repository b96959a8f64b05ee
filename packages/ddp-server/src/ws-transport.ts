/**
 * SessionTransport over a `ws` WebSocket.
 *
 * Shared frames: when the connection does not use permessage-deflate and ws has nothing queued,
 * the PreparedFrame's complete WebSocket frame is written as is through ws's sender, so one
 * encoded, framed Buffer serves every session (as engine.io does with pre-encoded frames).
 * Otherwise it falls back to `ws.send(text)`.
 */
import { WebSocket } from 'ws';
import type { PreparedFrame } from './prepared-frame';
import type { SessionTransport } from './session-transport';

/** The parts of ws's internal Sender the fast path relies on (checked at runtime). */
interface SenderInternals {
  sendFrame?: (list: Buffer[], cb?: (error?: Error) => void) => void;
  _state?: number;
  _queue?: unknown[];
}

export class WsTransport implements SessionTransport {
  readonly #ws: WebSocket;
  readonly #fastPath: boolean;

  constructor(ws: WebSocket) {
    this.#ws = ws;
    const sender = (ws as unknown as { _sender?: SenderInternals })._sender;
    this.#fastPath = ws.extensions === '' && typeof sender?.sendFrame === 'function';
  }

  send(frame: PreparedFrame): void {
    const ws = this.#ws;
    if (ws.readyState !== WebSocket.OPEN) return;
    if (this.#fastPath) {
      const sender = (ws as unknown as { _sender: SenderInternals })._sender;
      // State 0 is ws's DEFAULT: nothing deflating or queued, so writing directly keeps order.
      if (sender._state === 0 && (sender._queue?.length ?? 0) === 0) {
        sender.sendFrame?.([frame.wire]);
        return;
      }
    }
    ws.send(frame.text);
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  close(code: number, reason: string): void {
    const ws = this.#ws;
    if (ws.readyState === WebSocket.CLOSED) return;
    // A client that stopped reading would never complete a close handshake.
    if (ws.bufferedAmount > 64 * 1024) {
      ws.terminate();
      return;
    }
    if (ws.readyState === WebSocket.CLOSING) return;
    ws.close(code, reason);
  }
}
