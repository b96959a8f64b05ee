import type { ClientMethodInvocation } from './client-method-invocation';

/**
 * The stub invocation running right now (Meteor's DDP._CurrentMethodInvocation on the
 * client). A plain slot, not an async context: async stubs run one at a time (see the
 * stub queue in Connection), so while one is pending it is the only candidate.
 */
let current: ClientMethodInvocation | undefined;

export function currentInvocation(): ClientMethodInvocation | undefined {
  return current;
}

export function withInvocation<T>(invocation: ClientMethodInvocation | undefined, fn: () => T): T {
  const previous = current;
  current = invocation;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

/** For async stubs: installs `invocation` until the returned restore function is called. */
export function enterInvocation(invocation: ClientMethodInvocation): () => void {
  const previous = current;
  current = invocation;
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    current = previous;
  };
}
