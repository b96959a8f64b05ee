import { Timestamp } from 'mongodb';

/**
 * A point on the server's logical clock as one comparable number: (seconds << 32) | increment,
 * exactly the big-endian 64-bit value MongoDB (and minimongod) put after the `82` tag at the start
 * of a resume token's `_data` hex string.
 */
export type ClusterTime = bigint;

export function clusterTimeFromTimestamp(ts: unknown): ClusterTime | null {
  if (ts instanceof Timestamp) return (BigInt(ts.high >>> 0) << 32n) | BigInt(ts.low >>> 0);
  return null;
}

const TOKEN_PREFIX = /^82([0-9a-fA-F]{16})/;

/** Reads the time a resume token stands for; null when the token is not in the `82…` format. */
export function clusterTimeFromResumeToken(token: unknown): ClusterTime | null {
  if (typeof token !== 'object' || token === null) return null;
  const data: unknown = (token as { _data?: unknown })._data;
  if (typeof data !== 'string') return null;
  const m = TOKEN_PREFIX.exec(data);
  return m && m[1] !== undefined ? BigInt(`0x${m[1]}`) : null;
}
