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

/** A connection handle plus what only its session may do with it. */
export interface OwnedConnectionHandle {
  readonly handle: ConnectionHandle;
  /** Runs every onClose callback once (errors go to `report`). */
  runCloseCallbacks(report: (message: string, error: unknown) => void): void;
}

export function createConnectionHandle(options: {
  id: string;
  close: () => void;
  isClosed: () => boolean;
  clientAddress: string | null;
  httpHeaders: Readonly<Record<string, string>>;
}): OwnedConnectionHandle {
  let callbacks: Array<() => void> | undefined;
  const handle: ConnectionHandle = Object.freeze({
    id: options.id,
    close: options.close,
    onClose(callback: () => void) {
      if (options.isClosed()) {
        queueMicrotask(callback);
        return { stop() {} };
      }
      const list = (callbacks ??= []);
      list.push(callback);
      return {
        stop() {
          const index = list.indexOf(callback);
          if (index >= 0) list.splice(index, 1);
        },
      };
    },
    clientAddress: options.clientAddress,
    httpHeaders: options.httpHeaders,
  });
  return {
    handle,
    runCloseCallbacks(report) {
      for (const callback of callbacks?.splice(0) ?? []) {
        try {
          callback();
        } catch (error) {
          report('Exception in onClose callback', error);
        }
      }
    },
  };
}
