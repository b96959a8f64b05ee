/**
 * The DDP heartbeat, one for both ends of a connection (DDP.md "Heartbeats"; Meteor's
 * DDPCommon.Heartbeat).
 *
 *   idle ──start()──► quiet
 *   quiet ──interval without any inbound message──► send ping, awaiting-pong
 *   awaiting-pong ──any inbound message──► quiet (timer restarted)
 *   awaiting-pong ──timeout──► stopped, onTimeout() (the owner closes its transport)
 *   any ──stop()──► stopped
 *
 * Any inbound message counts as proof of life, not only `pong`. While quiet, a message only
 * records its time; the interval timer, when it fires early, re-arms for the remaining time, so
 * a chatty peer costs no timer churn per message.
 */
import type { Timers } from './timers';

export type HeartbeatState = 'idle' | 'quiet' | 'awaiting-pong' | 'stopped';

export interface HeartbeatOptions {
  /** Quiet time after which a ping is sent, in ms. */
  readonly intervalMs: number;
  /** Time allowed for any message to arrive after a ping, in ms. */
  readonly timeoutMs: number;
  readonly timers: Timers;
  sendPing(): void;
  onTimeout(): void;
}

export class Heartbeat {
  #state: HeartbeatState = 'idle';
  #timer: unknown = undefined;
  #lastReceived = 0;

  constructor(readonly options: HeartbeatOptions) {
    if (!(options.intervalMs > 0) || !(options.timeoutMs > 0)) {
      throw new RangeError('heartbeat interval and timeout must be positive numbers of ms');
    }
  }

  get state(): HeartbeatState {
    return this.#state;
  }

  /** Starts watching; the connection counts as heard from now. Only the first call does anything. */
  start(): void {
    if (this.#state !== 'idle') return;
    this.#lastReceived = this.options.timers.now();
    this.#state = 'quiet';
    this.#arm(this.options.intervalMs, () => this.#onInterval());
  }

  /** Call for every inbound message. */
  messageReceived(): void {
    if (this.#state === 'idle' || this.#state === 'stopped') return;
    this.#lastReceived = this.options.timers.now();
    if (this.#state === 'awaiting-pong') {
      this.#state = 'quiet';
      this.#arm(this.options.intervalMs, () => this.#onInterval());
    }
  }

  /** Safe to call more than once. */
  stop(): void {
    this.#state = 'stopped';
    if (this.#timer !== undefined) this.options.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(ms: number, callback: () => void): void {
    if (this.#timer !== undefined) this.options.timers.clearTimeout(this.#timer);
    this.#timer = this.options.timers.setTimeout(callback, ms);
  }

  #onInterval(): void {
    if (this.#state !== 'quiet') return;
    const quiet = this.options.timers.now() - this.#lastReceived;
    if (quiet < this.options.intervalMs) {
      this.#arm(this.options.intervalMs - quiet, () => this.#onInterval());
      return;
    }
    this.#state = 'awaiting-pong';
    this.#arm(this.options.timeoutMs, () => {
      if (this.#state !== 'awaiting-pong') return;
      this.stop();
      this.options.onTimeout();
    });
    this.options.sendPing();
  }
}
