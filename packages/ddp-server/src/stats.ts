/**
 * What `GET /__perseid/stats` reports. ddp-server knows sessions, subscriptions and traffic;
 * other packages add sections through `registerStatsProvider` (the mongo package reports its
 * observers by driver and collection, and change-stream lag) without ddp-server importing them.
 * Only admins may read it (stats-access), and no section carries a URL with credentials.
 */
import { redactJson, redactUrlCredentials } from './redact-credentials';
import type { Server } from './server';

export type StatsProvider = () => unknown;

const providers = new Map<string, StatsProvider>();

/** Adds (or replaces) a named section of the stats report; returns a stop() safe to call twice. */
export function registerStatsProvider(name: string, provider: StatsProvider): { stop(): void } {
  providers.set(name, provider);
  return {
    stop: () => {
      if (providers.get(name) === provider) providers.delete(name);
    },
  };
}

export interface DdpServerStats {
  sessions: { total: number; attached: number; detached: number };
  subscriptionsByName: Record<string, number>;
  messagesIn: number;
  messagesOut: number;
  bytesOut: number;
  messagesInPerSecond: number;
  messagesOutPerSecond: number;
  bytesOutPerSecond: number;
  framesEncoded: number;
  framesShared: number;
  [section: string]: unknown;
}

export function collectStats(server: Server): DdpServerStats {
  let attached = 0;
  let detached = 0;
  const subscriptionsByName: Record<string, number> = {};
  for (const session of server.sessions.values()) {
    if (session.state === 'attached') attached += 1;
    else if (session.state === 'detached') detached += 1;
    for (const name of session.subscriptionNames()) subscriptionsByName[name] = (subscriptionsByName[name] ?? 0) + 1;
  }
  const traffic = server.traffic;
  const stats: DdpServerStats = {
    sessions: { total: server.sessions.size, attached, detached },
    subscriptionsByName,
    messagesIn: traffic.messagesIn,
    messagesOut: traffic.messagesOut,
    bytesOut: traffic.bytesOut,
    ...traffic.rates(),
    framesEncoded: server.encoder.encoded,
    framesShared: server.encoder.reused,
  };
  for (const [name, provider] of providers) {
    try {
      // Sections are JSON (what the route sends) with connection-string credentials blanked.
      stats[name] = redactJson(provider());
    } catch (error) {
      stats[name] = { error: redactUrlCredentials(error instanceof Error ? error.message : String(error)) };
    }
  }
  return stats;
}
