/**
 * One WebSocket before and after its DDP handshake.
 *
 *   awaiting-connect ──connect, version accepted──► connected (frames go to the Session)
 *   awaiting-connect ──connect, version refused──► failed (`failed` sent, socket closed)
 *   awaiting-connect ──no connect within connectTimeoutMs──► failed (socket closed)
 *   awaiting-connect ──client not reading (outbound buffer over maxOutboundBytes)──► failed
 *   any ──a throw while handling a frame──► failed (socket closed, its session closed, logged)
 *   any ──socket closed──► gone (an attached session detaches: it may be resumed)
 *
 * Everything read off the socket is checked here first: frame size, text, then one parse into a
 * typed ClientMessage (depth-limited). Bad input is answered with a protocol `error` that echoes
 * at most a bounded part of the frame, never thrown. Before `connect` the same outbound-buffer
 * limit holds as in a session, so a peer that sends without reading cannot grow the server.
 */
import { negotiateVersion, offendingMessageOf, parseClientMessage, type ConnectMessage, type ErrorMessage, type FailedMessage } from '@perseid/ddp-protocol';
import { ddpServerErrors } from './errors';
import { PreparedFrame } from './prepared-frame';
import type { Server } from './server';
import type { Session } from './session';
import type { SessionTransport } from './session-transport';

export type SocketConnectionState = 'awaiting-connect' | 'connected' | 'failed' | 'gone';

export interface SocketInfo {
  clientAddress: string | null;
  httpHeaders: Readonly<Record<string, string>>;
}

export class SocketConnection {
  #state: SocketConnectionState = 'awaiting-connect';
  #session: Session | undefined;
  #connectTimer: unknown;

  constructor(
    readonly server: Server,
    readonly transport: SessionTransport,
    readonly info: SocketInfo,
  ) {
    this.#connectTimer = server.timers.setTimeout(() => {
      this.#connectTimer = undefined;
      if (this.#state === 'awaiting-connect') this.#fail(1008, ddpServerErrors.CONNECT_TIMEOUT.reason);
    }, server.connectTimeoutMs);
  }

  get state(): SocketConnectionState {
    return this.#state;
  }

  get session(): Session | undefined {
    return this.#session;
  }

  /** `offendingMessage` must already be bounded (offendingMessageOf). */
  #sendError(reason: string, offendingMessage?: Record<string, unknown>): void {
    const message: ErrorMessage = { msg: 'error', reason };
    if (offendingMessage !== undefined) message.offendingMessage = offendingMessage;
    this.#send(new PreparedFrame(JSON.stringify(message)));
  }

  #send(frame: PreparedFrame): void {
    if (this.#session?.owns(this.transport)) {
      // The session applies the outbound limit itself (and detaches rather than fails).
      this.#session.send(frame);
      return;
    }
    this.transport.send(frame);
    if (this.transport.bufferedAmount > this.server.maxOutboundBytes) this.#fail(4000, ddpServerErrors.OUTBOUND_BUFFER_FULL.reason);
  }

  /** Ends this socket: nothing more is read from it or sent to it. */
  #fail(code: number, reason: string): void {
    if (this.#state === 'failed' || this.#state === 'gone') return;
    this.#state = 'failed';
    this.#stopConnectTimer();
    this.transport.close(code, reason);
  }

  #stopConnectTimer(): void {
    if (this.#connectTimer === undefined) return;
    this.server.timers.clearTimeout(this.#connectTimer);
    this.#connectTimer = undefined;
  }

  /**
   * One inbound frame, as ws delivered it. The boundary of the socket: whatever handling the
   * frame throws is logged and ends this socket (and its session) only.
   */
  receive(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    try {
      this.#receive(data, isBinary);
    } catch (error) {
      this.server.log('Internal exception while handling a DDP frame (socket closed)', error);
      const session = this.#session;
      this.#fail(1011, 'Internal server error');
      session?.close();
    }
  }

  #receive(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (this.#state === 'failed' || this.#state === 'gone') return;
    this.server.traffic.countIn();
    const size = Array.isArray(data) ? data.reduce((sum, chunk) => sum + chunk.length, 0) : data.byteLength;
    if (size > this.server.maxFrameBytes) {
      this.#sendError(`${ddpServerErrors.FRAME_TOO_LARGE.reason}: ${size} bytes exceeds the limit of ${this.server.maxFrameBytes}`);
      this.#fail(1009, ddpServerErrors.FRAME_TOO_LARGE.reason);
      return;
    }
    if (isBinary) {
      this.#sendError(ddpServerErrors.BINARY_FRAME.reason);
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    this.#receiveText(text);
  }

  #receiveText(text: string): void {
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      this.#sendError(parsed.reason, parsed.offendingMessage);
      return;
    }
    const message = parsed.message;
    if (this.#state === 'connected') {
      // After a resumption elsewhere took the session over, this socket speaks for nobody.
      if (this.#session?.owns(this.transport)) this.#session.receive(message);
      return;
    }
    if (message.msg !== 'connect') {
      this.#sendError(ddpServerErrors.MUST_CONNECT_FIRST.reason, offendingMessageOf(message, text.length));
      return;
    }
    this.#handleConnect(message);
  }

  #handleConnect(message: ConnectMessage): void {
    const decision = negotiateVersion(message.version, message.support);
    if (decision.kind === 'refuse') {
      this.transport.send(new PreparedFrame(JSON.stringify({ msg: 'failed', version: decision.suggest } satisfies FailedMessage)));
      this.#fail(1002, 'DDP version negotiation failed');
      return;
    }
    this.#stopConnectTimer();
    if (message.session !== undefined && message.receivedCount !== undefined) {
      const resumed = this.server.resumeSession(message.session, this.transport, message.receivedCount);
      if (resumed !== undefined) {
        this.#state = 'connected';
        this.#session = resumed;
        return;
      }
    }
    this.#state = 'connected';
    this.#session = this.server.createSession(this.transport, {
      version: decision.version,
      clientAddress: this.info.clientAddress,
      httpHeaders: this.info.httpHeaders,
    });
  }

  /** The socket closed (either side). */
  closed(): void {
    if (this.#state === 'gone') return;
    this.#state = 'gone';
    this.#stopConnectTimer();
    this.#session?.transportLost(this.transport);
  }
}
