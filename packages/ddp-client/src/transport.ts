/**
 * The seam between the DDP client and a socket. A transport opens one socket per
 * call; reconnecting means opening another. Frames are whole DDP text frames.
 *
 * Invariants the client relies on: after `onClose` fires no other handler fires for
 * that socket, and `close()` on an already closed socket does nothing.
 */
export interface TransportHandlers {
  onOpen(): void;
  onMessage(frame: string): void;
  /** The socket is gone (server closed it, network error, or close() was called). */
  onClose(reason: string): void;
}

export interface TransportSocket {
  send(frame: string): void;
  close(): void;
}

export interface Transport {
  open(url: string, handlers: TransportHandlers): TransportSocket;
}
