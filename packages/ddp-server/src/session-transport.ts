import type { PreparedFrame } from './prepared-frame';

/**
 * The socket under a session, as the session sees it. The WebSocket adapter implements it for
 * real connections; tests may pass their own.
 */
export interface SessionTransport {
  send(frame: PreparedFrame): void;
  /** Bytes written but not yet flushed to the network. */
  readonly bufferedAmount: number;
  /** Closes politely (close frame with `code`/`reason`). Safe to call twice. */
  close(code: number, reason: string): void;
}
