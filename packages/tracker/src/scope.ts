import type { Computation } from './computation';

/**
 * Which computation is collecting dependencies right now. Module state is deliberate: like
 * Meteor's Tracker, there is one reactive scope per JavaScript realm.
 */
let current: Computation | null = null;

/** Computations being run (first run or rerun), innermost last; non-empty means "in compute". */
let computeDepth = 0;

export function currentComputation(): Computation | null {
  return current;
}

export function isComputing(): boolean {
  return computeDepth > 0;
}

/**
 * Runs `fn` with `computation` as the current computation (null: none), restoring the previous
 * one when `fn` returns. For an async `fn` only the part before its first `await` is covered:
 * call `withComputation` again after each await to keep collecting dependencies.
 */
export function withComputation<R>(computation: Computation | null, fn: () => R): R {
  const previous = current;
  current = computation;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

/** Marks the duration of a computation's own function (flushing inside it is an error). */
export function computing<R>(fn: () => R): R {
  computeDepth += 1;
  try {
    return fn();
  } finally {
    computeDepth -= 1;
  }
}

/** Runs `fn` with no current computation: reactive reads inside it are not tracked. */
export function nonreactive<R>(fn: () => R): R {
  return withComputation(null, fn);
}
