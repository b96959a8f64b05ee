import { RandomStream } from '@perseid/random';
import { Connection, type ConnectionOptions } from './connection';
import { currentInvocation } from './current-invocation';
import { defaultConnectionUrl } from './default-connection-url';
import { defaultTransport } from './default-transport';
import { onReconnect } from './reconnect-hooks';
import { toWebSocketUrl } from './websocket-transport';

export type ConnectOptions = Partial<ConnectionOptions>;

/** `DDP.connect(url, options)`: a connection to any DDP server (browser or Node). */
export function connect(url: string, options: ConnectOptions = {}): Connection {
  if (typeof url !== 'string' || url.trim() === '') throw new TypeError('DDP.connect: url must be a non-empty string');
  // With the built-in WebSocket transport a bad URL is reported now, not as endless retries.
  if (options.transport === undefined) toWebSocketUrl(url);
  return new Connection(url, { ...options, transport: options.transport ?? defaultTransport() });
}

/**
 * The seeded generator for `name` inside a stub (ids then match the server's), or a
 * strong random generator outside one (Meteor's DDP.randomStream).
 */
export function randomStream(name: string) {
  return RandomStream.get(currentInvocation(), name);
}

let defaultConnection: Connection | undefined;

/** The app's connection to its own server, created on first use. */
export function getDefaultConnection(): Connection {
  if (defaultConnection === undefined) {
    const g = globalThis as { __meteor_runtime_config__?: unknown; location?: { origin?: string } };
    defaultConnection = connect(defaultConnectionUrl(g.__meteor_runtime_config__, g.location?.origin));
  }
  return defaultConnection;
}

/** Replaces the default connection (tests, or an app that connects elsewhere). */
export function setDefaultConnection(connection: Connection | undefined): void {
  defaultConnection = connection;
}

export const DDP = {
  connect,
  onReconnect,
  randomStream,
  /** The stub invocation running now, if any (Meteor's DDP._CurrentMethodInvocation.get()). */
  currentInvocation,
} as const;
