/**
 * SessionTransport over a `ws` WebSocket.
 *
 * Shared frames: when the connection does not use permessage-deflate, the PreparedFrames' complete
 * WebSocket frames are written as they are through ws's sender, so one encoded, framed Buffer
 * serves every session (as engine.io does with pre-encoded frames). Otherwise it falls back to
 * `ws.send(text)`.
 *
 * Frames given in one event-loop turn are queued here and written together by a WriteBatch
 * (write-batch.ts) in the next check phase: one write per client per turn, sharing one joined
 * Buffer among clients that got the same frames.
 *
 * `bufferedAmount` = queued bytes + the socket's own backlog, which is read after every write
 * and again when a turn's first frame is queued if it was not zero (a backlog of zero can only
 * grow by our writes). Within the synchronous code that queues frames the socket's backlog cannot
 * change (every write to it happens in the flush), so the outbound-buffer limit sees the same
 * figure as reading the socket per frame, without touching the socket objects per frame; only
 * control frames ws writes by itself (a pong, a close) are missed until the next read.
 */
import { WebSocket } from 'ws';
import { benchStagesOn, stampBenchStage } from '@perseid/ddp-common';
import type { PreparedFrame } from './prepared-frame';
import type { SessionTransport } from './session-transport';
import { WriteBatch, type BatchedWriter } from './write-batch';

/**
 * The parts of ws's internal Sender the fast path relies on (checked at runtime). They are not
 * ws's public API, so package.json pins ws to one exact version and ws-fast-path.test.ts fails
 * when an upgrade renames them (the fast path would otherwise fall back to ws.send silently).
 */
interface SenderInternals {
  sendFrame?: (list: Buffer[], cb?: (error?: Error) => void) => void;
  _state?: number;
  _queue?: unknown[];
}

function senderOf(ws: WebSocket): SenderInternals | undefined {
  return (ws as unknown as { _sender?: SenderInternals })._sender;
}

/** Whether frames to `ws` can be written through its Sender as prepared (no compression, internals as expected). */
export function hasFrameFastPath(ws: WebSocket): boolean {
  const sender = senderOf(ws);
  return ws.extensions === '' && typeof sender?.sendFrame === 'function' && typeof sender._state === 'number' && Array.isArray(sender._queue);
}

/** Frames written as prepared through the Sender, and through ws.send (compression, or the Sender busy). */
export const frameWrites = { fastPath: 0, fallback: 0 };

/** Whether WsTransports batch writes per event-loop turn (see write-batch.ts). */
export const writeBatching = { enabled: process.env['PERSEID_DDP_WRITE_BATCHING'] !== '0' };

/** The batch every WsTransport uses unless given its own. */
export const defaultWriteBatch = new WriteBatch();

export class WsTransport implements SessionTransport, BatchedWriter {
  readonly #ws: WebSocket;
  readonly #fastPath: boolean;
  readonly #batch: WriteBatch;
  /** Frames queued this turn, in send order, and their wire bytes. */
  #pending: PreparedFrame[] = [];
  #pendingBytes = 0;
  /** The socket's unsent bytes when last read (see the file comment). */
  #backlog = 0;

  constructor(
    ws: WebSocket,
    batch: WriteBatch = defaultWriteBatch,
    /** Told why a socket was given up after a failed write. */
    readonly reportError: (message: string, error: unknown) => void = () => {},
  ) {
    this.#ws = ws;
    this.#batch = batch;
    this.#fastPath = hasFrameFastPath(ws);
  }

  send(frame: PreparedFrame): void {
    if (benchStagesOn) stampBenchStage('frame-queued', frame.text);
    if (this.#fastPath && writeBatching.enabled) {
      // Whether the socket is still open is checked when the queue is written.
      if (this.#pending.length === 0) {
        if (this.#backlog > 0) this.#backlog = this.#ws.bufferedAmount;
        this.#batch.enqueue(this);
      }
      this.#pending.push(frame);
      this.#pendingBytes += frame.wire.length;
      return;
    }
    if (this.#ws.readyState !== WebSocket.OPEN) return;
    this.#write([frame], undefined);
  }

  flushPending(batch: WriteBatch): void {
    const frames = this.#takePending();
    if (frames.length > 0 && this.#ws.readyState === WebSocket.OPEN) this.#write(frames, batch);
  }

  abandon(error: unknown): void {
    this.#takePending();
    this.reportError('Internal exception while writing to a DDP socket (socket closed)', error);
    this.#ws.terminate();
  }

  #takePending(): PreparedFrame[] {
    const frames = this.#pending;
    if (frames.length > 0) {
      this.#pending = [];
      this.#pendingBytes = 0;
    }
    return frames;
  }

  /** Writes `frames` in order; with a batch, several frames go as one (possibly shared) Buffer. */
  #write(frames: readonly PreparedFrame[], batch: WriteBatch | undefined): void {
    const ws = this.#ws;
    if (benchStagesOn) for (const frame of frames) stampBenchStage('frame-written', frame.text);
    if (this.#fastPath) {
      const sender = senderOf(ws) as SenderInternals;
      // State 0 is ws's DEFAULT: nothing deflating or queued, so writing directly keeps order.
      if (sender._state === 0 && (sender._queue?.length ?? 0) === 0) {
        if (frames.length === 1) sender.sendFrame?.([(frames[0] as PreparedFrame).wire]);
        else if (batch !== undefined) sender.sendFrame?.([batch.joined(frames)]);
        else for (const frame of frames) sender.sendFrame?.([frame.wire]);
        frameWrites.fastPath += frames.length;
        this.#backlog = ws.bufferedAmount;
        return;
      }
    }
    for (const frame of frames) ws.send(frame.text);
    frameWrites.fallback += frames.length;
    this.#backlog = ws.bufferedAmount;
  }

  get bufferedAmount(): number {
    return this.#pendingBytes + this.#backlog;
  }

  close(code: number, reason: string): void {
    const ws = this.#ws;
    if (ws.readyState === WebSocket.CLOSED) return;
    const stuck = this.#pendingBytes + ws.bufferedAmount > 64 * 1024;
    const frames = this.#takePending();
    // A client that stopped reading would never complete a close handshake.
    if (stuck) {
      ws.terminate();
      return;
    }
    if (ws.readyState === WebSocket.CLOSING) return;
    // What the session sent before closing goes out before the close frame.
    if (frames.length > 0) this.#write(frames, undefined);
    ws.close(code, reason);
  }
}
