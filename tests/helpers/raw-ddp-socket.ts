import { WebSocket } from 'ws';

/** What one socket has received: DDP frames other than heartbeats, and their text bytes. */
export interface ReceivedTally {
  frames: number;
  bytes: number;
  readonly texts: string[];
}

type Waiter = { readonly matches: (frame: Record<string, unknown>) => boolean; readonly resolve: (frame: Record<string, unknown>) => void };

/**
 * A bare DDP client over one WebSocket (no client collections, no compression), for counting
 * exactly what the server sends a connection: every frame except ping/pong is tallied with its
 * UTF-8 size. Answers pings so the server keeps it open.
 */
export class RawDdpSocket {
  tally: ReceivedTally = { frames: 0, bytes: 0, texts: [] };
  /** Whether frame texts are kept in `tally.texts` (off for benchmarks with many sockets). */
  keepTexts = true;
  readonly #socket: WebSocket;
  readonly #waiters = new Set<Waiter>();
  #nextId = 0;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return;
      const text = data.toString('utf8');
      let frame: unknown;
      try {
        frame = JSON.parse(text);
      } catch {
        return;
      }
      if (typeof frame !== 'object' || frame === null) return;
      const message = frame as Record<string, unknown>;
      if (message['msg'] === 'ping') {
        this.send({ msg: 'pong', ...(message['id'] !== undefined ? { id: message['id'] } : {}) });
        return;
      }
      if (message['msg'] === 'pong') return;
      this.tally.frames += 1;
      this.tally.bytes += data.byteLength;
      if (this.keepTexts) this.tally.texts.push(text);
      for (const waiter of [...this.#waiters]) {
        if (!waiter.matches(message)) continue;
        this.#waiters.delete(waiter);
        waiter.resolve(message);
      }
    });
  }

  /** Opens `/websocket` of the server at `rootUrl` and completes the DDP handshake. */
  static async open(rootUrl: string): Promise<RawDdpSocket> {
    const socket = new WebSocket(`${rootUrl.replace(/^http/, 'ws').replace(/\/$/, '')}/websocket`, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const raw = new RawDdpSocket(socket);
    const connected = raw.#next((frame) => frame['msg'] === 'connected' || frame['msg'] === 'failed');
    raw.send({ msg: 'connect', version: '1', support: ['1'] });
    const answer = await connected;
    if (answer['msg'] !== 'connected') throw new Error(`DDP handshake failed: ${JSON.stringify(answer)}`);
    return raw;
  }

  send(message: Record<string, unknown>): void {
    this.#socket.send(JSON.stringify(message));
  }

  /** Calls a method; resolves with its result, rejects with its error object. */
  async call(method: string, ...params: unknown[]): Promise<unknown> {
    const id = `m${(this.#nextId += 1)}`;
    const result = this.#next((frame) => frame['msg'] === 'result' && frame['id'] === id);
    this.send({ msg: 'method', id, method, params });
    const frame = await result;
    if (frame['error'] !== undefined) throw Object.assign(new Error(`${method} failed`), { error: frame['error'] });
    return frame['result'];
  }

  /** Signs in with a resume token. */
  async resume(token: string): Promise<void> {
    await this.call('login', { resume: token });
  }

  /** Subscribes; resolves once ready, rejects if the server answers `nosub`. */
  async subscribe(name: string, ...params: unknown[]): Promise<string> {
    const id = `s${(this.#nextId += 1)}`;
    const answer = this.#next(
      (frame) => (frame['msg'] === 'ready' && Array.isArray(frame['subs']) && frame['subs'].includes(id)) || (frame['msg'] === 'nosub' && frame['id'] === id),
    );
    this.send({ msg: 'sub', id, name, params });
    const frame = await answer;
    if (frame['msg'] === 'nosub') throw Object.assign(new Error(`subscription ${name} refused`), { error: frame['error'] });
    return id;
  }

  /** Starts a fresh tally (e.g. right before the action being measured). */
  resetTally(): void {
    this.tally = { frames: 0, bytes: 0, texts: [] };
  }

  close(): void {
    for (const waiter of this.#waiters) waiter.resolve({ msg: 'closed' });
    this.#waiters.clear();
    this.#socket.close();
  }

  #next(matches: (frame: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    return new Promise((resolve) => this.#waiters.add({ matches, resolve }));
  }
}
