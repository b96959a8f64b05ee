/**
 * Test fixtures: a DDP server on 127.0.0.1:0 and a raw WebSocket client that records every
 * frame, so tests can assert exact wire behaviour. Everything started here is stopped by
 * `close()`.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { Server, type AttachOptions, type ServerOptions } from '../src/index';

/** Server options that read every frame as it comes, for tests about something other than the inbound throttle. */
export const UNTHROTTLED = { inboundMessagesPerSecond: 1_000_000_000, inboundBurst: 1_000_000_000 } as const;

/** Server options that take every upgrade, for tests that open sockets in bulk about something else. */
export const UNLIMITED_CONNECTIONS = { maxConnectionsPerAddress: 1_000_000_000, newConnectionsPerAddress: 1_000_000_000 } as const;

export interface TestServer {
  server: Server;
  http: HttpServer;
  url: string;
  port: number;
  logged: Array<{ message: string; error: unknown }>;
  close(): Promise<void>;
}

export async function startTestServer(options: ServerOptions = {}, attach: AttachOptions = {}): Promise<TestServer> {
  const logged: Array<{ message: string; error: unknown }> = [];
  const server = new Server({ log: (message, error) => void logged.push({ message, error }), ...options });
  const http = createServer((_request, response) => {
    response.statusCode = 404;
    response.end('not found');
  });
  const stream = server.attach(http, attach);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    server,
    http,
    port,
    url: `ws://127.0.0.1:${port}/websocket`,
    logged,
    async close() {
      await server.close();
      await stream.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

export type Frame = Record<string, unknown>;

/** A raw DDP peer: sends objects or text, and waits for frames matching a predicate. */
export class RawClient {
  readonly frames: Frame[] = [];
  #cursor = 0;
  #waiters: Array<() => void> = [];
  closeCode: number | undefined;
  closeReason = '';
  #closed: Promise<void>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      this.#wake();
    });
    this.#closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = String(reason);
        this.#wake();
        resolve();
      }),
    );
  }

  static async open(url: string, options: { origin?: string; headers?: Record<string, string>; perMessageDeflate?: boolean } = {}): Promise<RawClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...options });
    const client = new RawClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Opens a socket and completes the DDP handshake (optionally resuming). */
  static async connect(url: string, connect: Frame = {}): Promise<{ client: RawClient; session: string }> {
    const client = await RawClient.open(url);
    client.send({ msg: 'connect', version: '1', support: ['1', 'pre2', 'pre1'], ...connect });
    const connected = await client.next((frame) => frame['msg'] === 'connected');
    return { client, session: String(connected['session']) };
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  send(message: Frame | string): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next frame (after those already consumed) matching `predicate`; earlier ones are skipped. */
  async next(predicate: (frame: Frame) => boolean = () => true, what = 'a matching frame'): Promise<Frame> {
    for (;;) {
      while (this.#cursor < this.frames.length) {
        const frame = this.frames[this.#cursor++] as Frame;
        if (predicate(frame)) return frame;
      }
      if (this.closeCode !== undefined) throw new Error(`socket closed (${this.closeCode}) while waiting for ${what}`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Frames with a `msg`, excluding ping/pong: what a resuming client counts. */
  get countedFrames(): number {
    return this.frames.filter((frame) => typeof frame['msg'] === 'string' && frame['msg'] !== 'ping' && frame['msg'] !== 'pong').length;
  }

  async close(): Promise<void> {
    if (this.closeCode === undefined) this.ws.close();
    await this.#closed;
  }

  /** Drops the TCP connection without a close handshake (a network failure). */
  async drop(): Promise<void> {
    this.ws.terminate();
    await this.#closed;
  }

  whenClosed(): Promise<void> {
    return this.#closed;
  }
}

export const msg = (name: string) => (frame: Frame) => frame['msg'] === name;

export { ManualTimers } from '../../ddp-common/test/manual-timers';
