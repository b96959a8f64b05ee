import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { MongoError, MongoNetworkError } from 'mongodb';

/**
 * A guard on the `mongodb` driver's socket write (measured in 7.8.0 and 7.9.1).
 *
 * When the database closes a connection, Node destroys the socket on reading its end, but
 * emits `close` (which the driver's connection listens to) only in the event loop's close
 * phase. A command written in between sees `socket.write()` return false without any
 * `error` event (the socket is already destroyed), and the driver then waits for a `drain`
 * that never comes: the operation never settles, and no socket timeout fires on a destroyed
 * socket. Hit by the server monitor's heartbeat, it leaves the client without a server until
 * the process restarts (every write fails server selection); hit by a pooled command, the
 * caller waits forever. A socket error that does arrive during that wait (e.g. `write
 * ECONNRESET`) is rethrown raw instead of as a MongoNetworkError, so nothing recognises it as
 * a lost connection.
 *
 * The guard makes such a write fail as the connection loss it is: at once when the socket is
 * already gone, else as soon as the connection closes, and any non-driver error as a
 * MongoNetworkError. Either way the connection is cleaned up, so the pool and the monitor
 * learn of the loss as they do of any other.
 */

/** The parts of the driver's internal `Connection` the guard relies on. */
interface DriverConnection {
  readonly socket: Socket;
  readonly closed: boolean;
  readonly error?: unknown;
  readonly id: unknown;
  readonly address: string;
  onError(error: Error): void;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

type WriteCommand = (this: DriverConnection, ...args: unknown[]) => Promise<void>;

const GUARDED = Symbol.for('perseid.mongo.driverWriteGuard');

export type DriverWriteGuardState = 'installed' | 'driver-changed';

let state: DriverWriteGuardState | undefined;

function lostConnection(connection: DriverConnection, cause?: unknown): MongoNetworkError {
  if (connection.error instanceof MongoNetworkError) return connection.error;
  const message = `connection ${String(connection.id)} to ${connection.address} closed`;
  return cause === undefined
    ? new MongoNetworkError(message)
    : new MongoNetworkError(`${message}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause: cause instanceof Error ? cause : undefined });
}

function guard(original: WriteCommand): WriteCommand {
  return function guardedWriteCommand(this: DriverConnection, ...args: unknown[]): Promise<void> {
    if (this.closed || this.socket.destroyed) {
      const error = lostConnection(this);
      this.onError(error);
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      const onClose = (): void => reject(lostConnection(this));
      this.once('close', onClose);
      // An abort keeps its own reason: the caller asked for it, the connection is not lost.
      const signal = (args[1] as { signal?: AbortSignal } | undefined)?.signal;
      original
        .apply(this, args)
        .then(resolve, (error: unknown) => {
          if (error instanceof MongoError || (signal?.aborted === true && error === signal.reason)) return reject(error);
          const networkError = lostConnection(this, error);
          this.onError(networkError);
          reject(networkError);
        })
        .finally(() => this.off('close', onClose));
    });
  };
}

/**
 * Installs the guard once per process (every MongoClient shares the driver's `Connection`).
 * `driver-changed`: the driver no longer has the method the guard wraps; nothing is changed.
 */
export function installDriverWriteGuard(): DriverWriteGuardState {
  if (state !== undefined) return state;
  const require = createRequire(import.meta.url);
  const module: unknown = require('mongodb/lib/cmap/connection.js');
  const connection = (module as { Connection?: { prototype?: Record<string | symbol, unknown> } } | null)?.Connection;
  const prototype = connection?.prototype;
  const writeCommand = prototype?.['writeCommand'];
  if (prototype === undefined || typeof writeCommand !== 'function') {
    state = 'driver-changed';
    return state;
  }
  if (prototype[GUARDED] !== true) {
    prototype['writeCommand'] = guard(writeCommand as WriteCommand);
    prototype[GUARDED] = true;
  }
  state = 'installed';
  return state;
}
