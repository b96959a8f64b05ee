// Minimal typings for the third-party DDP clients the conformance tests drive.
declare module 'ddp.js' {
  interface DdpJsOptions {
    endpoint: string;
    SocketConstructor: unknown;
    autoConnect?: boolean;
    autoReconnect?: boolean;
    reconnectInterval?: number;
  }
  export default class DDP {
    constructor(options: DdpJsOptions);
    status: 'connected' | 'disconnected';
    connect(): void;
    disconnect(): void;
    method(name: string, params: unknown[]): string;
    sub(name: string, params: unknown[], id?: string | null): string;
    unsub(id: string): string;
    on(event: string, listener: (message: Record<string, unknown>) => void): void;
  }
}

declare module 'simpleddp' {
  interface SimpleDdpOptions {
    endpoint: string;
    SocketConstructor: unknown;
    reconnectInterval?: number;
    autoReconnect?: boolean;
    autoConnect?: boolean;
    maxTimeout?: number;
  }
  interface SimpleDdpSubscription {
    ready(): Promise<void>;
    stop(): Promise<void>;
    isReady(): boolean;
  }
  interface SimpleDdpCollection {
    fetch(): Array<Record<string, unknown>>;
  }
  export default class SimpleDDP {
    constructor(options: SimpleDdpOptions);
    connected: boolean;
    connect(): Promise<void>;
    disconnect(): Promise<void>;
    call(method: string, ...args: unknown[]): Promise<unknown>;
    apply(method: string, args: unknown[]): Promise<unknown>;
    subscribe(name: string, ...args: unknown[]): Promise<SimpleDdpSubscription>;
    sub(name: string, args?: unknown[]): SimpleDdpSubscription;
    collection(name: string): SimpleDdpCollection;
  }
}

declare module 'sockjs-client' {
  interface SockJsClientOptions {
    transports?: string | string[];
    timeout?: number;
  }
  export default class SockJS {
    constructor(url: string, protocols?: null, options?: SockJsClientOptions);
    readonly readyState: number;
    readonly transport: string;
    onopen: (() => void) | null;
    onmessage: ((event: { data: string }) => void) | null;
    onclose: ((event: { code: number; reason: string }) => void) | null;
    send(data: string): void;
    close(code?: number, reason?: string): void;
  }
}

// An independent parser of the Prometheus text format, to check the metrics endpoint's output.
declare module 'parse-prometheus-text-format' {
  interface PrometheusSample {
    value?: string;
    labels?: Record<string, string>;
    buckets?: Record<string, string>;
    count?: string;
    sum?: string;
  }
  interface PrometheusFamily {
    name: string;
    help: string;
    type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    metrics: PrometheusSample[];
  }
  export default function parsePrometheusTextFormat(text: string): PrometheusFamily[];
}
