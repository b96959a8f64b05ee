import type { Transport, TransportHandlers, TransportSocket } from './transport';

/** The part of the WHATWG WebSocket API (also implemented by `ws`) this transport uses. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code?: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

const OPEN = 1;

/** DDP over a raw WebSocket at `/websocket`, in the browser or in Node through `ws`. */
export class WebSocketTransport implements Transport {
  readonly #WebSocketImpl: WebSocketConstructor;

  constructor(WebSocketImpl: WebSocketConstructor) {
    this.#WebSocketImpl = WebSocketImpl;
  }

  open(url: string, handlers: TransportHandlers): TransportSocket {
    const ws = new this.#WebSocketImpl(toWebSocketUrl(url));
    let closed = false;
    const finish = (reason: string) => {
      if (closed) return;
      closed = true;
      ws.onopen = ws.onmessage = ws.onclose = null;
      // Kept as a no-op: `ws` throws on an error event nobody listens to (e.g. close() while connecting).
      ws.onerror = () => {};
      handlers.onClose(reason);
    };
    ws.onopen = () => handlers.onOpen();
    ws.onmessage = (event) => {
      if (typeof event.data === 'string') handlers.onMessage(event.data);
      else if (event.data instanceof ArrayBuffer) handlers.onMessage(new TextDecoder().decode(event.data));
      else if (ArrayBuffer.isView(event.data)) handlers.onMessage(new TextDecoder().decode(event.data));
      else handlers.onMessage(String(event.data));
    };
    ws.onclose = (event) => finish(`socket closed${event.code === undefined ? '' : ` (${event.code}${event.reason ? ` ${event.reason}` : ''})`}`);
    ws.onerror = () => finish('socket error');
    return {
      send: (frame) => {
        if (!closed && ws.readyState === OPEN) ws.send(frame);
      },
      close: () => {
        if (closed) return;
        finish('closed by client');
        try {
          ws.close();
        } catch {
          // A socket still CONNECTING may refuse close() in some implementations; it is abandoned either way.
        }
      },
    };
  }
}

/**
 * Accepts what apps pass to DDP.connect: `http(s)://host[/path]`, `ws(s)://…`, or a bare
 * host. DDP's raw-WebSocket endpoint is `/websocket` under the app's root path.
 */
export function toWebSocketUrl(url: string): string {
  if (typeof url !== 'string' || url.trim() === '') throw new TypeError('DDP URL must be a non-empty string');
  let u = url.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) u = `http://${u}`;
  const parsed = new URL(u);
  switch (parsed.protocol) {
    case 'http:':
      parsed.protocol = 'ws:';
      break;
    case 'https:':
      parsed.protocol = 'wss:';
      break;
    case 'ws:':
    case 'wss:':
      break;
    default:
      throw new TypeError(`unsupported DDP URL scheme ${parsed.protocol}`);
  }
  if (!parsed.pathname.endsWith('/websocket')) {
    parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}/websocket`;
  }
  return parsed.toString();
}
