/**
 * How fast one socket's frames are read: a token bucket of `inboundBurst` frames refilled at
 * `inboundMessagesPerSecond`. A frame that finds the bucket empty is still handled (the socket
 * layer has read it already), and reading from that socket pauses until the debt is repaid, so a
 * flood waits in the peer's own TCP buffers instead of taking the process's time from every
 * other client. Nothing is refused: a legitimate burst (an outbox replayed on reconnect) is only
 * spread out.
 *
 * Invariant: at most one resume is scheduled at a time, and none after `stop()`.
 */
import type { Timers } from '@perseid/ddp-common';

export interface InboundLimits {
  /** Frames per second one socket may send in the long run. */
  inboundMessagesPerSecond: number;
  /** Frames one socket may send at once before its reading is paused. */
  inboundBurst: number;
}

/**
 * A chat page sends a handful of subs at load and a few calls per second while typing; a
 * replayed outbox fits in the burst. A flooding peer gets a hundred frames a second.
 */
export const DEFAULT_INBOUND_LIMITS: Readonly<InboundLimits> = Object.freeze({
  inboundMessagesPerSecond: 100,
  inboundBurst: 300,
});

export interface ReadControl {
  pause(): void;
  resume(): void;
}

export type InboundThrottleState = 'reading' | 'paused' | 'stopped';

export class InboundThrottle {
  #tokens: number;
  #at: number;
  #state: InboundThrottleState = 'reading';
  #timer: unknown;

  constructor(
    readonly limits: InboundLimits,
    readonly timers: Timers,
    readonly control: ReadControl,
  ) {
    this.#tokens = limits.inboundBurst;
    this.#at = timers.now();
  }

  get state(): InboundThrottleState {
    return this.#state;
  }

  /** Counts one frame read; pauses reading when the bucket runs dry. */
  frameRead(): void {
    if (this.#state === 'stopped') return;
    this.#refill();
    this.#tokens -= 1;
    if (this.#tokens >= 0 || this.#state === 'paused') return;
    this.#state = 'paused';
    this.control.pause();
    this.#scheduleResume();
  }

  stop(): void {
    this.#state = 'stopped';
    if (this.#timer !== undefined) this.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #refill(): void {
    const now = this.timers.now();
    const earned = ((now - this.#at) / 1000) * this.limits.inboundMessagesPerSecond;
    this.#tokens = Math.min(this.limits.inboundBurst, this.#tokens + earned);
    this.#at = now;
  }

  #scheduleResume(): void {
    // Frames read while pausing (the rest of one network read) are debt: wait until it is repaid.
    const waitMs = Math.ceil((-this.#tokens / this.limits.inboundMessagesPerSecond) * 1000);
    this.#timer = this.timers.setTimeout(
      () => {
        this.#timer = undefined;
        if (this.#state !== 'paused') return;
        this.#refill();
        if (this.#tokens < 0) return this.#scheduleResume();
        this.#state = 'reading';
        this.control.resume();
      },
      Math.max(1, waitMs),
    );
  }
}
