/** Where the socket is in its life, as `Meteor.status().status` reports it. */
export type ConnectionState = 'connecting' | 'connected' | 'failed' | 'waiting' | 'offline';

/** The value `Meteor.status()` returns. A fresh object per change; never mutated. */
export interface ConnectionStatus {
  readonly status: ConnectionState;
  readonly connected: boolean;
  readonly retryCount: number;
  /** Epoch ms of the next attempt; present only while `waiting`. */
  readonly retryTime?: number;
  /** Why the connection failed or was lost, when known. */
  readonly reason?: string;
}
