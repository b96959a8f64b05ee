/**
 * Server-side DDP heartbeat (DDP.md "Heartbeats"; Meteor's DDPCommon.Heartbeat).
 *
 *   idle ──interval without any inbound message──► send ping, awaiting-pong
 *   awaiting-pong ──any inbound message──► idle (timer restarted)
 *   awaiting-pong ──timeout──► onTimeout() (the session closes its transport)
 *
 * Any inbound message counts as proof of life, not only `pong`. While idle, a message only
 * records its time; the interval timer, when it fires early, re-arms for the remaining time, so
 * a chatty client costs no timer churn per message.
 */
import type { Timers } from './timers';

export type HeartbeatState = 'idle' | 'awaiting-pong' | 'stopped';

export interface HeartbeatOptions {
  intervalMs: number;
  timeoutMs: number;
  timers: Timers;
  sendPing(): void;
  onTimeout(): void;
}

export class Heartbeat {
  #state: HeartbeatState = 'idle';
  #timer: unknown;
  #lastReceived: number;

  constructor(readonly options: HeartbeatOptions) {
    this.#lastReceived = options.timers.now();
    this.#arm(this.options.intervalMs, () => this.#onInterval());
  }

  get state(): HeartbeatState {
    return this.#state;
  }

  #arm(ms: number, callback: () => void): void {
    if (this.#timer !== undefined) this.options.timers.clearTimeout(this.#timer);
    this.#timer = this.options.timers.setTimeout(callback, ms);
  }

  #onInterval(): void {
    if (this.#state === 'stopped') return;
    const quiet = this.options.timers.now() - this.#lastReceived;
    if (quiet < this.options.intervalMs) {
      this.#arm(this.options.intervalMs - quiet, () => this.#onInterval());
      return;
    }
    this.#state = 'awaiting-pong';
    this.options.sendPing();
    this.#arm(this.options.timeoutMs, () => {
      if (this.#state !== 'awaiting-pong') return;
      this.stop();
      this.options.onTimeout();
    });
  }

  /** Call for every inbound message. */
  messageReceived(): void {
    if (this.#state === 'stopped') return;
    this.#lastReceived = this.options.timers.now();
    if (this.#state === 'awaiting-pong') {
      this.#state = 'idle';
      this.#arm(this.options.intervalMs, () => this.#onInterval());
    }
  }

  /** Safe to call more than once. */
  stop(): void {
    this.#state = 'stopped';
    if (this.#timer !== undefined) this.options.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
