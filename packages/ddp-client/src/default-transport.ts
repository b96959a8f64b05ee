import type { Transport } from './transport';

let factory: (() => Transport) | undefined;

/** Installed by the side's entry point: `ws` on Node, the page's WebSocket in browsers. */
export function setDefaultTransport(create: () => Transport): void {
  factory = create;
}

export function defaultTransport(): Transport {
  if (factory === undefined) throw new Error('No WebSocket implementation is installed; pass { transport } to DDP.connect');
  return factory();
}
