/**
 * The DDP server's error catalogue. Protocol-level problems get a stable code and a reason that
 * is sent in DDP `error` messages or WebSocket close reasons; application errors reach clients
 * only as Meteor.Error-shaped objects (anything else becomes 500, logged with its stack).
 */
import type { DdpErrorObject } from '@perseid/ddp-protocol';

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
  TOO_MANY_SUBSCRIPTIONS: { code: 'too-many-subscriptions', reason: 'Too many subscriptions' },
  SERVER_DRAINING: { code: 'ddp.server-draining', reason: 'Server is shutting down: reconnect to another server' },
  /** A replayed call whose first run's answer was too large to keep: it ran once, its result is gone. */
  REPLAYED_RESULT_NOT_KEPT: { code: 'ddp.replayed-result-not-kept', reason: 'This call already ran; its result was too large to keep' },
} as const;

export type DdpServerErrorCode = (typeof ddpServerErrors)[keyof typeof ddpServerErrors]['code'];

/** Something that may be sent to a client as is (Meteor.Error, or a sanitized error). */
interface ClientSafeError {
  isClientSafe: true;
  error: string | number;
  reason?: unknown;
  message?: unknown;
  details?: unknown;
}

function isClientSafe(value: unknown): value is ClientSafeError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return candidate['isClientSafe'] === true && (typeof candidate['error'] === 'string' || typeof candidate['error'] === 'number');
}

/** Logs what must not leak to clients. */
export type ErrorLogger = (message: string, error: unknown) => void;

export const defaultErrorLogger: ErrorLogger = (message, error) => {
  console.error(message, error instanceof Error ? error.stack : error);
};

function toWire(error: ClientSafeError): DdpErrorObject {
  const out: DdpErrorObject = { error: error.error, errorType: 'Meteor.Error' };
  if (typeof error.reason === 'string') out.reason = error.reason;
  if (typeof error.message === 'string') out.message = error.message;
  if (error.details !== undefined) out.details = error.details;
  return out;
}

/**
 * The error a client may see for `thrown`: a client-safe error (or its `sanitizedError`) as is,
 * anything else as `500 Internal server error`, logged with its stack under `context`.
 */
export function toClientError(thrown: unknown, context: string, log: ErrorLogger = defaultErrorLogger): DdpErrorObject {
  if (isClientSafe(thrown)) return toWire(thrown);
  if (typeof thrown === 'object' && thrown !== null) {
    const sanitized = (thrown as Record<string, unknown>)['sanitizedError'];
    if (isClientSafe(sanitized)) {
      log(`Exception ${context} (sanitized for the client)`, thrown);
      return toWire(sanitized);
    }
  }
  log(`Exception ${context}`, thrown);
  return { error: 500, reason: 'Internal server error', message: 'Internal server error [500]', errorType: 'Meteor.Error' };
}

/** A client-safe error object built directly (no thrown value to log). */
export function clientError(error: string | number, reason: string, details?: unknown): DdpErrorObject {
  const out: DdpErrorObject = { error, reason, message: `${reason} [${error}]`, errorType: 'Meteor.Error' };
  if (details !== undefined) out.details = details;
  return out;
}
