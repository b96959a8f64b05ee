export { Tracker } from './tracker';
export { Computation, type ComputationFunction, type ComputationOptions } from './computation';
export { Dependency } from './dependency';
export { defaultFlushScheduler, type FlushScheduler, type FlushOptions } from './flush';
export { TrackerError, type TrackerErrorCode } from './tracker-error';
