/**
 * One WebSocket before and after its DDP handshake.
 *
 *   awaiting-connect ──connect, version accepted──► connected (frames go to the Session)
 *   awaiting-connect ──connect, version refused──► failed (`failed` sent, socket closed)
 *   any ──socket closed──► gone (an attached session detaches: it may be resumed)
 *
 * Everything read off the socket is checked here first: frame size, text, then one parse into a
 * typed ClientMessage. Bad input is answered with a protocol `error`, never thrown.
 */
import { negotiateVersion, parseClientMessage, type ConnectMessage } from '@perseid/ddp-protocol';
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

  constructor(
    readonly server: Server,
    readonly transport: SessionTransport,
    readonly info: SocketInfo,
  ) {}

  get state(): SocketConnectionState {
    return this.#state;
  }

  get session(): Session | undefined {
    return this.#session;
  }

  #sendError(reason: string, offendingMessage?: unknown): void {
    const frame = new PreparedFrame(errorFrameText(reason, offendingMessage));
    if (this.#session !== undefined) this.#session.send(frame);
    else this.transport.send(frame);
  }

  /** One inbound frame, as ws delivered it. */
  receive(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (this.#state === 'failed' || this.#state === 'gone') return;
    this.server.traffic.countIn();
    const size = Array.isArray(data) ? data.reduce((sum, chunk) => sum + chunk.length, 0) : data.byteLength;
    if (size > this.server.maxFrameBytes) {
      this.#sendError(`${ddpServerErrors.FRAME_TOO_LARGE.reason}: ${size} bytes exceeds the limit of ${this.server.maxFrameBytes}`);
      this.transport.close(1009, ddpServerErrors.FRAME_TOO_LARGE.reason);
      return;
    }
    if (isBinary) {
      this.#sendError(ddpServerErrors.BINARY_FRAME.reason);
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    this.receiveText(text);
  }

  receiveText(text: string): void {
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
      this.#sendError(ddpServerErrors.MUST_CONNECT_FIRST.reason, message);
      return;
    }
    this.#handleConnect(message);
  }

  #handleConnect(message: ConnectMessage): void {
    const decision = negotiateVersion(message.version, message.support);
    if (decision.kind === 'refuse') {
      this.#state = 'failed';
      this.transport.send(new PreparedFrame(JSON.stringify({ msg: 'failed', version: decision.suggest })));
      this.transport.close(1002, 'DDP version negotiation failed');
      return;
    }
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
    this.#session?.transportLost(this.transport);
  }
}

/**
 * A protocol `error` frame. The offending message is echoed only when it can be written back:
 * one nested deeper than JSON.stringify's stack allows would otherwise throw out of the socket
 * handler and end the process.
 */
function errorFrameText(reason: string, offendingMessage: unknown): string {
  if (offendingMessage !== undefined) {
    try {
      return JSON.stringify({ msg: 'error', reason, offendingMessage });
    } catch {
      // Fall through to the reply without the echo.
    }
  }
  return JSON.stringify({ msg: 'error', reason });
}
