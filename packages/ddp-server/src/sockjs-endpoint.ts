/// <reference path="./sockjs-module.d.ts" />
/**
 * DDP over SockJS under `/sockjs`, served by the `sockjs` package Meteor itself serves DDP with:
 * `/sockjs/info`, the WebSocket transport `/sockjs/<server>/<session>/websocket`, the raw
 * `/sockjs/websocket`, and the HTTP fallbacks (xhr-streaming, xhr-polling, eventsource, …).
 * Clients and Cordova apps built by the Meteor tool connect here; the raw `/websocket` endpoint
 * (stream-server.ts) is unchanged.
 *
 * Every SockJS session is a socket like any other: the same SocketConnection (frame size, text
 * only, depth-limited parse, connect timeout, outbound-buffer limit), the same admission per
 * client address (checked when the session opens), the same inbound rate (a token bucket; as
 * SockJS gives no way to stop reading, messages past the bucket wait in a queue of at most
 * `inboundBurst`, and a session that overflows it is closed), and the same origin and draining
 * checks, applied by the caller to every request and upgrade before it reaches SockJS. An HTTP
 * body SockJS would read whole (xhr_send, jsonp_send) is refused past twice the frame limit.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import sockjs, { type Connection, type Handler } from 'sockjs';
import { ddpServerErrors } from './errors';
import type { PreparedFrame } from './prepared-frame';
import type { Server } from './server';
import { SocketConnection } from './socket-connection';
import { SockJsInbound } from './sockjs-inbound';
import { closeSockJs, SOCKJS_CLOSED, SockJsTransport } from './sockjs-transport';

export const SOCKJS_PREFIX = '/sockjs';

/** SockJS close code for a session refused by the per-address admission (HTTP 429's meaning). */
export const SOCKJS_TOO_MANY_CONNECTIONS = 4429;
/** SockJS close code for a session whose inbound queue overflowed. */
export const SOCKJS_INBOUND_QUEUE_FULL = 4100;

export interface SockJsEndpointOptions {
  /** Headers exposed as `connection.httpHeaders`, picked from the request's. */
  readonly exposedHeaders: (headers: Readonly<Record<string, string | string[] | undefined>>) => Record<string, string>;
  /** The client address of a session, from its socket address and X-Forwarded-For. */
  readonly clientAddress: (remoteAddress: string | undefined, forwardedFor: string | string[] | undefined) => string | null;
  /** The first frame every socket gets, if any (`{server_id}`). */
  readonly openingFrame: PreparedFrame | undefined;
}

export interface SockJsEndpoint {
  /** Whether `pathname` is SockJS's. */
  owns(pathname: string): boolean;
  handleRequest(request: IncomingMessage, response: ServerResponse): void;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every session with `code`; resolves when they closed or `waitMs` passed. */
  closeSockets(code: number, reason: string, waitMs: number): Promise<void>;
  /** Closes every session at once. */
  close(): void;
}

export function createSockJsEndpoint(server: Server, options: SockJsEndpointOptions): SockJsEndpoint {
  const sockjsServer = sockjs.createServer({
    prefix: SOCKJS_PREFIX,
    websocket: true,
    // The WebSocket transport's hard cap, as ws's maxPayload on /websocket: frames between the
    // DDP limit and this get a DDP error first. One SockJS frame may carry several messages.
    faye_server_options: { maxLength: server.maxFrameBytes * 2 },
    // SockJS logs every request at 'info'; only its errors matter here.
    log: (severity, line) => {
      if (severity === 'error') server.log(`SockJS: ${line}`, undefined);
    },
  });
  const handler: Handler = sockjsServer.listener().getHandler();
  const maxBodyBytes = server.maxFrameBytes * 2;
  const connections = new Set<Connection>();

  sockjsServer.on('connection', (connection) => {
    // SockJS emits the event for sessions that may already be gone.
    if (connection === null || connection.readyState === SOCKJS_CLOSED) return;
    try {
      openSession(connection);
    } catch (error) {
      server.log('Internal exception while opening a DDP SockJS session (session closed)', error);
      closeSockJs(connection, 1011, 'Internal server error');
    }
  });

  const openSession = (connection: Connection): void => {
    const clientAddress = options.clientAddress(connection.remoteAddress, connection.headers['x-forwarded-for']);
    const admission = server.admission.admit(clientAddress);
    if (admission.state === 'refused') {
      closeSockJs(connection, SOCKJS_TOO_MANY_CONNECTIONS, ddpServerErrors.TOO_MANY_CONNECTIONS.reason);
      return;
    }
    connections.add(connection);
    const transport = new SockJsTransport(connection);
    const socket = new SocketConnection(server, transport, {
      clientAddress,
      httpHeaders: options.exposedHeaders(connection.headers),
    });
    const inbound = new SockJsInbound(server, socket, () => {
      transport.close(SOCKJS_INBOUND_QUEUE_FULL, ddpServerErrors.INBOUND_QUEUE_FULL.reason);
    });
    // Whatever a client puts in a SockJS frame arrives here: strings and any other JSON value.
    connection.on('data', (message: unknown) => inbound.received(message));
    connection.once('close', () => {
      connections.delete(connection);
      admission.release();
      inbound.stop();
      try {
        socket.closed();
      } catch (error) {
        server.log('Internal exception while closing a DDP SockJS session', error);
      }
    });
    if (options.openingFrame !== undefined) transport.send(options.openingFrame);
  };

  return {
    owns: (pathname) => pathname === SOCKJS_PREFIX || pathname.startsWith(`${SOCKJS_PREFIX}/`),
    handleRequest: (request, response) => {
      if (!boundRequestBody(request, response, maxBodyBytes)) return;
      answerBadInputAs400(response);
      handler(request, response);
    },
    handleUpgrade: (request, socket, head) => {
      if (!handler(request, socket, head)) socket.destroy();
    },
    closeSockets: async (code, reason, waitMs) => {
      const open = [...connections];
      if (open.length === 0) return;
      const closed = Promise.all(
        open.map(
          (connection) =>
            new Promise<void>((resolve) => {
              connection.once('close', () => resolve());
              closeSockJs(connection, code, reason);
            }),
        ),
      );
      let timer: unknown;
      const deadline = new Promise<void>((resolve) => {
        timer = server.timers.setTimeout(resolve, waitMs);
      });
      await Promise.race([closed, deadline]);
      server.timers.clearTimeout(timer);
    },
    close: () => {
      for (const connection of connections) closeSockJs(connection, 1001, 'Server closed');
      connections.clear();
    },
  };
}

/**
 * SockJS reads a POSTed body whole before handling it: a body past `limit` bytes (declared or
 * counted) is answered 413 and its request ended, so a client cannot make it buffer more.
 */
function boundRequestBody(request: IncomingMessage, response: ServerResponse, limit: number): boolean {
  if (request.method !== 'POST') return true;
  const declared = Number(request.headers['content-length'] ?? '0');
  if (declared > limit) {
    refuseBody(request, response);
    return false;
  }
  let read = 0;
  const count = (chunk: Buffer): void => {
    read += chunk.length;
    if (read > limit) {
      request.off('data', count);
      refuseBody(request, response);
    }
  };
  request.on('data', count);
  return true;
}

/**
 * SockJS answers a body it cannot read (broken JSON, not an array of messages) with 500, and
 * anything its handlers throw on a request is such input too: the client is told 400, as every
 * other bad request here (SockJS clients treat any failure status alike).
 */
function answerBadInputAs400(response: ServerResponse): void {
  const writeHead = response.writeHead.bind(response) as (status: number, ...rest: unknown[]) => ServerResponse;
  (response as unknown as { writeHead: typeof writeHead }).writeHead = (status, ...rest) => writeHead(status === 500 ? 400 : status, ...rest);
}

function refuseBody(request: IncomingMessage, response: ServerResponse): void {
  const reason = ddpServerErrors.FRAME_TOO_LARGE.reason;
  if (!response.headersSent) {
    response.writeHead(413, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(reason), Connection: 'close' });
  }
  response.end(reason);
  request.destroy();
}
