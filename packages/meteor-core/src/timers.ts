import { bindEnvironment } from './bind-environment';
import { MeteorCoreError } from './meteor-core-error';

/** The timer functions Meteor's timers sit on; tests pass a fake, the runtime passes globalThis. */
export interface TimerHost<Handle> {
  setTimeout(fn: () => void, ms: number): Handle;
  clearTimeout(handle: Handle): void;
  setInterval(fn: () => void, ms: number): Handle;
  clearInterval(handle: Handle): void;
  /** Runs `fn` soon, after pending I/O; `setTimeout(fn, 0)` when absent. */
  setImmediate?(fn: () => void): unknown;
}

export interface MeteorTimers<Handle> {
  setTimeout(fn: () => unknown, delay?: number): Handle;
  setInterval(fn: () => unknown, delay?: number): Handle;
  clearTimeout(handle: Handle): void;
  clearInterval(handle: Handle): void;
  defer(fn: () => unknown): void;
}

function requireFunction(fn: unknown, name: string): void {
  if (typeof fn !== 'function') throw new MeteorCoreError('METEOR_BAD_ARGUMENT', `Meteor.${name} expects a function`);
}

/**
 * Meteor's timers: callbacks run in the environment of the caller (bindEnvironment), and an
 * exception is reported through `Meteor._debug` instead of crashing the process.
 */
export function createTimers<Handle>(host: TimerHost<Handle>): MeteorTimers<Handle> {
  return {
    setTimeout(fn, delay = 0) {
      requireFunction(fn, 'setTimeout');
      return host.setTimeout(bindEnvironment(fn, 'setTimeout callback'), delay);
    },
    setInterval(fn, delay = 0) {
      requireFunction(fn, 'setInterval');
      return host.setInterval(bindEnvironment(fn, 'setInterval callback'), delay);
    },
    clearTimeout: (handle) => host.clearTimeout(handle),
    clearInterval: (handle) => host.clearInterval(handle),
    defer(fn) {
      requireFunction(fn, 'defer');
      const bound = bindEnvironment(fn, 'defer callback');
      if (host.setImmediate) host.setImmediate(bound);
      else host.setTimeout(bound, 0);
    },
  };
}

/** The platform's own timers. */
export type PlatformTimerHandle = ReturnType<typeof globalThis.setTimeout>;

export function platformTimerHost(): TimerHost<PlatformTimerHandle> {
  const g = globalThis as typeof globalThis & { setImmediate?: (fn: () => void) => unknown };
  return {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle),
    setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
    clearInterval: (handle) => globalThis.clearInterval(handle),
    ...(typeof g.setImmediate === 'function' ? { setImmediate: (fn: () => void) => g.setImmediate?.(fn) } : {}),
  };
}
