import { debug } from './debug';
import { environmentBackend } from './environment-backend';
import { MeteorCoreError } from './meteor-core-error';

/** What to do when a bound function throws: log under a description, or call a handler. */
export type ExceptionHandler = string | ((error: unknown) => void);

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Captures the current environment (every EnvironmentVariable value) and returns a function
 * that runs `fn` inside it later, e.g. from a timer or a driver callback. Exceptions (and
 * rejections) are not rethrown: they go to `onException`, by default logged with
 * `Meteor._debug('Exception in <description>:', error)`, as in Meteor.
 */
export function bindEnvironment<A extends unknown[], R>(
  fn: (...args: A) => R,
  onException?: ExceptionHandler,
  thisArg?: unknown,
): (...args: A) => R | undefined {
  if (typeof fn !== 'function') {
    throw new MeteorCoreError('METEOR_BAD_ARGUMENT', 'Meteor.bindEnvironment expects a function');
  }
  let handle: (error: unknown) => void;
  if (onException === undefined || typeof onException === 'string') {
    const description = onException ?? 'callback of async function';
    handle = (error) => debug(`Exception in ${description}:`, error);
  } else if (typeof onException === 'function') {
    handle = onException;
  } else {
    throw new MeteorCoreError('METEOR_BAD_ARGUMENT', 'onException argument must be a function, string or undefined for Meteor.bindEnvironment().');
  }
  const backend = environmentBackend();
  const captured = backend.current();
  return function bound(this: unknown, ...args: A): R | undefined {
    try {
      const result = backend.run(captured, () => fn.apply(thisArg ?? this, args));
      if (isPromiseLike(result)) {
        return Promise.resolve(result).catch((error: unknown) => {
          handle(error);
          return undefined;
        }) as R;
      }
      return result;
    } catch (error) {
      handle(error);
      return undefined;
    }
  };
}
