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
 */
import type { PreparedFrame } from './prepared-frame';

interface Entry {
  readonly frame: PreparedFrame;
  readonly isConnected: boolean;
}

/** Outcome of a resume attempt against the log. */
export type ReplayPlan = { readonly kind: 'replay'; readonly frames: readonly PreparedFrame[] } | { readonly kind: 'gap'; readonly reason: string };

export class OutboundLog {
  /** Frames counted so far in this session. */
  #sent = 0;
  /** Ring of the last `capacity` counted frames; `#entries[i]` has count `#sent - length + i + 1`. */
  #entries: Entry[] = [];

  constructor(readonly capacity: number) {}

  get sentCount(): number {
    return this.#sent;
  }

  record(frame: PreparedFrame, isConnected = false): void {
    this.#sent += 1;
    if (this.capacity === 0) return;
    this.#entries.push({ frame, isConnected });
    if (this.#entries.length > this.capacity) this.#entries.shift();
  }

  /** What to send a client that has received `receivedCount` frames, if the log still holds them. */
  plan(receivedCount: number): ReplayPlan {
    if (receivedCount > this.#sent) return { kind: 'gap', reason: 'client claims more messages than were sent' };
    const missing = this.#sent - receivedCount;
    if (missing > this.#entries.length) return { kind: 'gap', reason: 'missed messages no longer buffered' };
    const frames = this.#entries.slice(this.#entries.length - missing).filter((entry) => !entry.isConnected).map((entry) => entry.frame);
    return { kind: 'replay', frames };
  }

  /**
   * Renumbers the log after a resume: the client now has `receivedCount`, then the new
   * `connected`, then `replayed`.
   */
  rebase(receivedCount: number, connected: PreparedFrame, replayed: readonly PreparedFrame[]): void {
    const kept = this.#entries.slice(0, Math.max(0, this.#entries.length - (this.#sent - receivedCount)));
    this.#entries = [...kept, { frame: connected, isConnected: true }, ...replayed.map((frame) => ({ frame, isConnected: false }))];
    if (this.#entries.length > this.capacity) this.#entries.splice(0, this.#entries.length - this.capacity);
    this.#sent = receivedCount + 1 + replayed.length;
  }
}
