import type { Channel } from './collection';

/** Where a send finds the channel it posts to without a read; the server start-up installs one. */
export interface ChannelLookup {
  /** The channel as last seen, or undefined when not known (the caller reads the database). */
  get(channelId: string): Promise<Channel | undefined>;
  stop(): void;
}

let installed: ChannelLookup | null = null;

/** Installs `next` (null: none, every send reads) and returns the one it replaces, not stopped. */
export function setChannelLookup(next: ChannelLookup | null): ChannelLookup | null {
  const previous = installed;
  installed = next;
  return previous;
}

export function channelLookup(): ChannelLookup | null {
  return installed;
}
