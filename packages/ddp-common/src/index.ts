/**
 * @perseid/ddp-common — what both ends of a DDP connection share (Meteor's ddp-common): the
 * heartbeat, the injected clock, the shape of a method invocation, and the boundary that turns
 * whatever server code throws into the error a client may see.
 */
export { Heartbeat, type HeartbeatOptions, type HeartbeatState } from './heartbeat';
export { realTimers, backgroundTimers, type Timers } from './timers';
export type { MethodInvocationContext } from './method-invocation-context';
export { toClientError, toWireError, clientError, meteorErrorFromWire } from './client-error';
export { benchStagesOn, stampBenchStage } from './bench-stages';
