import type { PreparedFrame } from './prepared-frame';

/**
 * Message and byte counters for the stats endpoint, with a per-second rate over the interval
 * since the previous reading.
 */
export class DdpTraffic {
  messagesIn = 0;
  messagesOut = 0;
  bytesOut = 0;
  #last = { at: 0, in: 0, out: 0, bytes: 0 };

  constructor(readonly now: () => number) {
    this.#last.at = now();
  }

  countIn(): void {
    this.messagesIn += 1;
  }

  countOut(frame: PreparedFrame): void {
    this.messagesOut += 1;
    this.bytesOut += frame.byteLength;
  }

  /** Totals, plus rates since the previous call to `rates()`. */
  rates(): { messagesInPerSecond: number; messagesOutPerSecond: number; bytesOutPerSecond: number } {
    const at = this.now();
    const seconds = Math.max((at - this.#last.at) / 1000, 1e-3);
    const out = {
      messagesInPerSecond: (this.messagesIn - this.#last.in) / seconds,
      messagesOutPerSecond: (this.messagesOut - this.#last.out) / seconds,
      bytesOutPerSecond: (this.bytesOut - this.#last.bytes) / seconds,
    };
    this.#last = { at, in: this.messagesIn, out: this.messagesOut, bytes: this.bytesOut };
    return out;
  }
}
