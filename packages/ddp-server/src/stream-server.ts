/**
 * Puts DDP on an HTTP server: WebSocket upgrades for `/websocket` are taken over here (ws in
 * `noServer` mode), requests and upgrades under `/sockjs` go to SockJS (sockjs-endpoint.ts, as
 * Meteor serves them), every other request and upgrade is left to the app (WebApp's Express).
 * Origin and draining checks apply to both endpoints alike.
 *
 * Origin policy: a browser sends `Origin`; it must be the request's own host (loopback names on
 * the same port count as one host), ROOT_URL's origin, or in the allow-list, otherwise the upgrade gets 403 (this is what stops another site's page
 * from opening a DDP session with a user's cookies). Clients that send no Origin (native, Node)
 * are accepted.
 *
 * Admission: each client address may hold `maxConnectionsPerAddress` sockets and open
 * `newConnectionsPerAddress` per interval (see ConnectionAdmission); past either the upgrade is
 * answered `429 Too Many Requests` with `Retry-After`, before any WebSocket or session exists.
 * Each socket's frames are then read at most as fast as its InboundThrottle allows.
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ddpServerErrors } from './errors';
import { InboundThrottle } from './inbound-throttle';
import { PreparedFrame } from './prepared-frame';
import type { Server } from './server';
import { SocketConnection } from './socket-connection';
import { createSockJsEndpoint, type SockJsEndpoint } from './sockjs-endpoint';
import { defaultWriteBatch, WsTransport } from './ws-transport';

export interface AttachOptions {
  /** URL path of the DDP WebSocket. Default `/websocket`. */
  path?: string;
  /** The app's public URL; its origin is allowed. Default `process.env.ROOT_URL`. */
  rootUrl?: string;
  /** More allowed origins (`https://app.example.com`), or `'*'` for any. */
  allowedOrigins?: readonly string[];
  /** Proxies in front of the server (Meteor's HTTP_FORWARDED_COUNT). Default from env, else 0. */
  httpForwardedCount?: number;
  /** Send the legacy `{server_id}` frame on open (DDP.md allows it). Default true. */
  sendServerIdFrame?: boolean;
  /** permessage-deflate. Default false: small frequent frames do better without it. */
  compression?: boolean;
  /** Serve SockJS under `/sockjs` (its WebSocket and HTTP transports), as Meteor does. Default true. */
  sockJs?: boolean;
}

export interface AttachedStream {
  /**
   * Closes every socket of this attachment with `code` (a clean close the client answers, so
   * it reconnects, elsewhere if a balancer sends it there); resolves once they all closed or
   * `waitMs` passed, whichever is first.
   */
  closeSockets(code: number, reason: string, waitMs: number): Promise<void>;
  /** Stops taking upgrades and closes every socket of this attachment. */
  close(): Promise<void>;
}

/** RFC 6455 1001 "going away": the server is shutting down; the client may reconnect at once. */
export const GOING_AWAY = 1001;

/** The request headers Meteor exposes as `connection.httpHeaders` (sockjs's list). */
const EXPOSED_HEADERS = [
  'referer',
  'x-client-ip',
  'x-forwarded-for',
  'x-cluster-client-ip',
  'via',
  'x-real-ip',
  'x-forwarded-proto',
  'x-ssl',
  'dnt',
  'host',
  'user-agent',
  'accept-language',
] as const;

function exposedHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of EXPOSED_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.join(', ');
  }
  return out;
}

/** Meteor's rule: with N proxies, the client is the N-th address from the end of X-Forwarded-For. */
export function clientAddressOf(request: IncomingMessage, forwardedCount: number): string | null {
  return clientAddressFrom(request.socket.remoteAddress, request.headers['x-forwarded-for'], forwardedCount);
}

/** The same rule from a socket address and an X-Forwarded-For value (SockJS hands over both). */
export function clientAddressFrom(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, forwardedCount: number): string | null {
  if (forwardedCount === 0) return remoteAddress ?? null;
  if (typeof forwardedFor !== 'string') return null;
  const hops = forwardedFor.split(',').map((part) => part.trim());
  if (forwardedCount < 0 || forwardedCount > hops.length) return null;
  return hops[hops.length - forwardedCount] ?? null;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function isOriginAllowed(request: IncomingMessage, rootUrl: string | undefined, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  if (origin === originOf(rootUrl)) return true;
  const host = request.headers.host;
  if (host === undefined) return false;
  const parsed = originOf(origin);
  if (parsed === undefined) return false;
  const originHost = new URL(parsed).host;
  return originHost === host || sameLoopbackEndpoint(originHost, host);
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `localhost`, `127.0.0.1` and `[::1]` on one port are one endpoint: a page opened at
 * http://127.0.0.1:3000 connects to ROOT_URL's ws://localhost:3000 (as Meteor clients do), and
 * only this machine can be on either side of such a pair, so no other site gains anything.
 */
function sameLoopbackEndpoint(a: string, b: string): boolean {
  const split = (hostPort: string): [string, string] | null => {
    const at = hostPort.lastIndexOf(':');
    if (at <= 0 || hostPort.endsWith(']')) return null;
    return [hostPort.slice(0, at).toLowerCase(), hostPort.slice(at + 1)];
  };
  const left = split(a);
  const right = split(b);
  return left !== null && right !== null && left[1] === right[1] && LOOPBACK_NAMES.has(left[0]) && LOOPBACK_NAMES.has(right[0]);
}

function rejectUpgrade(socket: Duplex, status: number, reason: string, extraHeaders = ''): void {
  // The HTTP server let go of this socket at 'upgrade': without a listener, a peer's reset (a
  // balancer aborts its server connection once it has the answer) would end the process.
  socket.on('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\n${extraHeaders}Content-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

const serverIdFrame = new PreparedFrame('{"server_id":"0"}', false);

export function attachStreamServer(server: Server, httpServer: HttpServer, options: AttachOptions): AttachedStream {
  const path = options.path ?? '/websocket';
  const allowed = options.allowedOrigins ?? [];
  const forwardedCount = options.httpForwardedCount ?? (Number.parseInt(process.env['HTTP_FORWARDED_COUNT'] ?? '', 10) || 0);
  const sendServerId = options.sendServerIdFrame ?? true;
  const wss = new WebSocketServer({
    noServer: true,
    // ws enforces a hard cap; frames between maxFrameBytes and this get a DDP error first.
    maxPayload: server.maxFrameBytes * 2,
    perMessageDeflate: options.compression ?? false,
  });
  const sockets = new Set<WebSocket>();
  /** Closing through the transport writes the frames it still has queued before the close frame. */
  const transports = new Map<WebSocket, WsTransport>();

  // The boundary of one upgrade request: a throw here (e.g. a request-target URL cannot parse)
  // would otherwise escape from the HTTP server's event and end the process.
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    try {
      handleUpgrade(request, socket, head);
    } catch (error) {
      server.log('Internal exception while upgrading to a WebSocket (request refused)', error);
      if (!socket.destroyed) rejectUpgrade(socket, 400, 'Bad request');
    }
  };

  /** Why a request for a new DDP socket (either endpoint) is refused, if it is. */
  const refusalOf = (request: IncomingMessage): { status: number; reason: string } | undefined => {
    // A draining server takes no new sessions; 503 sends a balancer's retry elsewhere.
    if (server.state !== 'serving') return { status: 503, reason: ddpServerErrors.SERVER_DRAINING.reason };
    if (!isOriginAllowed(request, options.rootUrl ?? process.env['ROOT_URL'], allowed)) {
      return { status: 403, reason: ddpServerErrors.ORIGIN_REJECTED.reason };
    }
    return undefined;
  };

  const handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (sockJs?.owns(url.pathname)) {
      const refusal = refusalOf(request);
      if (refusal !== undefined) rejectUpgrade(socket, refusal.status, refusal.reason);
      else sockJs.handleUpgrade(request, socket, head);
      return;
    }
    if (url.pathname !== path) {
      // Another upgrade handler (e.g. Vite's HMR) may own this path; if none, do not hang.
      if (httpServer.listenerCount('upgrade') === 1) socket.destroy();
      return;
    }
    const refusal = refusalOf(request);
    if (refusal !== undefined) {
      rejectUpgrade(socket, refusal.status, refusal.reason);
      return;
    }
    const clientAddress = clientAddressOf(request, forwardedCount);
    const admission = server.admission.admit(clientAddress);
    if (admission.state === 'refused') {
      server.refusals.count('connection');
      const seconds = Math.max(1, Math.ceil(admission.retryAfterMs / 1000));
      rejectUpgrade(socket, 429, ddpServerErrors.TOO_MANY_CONNECTIONS.reason, `Retry-After: ${seconds}\r\n`);
      return;
    }
    // The TCP socket closes whatever becomes of the handshake (completed, aborted by ws, dropped).
    socket.once('close', admission.release);
    if (socket.destroyed) admission.release();
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => {
        // ws already closes the socket (e.g. 1009 for a frame over the hard cap); 'close' follows.
      });
      try {
        openConnection(ws, request, clientAddress);
      } catch (error) {
        // The handshake is done: only this WebSocket can still be refused.
        server.log('Internal exception while opening a DDP socket (socket closed)', error);
        ws.terminate();
      }
    });
  };

  const openConnection = (ws: WebSocket, request: IncomingMessage, clientAddress: string | null): void => {
    const transport = new WsTransport(ws, defaultWriteBatch, server.log);
    transports.set(ws, transport);
    ws.once('close', () => transports.delete(ws));
    const connection = new SocketConnection(server, transport, {
      clientAddress,
      httpHeaders: exposedHeaders(request.headers),
    });
    const throttle = new InboundThrottle(server.inboundLimits, server.timers, { pause: () => ws.pause(), resume: () => ws.resume() });
    // SocketConnection.receive is the boundary of each frame: it never throws.
    ws.on('message', (data, isBinary) => {
      throttle.frameRead();
      connection.receive(data as Buffer, isBinary);
    });
    ws.on('close', () => {
      throttle.stop();
      try {
        connection.closed();
      } catch (error) {
        server.log('Internal exception while closing a DDP socket', error);
      }
    });
    if (sendServerId) transport.send(serverIdFrame);
  };

  const sockJs: SockJsEndpoint | undefined =
    options.sockJs === false
      ? undefined
      : createSockJsEndpoint(server, {
          exposedHeaders,
          clientAddress: (remoteAddress, forwardedFor) => clientAddressFrom(remoteAddress, forwardedFor, forwardedCount),
          openingFrame: sendServerId ? serverIdFrame : undefined,
        });

  // SockJS's HTTP transports must answer before the app does: the app's request listeners are
  // moved behind one listener that hands `/sockjs` requests to SockJS and every other request
  // to them, in their order (also listeners added later, moved once added). `close()` puts them back.
  type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;
  const appRequestListeners = sockJs === undefined ? [] : (httpServer.listeners('request') as RequestListener[]);
  const onNewListener = (event: string | symbol, listener: RequestListener): void => {
    if (event !== 'request' || listener === onRequest) return;
    // 'newListener' fires before the listener is added: move it right after.
    queueMicrotask(() => {
      if (!httpServer.listeners('request').includes(listener)) return;
      httpServer.off('request', listener);
      appRequestListeners.push(listener);
    });
  };
  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    let pathname: string | undefined;
    try {
      pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    } catch {
      pathname = undefined;
    }
    if (sockJs === undefined || pathname === undefined || !sockJs.owns(pathname)) {
      for (const listener of appRequestListeners) listener.call(httpServer, request, response);
      return;
    }
    // The boundary of one SockJS request: a throw ends this request only.
    try {
      const refusal = refusalOf(request);
      if (refusal === undefined) {
        sockJs.handleRequest(request, response);
        return;
      }
      response.writeHead(refusal.status, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(refusal.reason) });
      response.end(refusal.reason);
    } catch (error) {
      server.log('Internal exception while handling a SockJS request (request refused)', error);
      if (!response.headersSent) response.writeHead(400, { 'Content-Type': 'text/plain' });
      response.end('Bad request');
    }
  };
  if (sockJs !== undefined) {
    httpServer.removeAllListeners('request');
    httpServer.on('request', onRequest);
    httpServer.on('newListener', onNewListener);
  }

  httpServer.on('upgrade', onUpgrade);
  return {
    closeSockets: async (code, reason, waitMs) => {
      await Promise.all([closeWebSockets(code, reason, waitMs), sockJs?.closeSockets(code, reason, waitMs)]);
    },
    close: async () => {
      httpServer.off('upgrade', onUpgrade);
      if (sockJs !== undefined) {
        httpServer.off('newListener', onNewListener);
        httpServer.off('request', onRequest);
        for (const listener of appRequestListeners) httpServer.on('request', listener);
        sockJs.close();
      }
      for (const ws of sockets) ws.terminate();
      sockets.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };

  async function closeWebSockets(code: number, reason: string, waitMs: number): Promise<void> {
    const open = [...sockets];
    if (open.length === 0) return;
    const closed = Promise.all(
      open.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve();
            ws.once('close', () => resolve());
            const transport = transports.get(ws);
            if (transport === undefined) ws.close(code, reason);
            else transport.close(code, reason);
          }),
      ),
    );
    let timer: unknown;
    const deadline = new Promise<void>((resolve) => {
      timer = server.timers.setTimeout(resolve, waitMs);
    });
    await Promise.race([closed, deadline]);
    server.timers.clearTimeout(timer);
  }
}
