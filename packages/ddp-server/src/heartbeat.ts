/**
 * Server-side DDP heartbeat (DDP.md "Heartbeats"; Meteor's DDPCommon.Heartbeat).
 *
 *   idle ──interval without any inbound message──► send ping, awaiting-pong
 *   awaiting-pong ──any inbound message──► idle (timer restarted)
 *   awaiting-pong ──timeout──► onTimeout() (the session closes its transport)
 *
 * Any inbound message counts as proof of life, not only `pong`.
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

  constructor(readonly options: HeartbeatOptions) {
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
    this.#state = 'idle';
    this.#arm(this.options.intervalMs, () => this.#onInterval());
  }

  /** Safe to call more than once. */
  stop(): void {
    this.#state = 'stopped';
    if (this.#timer !== undefined) this.options.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
