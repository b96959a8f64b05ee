/**
 * Per-turn write batching for WebSocket transports.
 *
 * A transport queues the frames it is given during one event-loop turn and the batch writes every
 * queue once, in the next check phase, as ONE buffer per socket: one syscall per client per turn,
 * and no per-frame work in Node's stream layer while the burst that produced the frames runs, so
 * the first client is written to sooner.
 *
 * Sockets whose turn produced the same frames (the same PreparedFrame objects in the same order:
 * a publication fanned out to sessions whose mergeboxes agree) share one joined Buffer, so the
 * per-client cost of a burst is one lookup and one write, whatever the number of messages.
 *
 * Invariant: a writer's frames leave in the order they were queued; the batch only decides when.
 */
import type { PreparedFrame } from './prepared-frame';

/** A transport whose queued frames the batch writes out. */
export interface BatchedWriter {
  /** Writes (or drops, if the socket is gone) everything queued since the last flush. */
  flushPending(batch: WriteBatch): void;
  /** `flushPending` threw: give up this writer's socket (the others are still written). */
  abandon(error: unknown): void;
}

export type WriteBatchState = 'idle' | 'scheduled';

interface JoinedSequence {
  readonly frames: readonly PreparedFrame[];
  readonly wire: Buffer;
}

/**
 * Joined sequences remembered per first frame within one flush. Sessions that share a sequence
 * meet it within the first few candidates; beyond this, unshared sequences are joined uncached
 * so that many distinct sequences cost linear, not quadratic, time.
 */
const MAX_CANDIDATES = 8;

function sameFrames(a: readonly PreparedFrame[], b: readonly PreparedFrame[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

function joinWires(frames: readonly PreparedFrame[]): Buffer {
  let length = 0;
  for (const frame of frames) length += frame.wire.length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const frame of frames) at += frame.wire.copy(out, at);
  return out;
}

export class WriteBatch {
  #state: WriteBatchState = 'idle';
  #waiting: BatchedWriter[] = [];
  /** This flush's joined sequences, by first frame; dropped after the flush. */
  #joined = new Map<PreparedFrame, JoinedSequence[]>();
  readonly #flush = (): void => this.flush();
  /** Joined buffers built (for tests and benchmarks). */
  joinedBuilt = 0;
  /** Writes that reused a joined buffer another socket got in the same flush. */
  joinedShared = 0;

  constructor(
    /** Runs the flush once the current turn's work is done (setImmediate by default). */
    readonly schedule: (flush: () => void) => void = (flush) => void setImmediate(flush),
  ) {}

  get state(): WriteBatchState {
    return this.#state;
  }

  /** `writer` has frames queued; it is flushed with the rest of this turn's writers. */
  enqueue(writer: BatchedWriter): void {
    this.#waiting.push(writer);
    if (this.#state === 'idle') {
      this.#state = 'scheduled';
      this.schedule(this.#flush);
    }
  }

  /** Writes every queued writer, in the order they first queued a frame this turn. */
  flush(): void {
    this.#state = 'idle';
    const writers = this.#waiting;
    this.#waiting = [];
    try {
      // One socket's failure must not cost the others their writes, nor (thrown from the
      // scheduled callback) the process.
      for (const writer of writers) {
        try {
          writer.flushPending(this);
        } catch (error) {
          writer.abandon(error);
        }
      }
    } finally {
      this.#joined.clear();
    }
  }

  /** The wire frames of `frames` back to back, shared with any socket given the same sequence this flush. */
  joined(frames: readonly PreparedFrame[]): Buffer {
    const first = frames[0] as PreparedFrame;
    let candidates = this.#joined.get(first);
    if (candidates !== undefined) {
      for (const candidate of candidates) {
        if (sameFrames(candidate.frames, frames)) {
          this.joinedShared += 1;
          return candidate.wire;
        }
      }
    } else {
      candidates = [];
      this.#joined.set(first, candidates);
    }
    const wire = joinWires(frames);
    this.joinedBuilt += 1;
    if (candidates.length < MAX_CANDIDATES) candidates.push({ frames, wire });
    return wire;
  }
}
