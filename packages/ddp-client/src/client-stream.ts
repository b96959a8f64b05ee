import type { ConnectionState, ConnectionStatus } from './connection-status';
import { DEFAULT_RETRY, retryDelay, type RetryOptions } from './retry-policy';
import type { Timers } from '@perseid/ddp-common';
import type { Transport, TransportSocket } from './transport';

export interface ClientStreamHandlers {
  /** A new socket is open: the owner must (re)send `connect` and its state. */
  onReset(): void;
  onMessage(frame: string): void;
  /** The open socket went away (deliberately or not). */
  onDisconnect(): void;
  onStatusChange(status: ConnectionStatus): void;
}

export interface ClientStreamOptions {
  readonly transport: Transport;
  readonly timers: Timers;
  /** false: a lost socket means `failed`, no retry. */
  readonly retry: boolean | Partial<RetryOptions>;
  /** Uniform [0,1) source for back-off fuzz. */
  readonly fraction: () => number;
  /** Give up on a socket that has not opened after this many ms. */
  readonly connectTimeoutMs: number;
}

/**
 * Owns one socket at a time and the reconnect loop around it.
 *
 *   connecting ──open──▶ connected ──lost──▶ waiting ──timer──▶ connecting
 *        │                   │                  ▲
 *        └──lost/timeout─────┴──────────────────┘       disconnect() ▶ offline
 *                                                      permanent    ▶ failed
 *
 * retryCount counts attempts since the last successful open and resets to 0 on open.
 */
export class ClientStream {
  #url: string;
  #socket: TransportSocket | undefined;
  #socketOpen = false;
  #retryTimer: unknown = undefined;
  #connectTimer: unknown = undefined;
  #status: ConnectionStatus = { status: 'connecting', connected: false, retryCount: 0 };
  readonly #retry: RetryOptions | undefined;

  readonly #options: ClientStreamOptions;
  readonly #handlers: ClientStreamHandlers;

  constructor(url: string, options: ClientStreamOptions, handlers: ClientStreamHandlers) {
    this.#options = options;
    this.#handlers = handlers;
    this.#url = url;
    this.#retry = options.retry === false ? undefined : { ...DEFAULT_RETRY, ...(options.retry === true ? {} : options.retry) };
  }

  get url(): string {
    return this.#url;
  }

  status(): ConnectionStatus {
    return this.#status;
  }

  /** Opens the first socket. */
  start(): void {
    this.#launch();
  }

  /** Sends when a socket is open; otherwise the frame is dropped (the owner re-sends on reset). */
  send(frame: string): boolean {
    if (!this.#status.connected || this.#socket === undefined) return false;
    this.#socket.send(frame);
    return true;
  }

  /**
   * Reconnects now. A connected stream stays as it is unless `force` is set or the
   * URL changes; a waiting one skips the rest of its back-off.
   */
  reconnect(options: { url?: string; force?: boolean } = {}): void {
    const urlChanged = options.url !== undefined && options.url !== this.#url;
    if (options.url !== undefined) this.#url = options.url;
    if (this.#status.connected) {
      if (options.force === true || urlChanged) this.#lost('reconnect forced');
      return;
    }
    if (this.#status.status === 'connecting') this.#closeSocket();
    this.#clearRetry();
    // A manual reconnect is not a failed attempt, so it does not count towards back-off.
    this.#setStatus({ ...this.#status, retryCount: Math.max(0, this.#status.retryCount - 1) });
    this.#retryNow();
  }

  /** Closes the socket and stops retrying. `permanent` reports `failed` instead of `offline`. */
  disconnect(options: { permanent?: boolean; reason?: string } = {}): void {
    this.#clearRetry();
    const wasOpen = this.#closeSocket();
    const state: ConnectionState = options.permanent === true ? 'failed' : 'offline';
    this.#setStatus({
      status: state,
      connected: false,
      retryCount: 0,
      ...(options.reason === undefined ? {} : { reason: options.reason }),
    });
    if (wasOpen) this.#handlers.onDisconnect();
  }

  #launch(): void {
    this.#closeSocket();
    let socket: TransportSocket | undefined;
    const isCurrent = () => socket !== undefined && socket === this.#socket;
    const connectTimer = this.#options.timers.setTimeout(() => {
      if (this.#connectTimer === connectTimer) this.#lost('connection timed out');
    }, this.#options.connectTimeoutMs);
    this.#connectTimer = connectTimer;
    try {
      socket = this.#options.transport.open(this.#url, {
        onOpen: () => {
          if (isCurrent()) this.#opened();
        },
        onMessage: (frame) => {
          if (isCurrent() && this.#socketOpen) this.#handlers.onMessage(frame);
        },
        onClose: (reason) => {
          if (isCurrent()) this.#lost(reason);
        },
      });
      this.#socket = socket;
    } catch (error) {
      this.#lost(error instanceof Error ? error.message : String(error));
    }
  }

  #opened(): void {
    this.#clearConnectTimer();
    this.#socketOpen = true;
    this.#setStatus({ status: 'connected', connected: true, retryCount: 0 });
    this.#handlers.onReset();
  }

  #lost(reason: string): void {
    const state = this.#status.status;
    if (state === 'offline' || state === 'failed' || state === 'waiting') return;
    const wasOpen = this.#closeSocket();
    if (this.#retry === undefined) {
      this.#setStatus({ status: 'failed', connected: false, retryCount: this.#status.retryCount, reason });
    } else {
      const delay = retryDelay(this.#status.retryCount, this.#retry, this.#options.fraction);
      this.#retryTimer = this.#options.timers.setTimeout(() => this.#retryNow(), delay);
      this.#setStatus({
        status: 'waiting',
        connected: false,
        retryCount: this.#status.retryCount,
        retryTime: this.#options.timers.now() + delay,
        reason,
      });
    }
    if (wasOpen) this.#handlers.onDisconnect();
  }

  #retryNow(): void {
    this.#clearRetry();
    this.#setStatus({ status: 'connecting', connected: false, retryCount: this.#status.retryCount + 1 });
    this.#launch();
  }

  /** Returns whether an open socket was closed. */
  #closeSocket(): boolean {
    this.#clearConnectTimer();
    const socket = this.#socket;
    const wasOpen = this.#socketOpen;
    this.#socket = undefined;
    this.#socketOpen = false;
    // Detached first so the close callback of this socket is ignored.
    socket?.close();
    return wasOpen;
  }

  #clearRetry(): void {
    if (this.#retryTimer !== undefined) this.#options.timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #clearConnectTimer(): void {
    if (this.#connectTimer !== undefined) this.#options.timers.clearTimeout(this.#connectTimer);
    this.#connectTimer = undefined;
  }

  #setStatus(next: ConnectionStatus): void {
    this.#status = next;
    this.#handlers.onStatusChange(next);
  }
}
