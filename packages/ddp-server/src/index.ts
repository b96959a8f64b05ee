/**
 * @perseid/ddp-server — Meteor's DDP server: sessions over WebSocket, publications with a
 * per-session mergebox and publication strategies, methods with write fences, session
 * resumption, a rate-limiter hook and a stats endpoint.
 */
import { Meteor } from '@perseid/meteor-core';
import { Server } from './server';
import { subscriptionLimitsFromSettings } from './subscription-limits';
import { connectionLimitsFromSettings } from './connection-admission';
import { DEFAULT_INBOUND_LIMITS } from './inbound-throttle';
import { packageLimitsFromSettings } from './package-settings';
import { DEFAULT_METHOD_REPLAY_LIMITS } from './method-replay-log';
import { collectStats, type DdpServerStats } from './stats';
import { mountStatsRoute as mountStatsRouteOn, type RouteHost, type StatsRouteOptions } from './stats-route';
import { mountMetricsRoute as mountMetricsRouteOn, type MetricsRouteOptions } from './metrics-route';

export { Server, type PublishOptions, type ServerOptions, type ConnectionCallback, type ServerState } from './server';
export { GOING_AWAY, type AttachOptions, type AttachedStream } from './stream-server';
export { Session, type SessionState, type MethodHandler } from './session';
export { Subscription, type PublishHandler, type SubscriptionState } from './subscription';
export type { PublishableCursor } from './publishable-cursor';
export { MethodInvocation } from './method-invocation';
export type { ConnectionHandle } from './connection-handle';
export { WriteFence, type FenceWrite, type WriteFenceState } from './write-fence';
export { currentMethodInvocation, currentPublicationInvocation, currentWriteFence } from './environment';
export { randomStream } from './random-stream';
export { AUTOPUBLISH_WARNING, autopublish, enableAutopublishPackage, isAutopublishEnabled, type AutopublishTarget } from './autopublish';
export { publicationStrategies, type PublicationStrategy, type PublicationStrategyName } from './publication-strategies';
export type { RateLimitCheck, RateLimitInput } from './rate-limit';
export { ddpServerErrors, type DdpServerErrorCode } from './errors';
export { DEFAULT_SUBSCRIPTION_LIMITS, subscriptionLimitsFromSettings, type SubscriptionLimits, type SubscriptionLimitScope } from './subscription-limits';
export { registerStatsProvider, type DdpServerStats, type StatsProvider } from './stats';
export { STATS_PATH, type RouteHost, type StatsRouteOptions } from './stats-route';
export type { StatsAccess, StatsAccessDecision } from './stats-access';
export { METRICS_PATH, type MetricsRouteOptions } from './metrics-route';
export { enableMetrics, ServerMetrics, UNREGISTERED_NAME } from './metrics';
export { registerMetricsSource, type LoginMetrics, type MetricsSources, type ObserverMetrics } from './metrics-sources';
export type { MethodObserver, MethodOutcome } from './method-observer';
export { RefusalCounts, type RefusalKind } from './refusal-counts';
export { redactUrlCredentials } from './redact-credentials';
export { addressBlock } from './address-block';
export { DEFAULT_INBOUND_LIMITS, InboundThrottle, type InboundLimits, type InboundThrottleState } from './inbound-throttle';
export { ConnectionAdmission, DEFAULT_CONNECTION_LIMITS, connectionLimitsFromSettings, type Admission, type ConnectionLimits } from './connection-admission';
export type { Timers } from '@perseid/ddp-common';
export {
  boundedAnswer,
  DEFAULT_METHOD_REPLAY_LIMITS,
  type KeptAnswer,
  MAX_KEPT_ANSWER_BYTES,
  MethodReplayLog,
  type MethodReplayLimits,
  type MethodReplayStore,
  methodReplayKey,
  type ReplayAnswer,
  type ReplayClaim,
  UNTRACKED_CALL,
} from './method-replay-log';

/** The process's DDP server (Meteor.server); subscription and connection limits from `Meteor.settings.packages['ddp-server']`. */
export const server = new Server({
  ...subscriptionLimitsFromSettings(Meteor.settings),
  ...connectionLimitsFromSettings(Meteor.settings),
  ...packageLimitsFromSettings(Meteor.settings, DEFAULT_INBOUND_LIMITS),
  ...packageLimitsFromSettings(Meteor.settings, DEFAULT_METHOD_REPLAY_LIMITS),
});

export const publish: Server['publish'] = (name, handler, options) => server.publish(name, handler, options);
export const methods: Server['methods'] = (handlers) => server.methods(handlers);
export const callAsync: Server['callAsync'] = (name, ...args) => server.callAsync(name, ...args);
export const applyAsync: Server['applyAsync'] = (name, args) => server.applyAsync(name, args);
export const onConnection: Server['onConnection'] = (callback) => server.onConnection(callback);
export const setPublicationStrategy: Server['setPublicationStrategy'] = (collection, strategy) => server.setPublicationStrategy(collection, strategy);

/** Stats of the default server (or of `target`). */
export function ddpServerStats(target: Server = server): DdpServerStats {
  return collectStats(target);
}

/** Mounts `GET /__perseid/stats` for the default server (or `options.server`) on an Express app. */
export function mountStatsRoute(app: RouteHost, options: StatsRouteOptions & { server?: Server } = {}): void {
  mountStatsRouteOn(app, options.server ?? server, options);
}

/** Mounts `GET /__perseid/metrics` (Prometheus) for the default server (or `options.server`); admin-only like the stats. */
export function mountMetricsRoute(app: RouteHost, options: MetricsRouteOptions & { server?: Server } = {}): void {
  mountMetricsRouteOn(app, options.server ?? server, options);
}
