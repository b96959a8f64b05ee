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

interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Write batching: the first frame a socket gets in an event-loop turn corks it, and every corked
 * socket is uncorked together in the next check phase, so frames sent to one client in the same
 * turn leave in one writev instead of one syscall each. Under load this is what lets a burst of
 * changes cost one syscall per client rather than one per message.
 */
const corked = new Set<Corkable>();
let flushScheduled = false;

function flushCorked(): void {
  flushScheduled = false;
  const sockets = [...corked];
  corked.clear();
  for (const socket of sockets) socket.uncork();
}

function corkUntilNextTurn(socket: Corkable): void {
  if (corked.has(socket)) return;
  socket.cork();
  corked.add(socket);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushCorked);
  }
}

/** Whether WsTransports batch writes per event-loop turn (see corkUntilNextTurn). */
export const writeBatching = { enabled: process.env['PERSEID_DDP_WRITE_BATCHING'] !== '0' };

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
        const socket = (ws as unknown as { _socket?: Corkable })._socket;
        if (writeBatching.enabled && socket !== undefined) corkUntilNextTurn(socket);
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
