import type { Timers } from './timers';

export interface HeartbeatOptions {
  /** Quiet time after which a ping is sent, in ms. */
  readonly interval: number;
  /** Time allowed for any frame to arrive after a ping, in ms. */
  readonly timeout: number;
  readonly timers: Timers;
  sendPing(): void;
  onTimeout(): void;
}

type HeartbeatState = 'idle' | 'waitingForQuiet' | 'waitingForPong' | 'stopped';

/**
 * Detects a dead socket. Any received frame proves the peer is alive, so the ping is
 * only sent after `interval` ms without traffic, and the socket is declared dead if
 * nothing at all arrives within `timeout` ms of the ping.
 */
export class Heartbeat {
  #state: HeartbeatState = 'idle';
  #timer: unknown = undefined;

  readonly #options: HeartbeatOptions;

  constructor(options: HeartbeatOptions) {
    this.#options = options;
    if (!(options.interval > 0) || !(options.timeout > 0)) {
      throw new RangeError('heartbeat interval and timeout must be positive numbers of ms');
    }
  }

  start(): void {
    if (this.#state !== 'idle') return;
    this.#armQuiet();
  }

  /** Safe to call more than once. */
  stop(): void {
    this.#clear();
    this.#state = 'stopped';
  }

  messageReceived(): void {
    if (this.#state === 'waitingForQuiet' || this.#state === 'waitingForPong') this.#armQuiet();
  }

  #armQuiet(): void {
    this.#clear();
    this.#state = 'waitingForQuiet';
    this.#timer = this.#options.timers.setTimeout(() => this.#quietElapsed(), this.#options.interval);
  }

  #quietElapsed(): void {
    this.#state = 'waitingForPong';
    this.#timer = this.#options.timers.setTimeout(() => this.#timedOut(), this.#options.timeout);
    this.#options.sendPing();
  }

  #timedOut(): void {
    this.#timer = undefined;
    this.#state = 'stopped';
    this.#options.onTimeout();
  }

  #clear(): void {
    if (this.#timer !== undefined) this.#options.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
