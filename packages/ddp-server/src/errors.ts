/**
 * The DDP server's error catalogue. Protocol-level problems get a stable code and a reason that
 * is sent in DDP `error` messages or WebSocket close reasons; application errors reach clients
 * through @perseid/ddp-common's client-error boundary (anything but a Meteor.Error becomes 500,
 * logged here with its stack).
 */
export const ddpServerErrors = {
  MUST_CONNECT_FIRST: { code: 'ddp.must-connect-first', reason: 'Must connect first' },
  ALREADY_CONNECTED: { code: 'ddp.already-connected', reason: 'Already connected' },
  FRAME_TOO_LARGE: { code: 'ddp.frame-too-large', reason: 'DDP frame too large' },
  BINARY_FRAME: { code: 'ddp.binary-frame', reason: 'Bad request: DDP frames must be text' },
  OUTBOUND_BUFFER_FULL: { code: 'ddp.outbound-buffer-full', reason: 'Client is not reading: outbound buffer limit exceeded' },
  ORIGIN_REJECTED: { code: 'ddp.origin-rejected', reason: 'WebSocket Origin not allowed' },
  HEARTBEAT_TIMEOUT: { code: 'ddp.heartbeat-timeout', reason: 'DDP heartbeat timed out' },
  INBOUND_QUEUE_FULL: { code: 'ddp.inbound-queue-full', reason: 'Too many messages waiting: session closed' },
  CONNECT_TIMEOUT: { code: 'ddp.connect-timeout', reason: 'No DDP connect in time' },
  /** An upgrade past a client address's connection limits: answered with HTTP 429. */
  TOO_MANY_CONNECTIONS: { code: 'ddp.too-many-connections', reason: 'Too Many Requests' },
  /** A `sub` past maxSubscriptionsPerConnection / maxSubscriptionsPerUser: a Meteor.Error in `nosub`. */
  TOO_MANY_SUBSCRIPTIONS: { code: 'ddp.too-many-subscriptions', reason: 'Too many subscriptions' },
  SERVER_DRAINING: { code: 'ddp.server-draining', reason: 'Server is shutting down: reconnect to another server' },
  /** A replayed call whose first run's answer was too large to keep: it ran once, its result is gone. */
  REPLAYED_RESULT_NOT_KEPT: { code: 'ddp.replayed-result-not-kept', reason: 'This call already ran; its result was too large to keep' },
  /** A replayed call whose first run (on this or another server) has not finished within the wait: retry later. */
  REPLAY_STILL_RUNNING: { code: 'ddp.replay-still-running', reason: 'This call is still running: retry later' },
} as const;

export type DdpServerErrorCode = (typeof ddpServerErrors)[keyof typeof ddpServerErrors]['code'];

/** Logs what must not leak to clients. */
export type ErrorLogger = (message: string, error: unknown) => void;

export const defaultErrorLogger: ErrorLogger = (message, error) => {
  console.error(message, error instanceof Error ? error.stack : error);
};
