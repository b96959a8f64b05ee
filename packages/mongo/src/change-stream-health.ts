import { allRemoteCollectionDrivers } from './remote-collection-driver';
import type { SharedChangeStreamState } from './shared-change-stream';

/**
 * How a shared change stream looks from outside, for health checks:
 * - `live`: streaming, and a read answered within the staleness bound;
 * - `starting`: opened, not yet accepted by the server;
 * - `stalled`: nominally streaming, but no read answered within the bound (the driver is
 *   waiting for a server it lost: its getMore or its own resume is hanging);
 * - `resuming`: a read failed; reopening from the last resume token;
 * - `unavailable`: the server refused change streams; observers poll instead.
 */
export type ChangeStreamLiveness = 'live' | 'starting' | 'stalled' | 'resuming' | 'unavailable';

export interface ChangeStreamHealth {
  readonly collection: string;
  readonly state: SharedChangeStreamState;
  readonly liveness: ChangeStreamLiveness;
  readonly lastReadAgeMs: number | null;
  readonly lastEventAgeMs: number | null;
  readonly resumeAttempts: number;
  readonly resumes: number;
}

export interface ChangeStreamsHealth {
  /** False when any stream is stalled or resuming: this server's observers may be missing writes. */
  readonly healthy: boolean;
  readonly streams: ChangeStreamHealth[];
}

/**
 * A stream whose reads all answer within maxAwaitTimeMS (1 s by default) is alive; this bound
 * leaves room for a slow event loop and a busy server before calling it stalled.
 */
export const DEFAULT_STALL_MS = 5_000;

export function livenessOf(state: SharedChangeStreamState, lastReadAgeMs: number | null, stallMs: number): ChangeStreamLiveness | null {
  switch (state) {
    case 'idle':
    case 'stopped':
      return null;
    case 'starting':
      return 'starting';
    case 'recovering':
      return 'resuming';
    case 'unavailable':
      return 'unavailable';
    case 'streaming':
      return lastReadAgeMs !== null && lastReadAgeMs <= stallMs ? 'live' : 'stalled';
    default:
      return state satisfies never;
  }
}

/** Every open shared change stream of this process, judged for a load balancer's health check. */
export function changeStreamsHealth(stallMs: number = DEFAULT_STALL_MS): ChangeStreamsHealth {
  const streams: ChangeStreamHealth[] = [];
  for (const driver of allRemoteCollectionDrivers()) {
    for (const s of driver.stats().changeStreams) {
      const liveness = livenessOf(s.state, s.lastReadAgeMs, stallMs);
      if (liveness === null) continue;
      streams.push({
        collection: s.collection,
        state: s.state,
        liveness,
        lastReadAgeMs: s.lastReadAgeMs,
        lastEventAgeMs: s.lastEventAgeMs,
        resumeAttempts: s.resumeAttempts,
        resumes: s.resumes,
      });
    }
  }
  return { healthy: streams.every((s) => s.liveness !== 'stalled' && s.liveness !== 'resuming'), streams };
}
