/**
 * `this.connection` in methods and publications, and the argument of `onConnection` callbacks
 * (Meteor's connection handle).
 */
export interface ConnectionHandle {
  readonly id: string;
  /** Closes the connection for good: no resumption. */
  close(): void;
  /** Runs `callback` once the session ends; returns a stop() safe to call twice. */
  onClose(callback: () => void): { stop(): void };
  readonly clientAddress: string | null;
  readonly httpHeaders: Readonly<Record<string, string>>;
}
