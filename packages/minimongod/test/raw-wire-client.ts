import { deserialize, type Document } from 'bson';
import net from 'node:net';

export interface RawReply {
  readonly responseTo: number;
  readonly opCode: number;
  readonly doc: Document;
}

/** A bare TCP client speaking bytes, to test what the driver never sends. */
export class RawWireClient {
  readonly socket: net.Socket;
  #buffer = Buffer.alloc(0);
  readonly #replies: RawReply[] = [];
  #waiters: Array<() => void> = [];
  closed = false;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      while (this.#buffer.length >= 16 && this.#buffer.length >= this.#buffer.readInt32LE(0)) {
        const length = this.#buffer.readInt32LE(0);
        const message = this.#buffer.subarray(0, length);
        this.#buffer = this.#buffer.subarray(length);
        const opCode = message.readInt32LE(12);
        const docStart = opCode === 1 ? 36 : 21;
        this.#replies.push({ responseTo: message.readInt32LE(8), opCode, doc: deserialize(message.subarray(docStart)) });
      }
      this.#notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.#notify();
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number): Promise<RawWireClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new RawWireClient(socket)));
      socket.once('error', reject);
    });
  }

  #notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Next reply, or null if the server closed the connection first. */
  async nextReply(): Promise<RawReply | null> {
    while (this.#replies.length === 0) {
      if (this.closed) return null;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    return this.#replies.shift() ?? null;
  }

  /** Resolves when the server has closed the connection. */
  async whenClosed(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  get pendingReplies(): number {
    return this.#replies.length;
  }

  close(): void {
    this.socket.destroy();
  }
}
