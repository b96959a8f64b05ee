/**
 * The tail of what a session sent, so a client that resumes (Meteor 3.5 session resumption) can
 * be sent exactly the messages it missed.
 *
 * Both sides count every frame with a `msg` except ping/pong. Counting `connected` frames
 * matters: a resumed session's `connected` is counted by the client, so the log records it too,
 * but never replays one (a replayed `connected` would confuse the client). After a resume the
 * log is rebased so that its numbering equals what the client will have counted:
 *
 *   client had r, server sent s (s ≥ r):   replay = frames r+1..s without `connected`s
 *   new count = r + 1 (the new `connected`) + replay.length
 *
 * Storage is a ring of at most `capacity` frames, grown on demand (an idle session holds only
 * the few frames it was sent).
 */
import type { PreparedFrame } from './prepared-frame';

/** Outcome of a resume attempt against the log. */
export type ReplayPlan = { readonly kind: 'replay'; readonly frames: readonly PreparedFrame[] } | { readonly kind: 'gap'; readonly reason: string };

export class OutboundLog {
  /** Frames counted so far in this session. */
  #sent = 0;
  /** Ring storage: the oldest kept frame is at `#start`; `#length` frames are kept. */
  #ring: PreparedFrame[] = [];
  #start = 0;
  #length = 0;

  constructor(readonly capacity: number) {}

  get sentCount(): number {
    return this.#sent;
  }

  record(frame: PreparedFrame): void {
    this.#sent += 1;
    const capacity = this.capacity;
    if (capacity === 0) return;
    if (this.#length < capacity) {
      this.#ring[(this.#start + this.#length) % capacity] = frame;
      this.#length += 1;
    } else {
      this.#ring[this.#start] = frame;
      this.#start = (this.#start + 1) % capacity;
    }
  }

  /** The kept frames, oldest first. */
  #kept(): PreparedFrame[] {
    const out: PreparedFrame[] = [];
    for (let i = 0; i < this.#length; i += 1) out.push(this.#ring[(this.#start + i) % this.capacity] as PreparedFrame);
    return out;
  }

  /** What to send a client that has received `receivedCount` frames, if the log still holds them. */
  plan(receivedCount: number): ReplayPlan {
    if (receivedCount > this.#sent) return { kind: 'gap', reason: 'client claims more messages than were sent' };
    const missing = this.#sent - receivedCount;
    if (missing > this.#length) return { kind: 'gap', reason: 'missed messages no longer buffered' };
    const kept = this.#kept();
    return { kind: 'replay', frames: kept.slice(kept.length - missing).filter((frame) => !frame.isConnected) };
  }

  /**
   * Renumbers the log after a resume: the client now has `receivedCount`, then the new
   * `connected`, then `replayed`.
   */
  rebase(receivedCount: number, connected: PreparedFrame, replayed: readonly PreparedFrame[]): void {
    const kept = this.#kept();
    const survivors = kept.slice(0, Math.max(0, kept.length - (this.#sent - receivedCount)));
    const next = [...survivors, connected, ...replayed].slice(-this.capacity);
    this.#ring = next;
    this.#start = 0;
    this.#length = next.length;
    this.#sent = receivedCount + 1 + replayed.length;
  }
}
