// The part of the `sockjs` server package (the one Meteor serves DDP with) this package uses.
declare module 'sockjs' {
  import type { EventEmitter } from 'node:events';
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { Duplex } from 'node:stream';

  export interface ServerOptions {
    prefix?: string;
    websocket?: boolean;
    heartbeat_delay?: number;
    disconnect_delay?: number;
    response_limit?: number;
    jsessionid?: boolean;
    log?: (severity: string, line: string) => void;
    faye_server_options?: { maxLength?: number };
    sockjs_url?: string;
  }

  /** Answers a request or upgrade under the prefix (true), or leaves it (false). */
  export type Handler = (request: IncomingMessage, response: ServerResponse | Duplex, head?: Buffer) => boolean;

  export interface Connection extends EventEmitter {
    readonly id: string;
    readonly remoteAddress?: string;
    readonly headers: Record<string, string | string[] | undefined>;
    readonly readyState: number;
    readonly protocol: string;
    write(message: string): boolean;
    close(code?: number, reason?: string): boolean;
    destroy(): void;
  }

  export interface Listener {
    getHandler(): Handler;
  }

  export interface Server extends EventEmitter {
    listener(options?: ServerOptions): Listener;
    on(event: 'connection', listener: (connection: Connection | null) => void): this;
  }

  /** The CommonJS module object (what a default import of it gives). */
  const sockjs: { createServer(options?: ServerOptions): Server };
  export default sockjs;
}
